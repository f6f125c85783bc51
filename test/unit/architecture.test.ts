// The engine's layers point one way: api → workflows/messages → shared ← activities; the
// worker wires workflows and activities; web pages go through the API. Read from the
// source's import lines (type imports too), so a new arrow back up, or a cycle between
// files, fails here before it spreads.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/servers.js';

const layers = ['api', 'workflows', 'activities', 'shared', 'worker', 'web'];

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const files = layers.flatMap((l) => sourceFiles(join(projectRoot, l)));
const rel = (abs: string) => relative(projectRoot, abs).replaceAll('\\', '/');

/** Each file's imports of the project's own files (relative specifiers), as project paths. */
const imports = new Map<string, string[]>(
  files.map((file) => {
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)].map((m) => m[1]);
    const targets = specifiers.map((s) => rel(resolve(dirname(file), s.replace(/\.js$/, '.ts'))));
    return [rel(file), targets];
  }),
);

const layerOf = (path: string) => path.split('/')[0];

describe('architecture', () => {
  it('reads the source', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(imports.get('workflows/contact.ts')).toContain('workflows/case.ts');
  });

  it('shared depends on nothing above it', () => {
    const up = [...imports].flatMap(([from, to]) => (layerOf(from) === 'shared' ? to.filter((t) => layerOf(t) !== 'shared').map((t) => `${from} → ${t}`) : []));
    expect(up).toEqual([]);
  });

  it('workflows depend on shared only (never on activities, the API or the worker)', () => {
    const bad = [...imports].flatMap(([from, to]) =>
      layerOf(from) === 'workflows' ? to.filter((t) => !['workflows', 'shared'].includes(layerOf(t))).map((t) => `${from} → ${t}`) : [],
    );
    expect(bad).toEqual([]);
  });

  it('activities depend on shared only (never on workflows or the API)', () => {
    const bad = [...imports].flatMap(([from, to]) =>
      layerOf(from) === 'activities' ? to.filter((t) => !['activities', 'shared'].includes(layerOf(t))).map((t) => `${from} → ${t}`) : [],
    );
    expect(bad).toEqual([]);
  });

  it('the API knows the workflows by their messages alone, and never the activities', () => {
    const bad = [...imports].flatMap(([from, to]) =>
      layerOf(from) === 'api'
        ? to.filter((t) => layerOf(t) === 'activities' || layerOf(t) === 'worker' || (layerOf(t) === 'workflows' && t !== 'workflows/messages.ts')).map((t) => `${from} → ${t}`)
        : [],
    );
    expect(bad).toEqual([]);
  });

  it('only the store reaches the database: mongoose and shared/db only through shared/db/store.ts, and never from workflows', () => {
    // The store's public module; every other file of shared/db is its inside.
    const store = 'shared/db/store.ts';
    // Outside the engine's layers, and why each may reach past the store.
    const allowed: Record<string, string> = {
      'bench/scale.ts': 'seeds a history of raw records through the models, as records kept before the store existed',
      'bench/floor-worker.ts': "the floor: the bare driver, none of the engine's code, to measure the stack beneath it",
      'infra/servers.ts': 'waits for FerretDB to answer before anything connects',
    };
    const checked = [...files, ...['bench', 'infra'].flatMap((d) => sourceFiles(join(projectRoot, d)))];
    const bad = checked.flatMap((file) => {
      const from = rel(file);
      if (from.startsWith('shared/db/') || from in allowed) return [];
      const source = readFileSync(file, 'utf8');
      const specifiers = [
        ...[...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]),
        ...[...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]),
      ];
      return specifiers.flatMap((s) => {
        const target = s.startsWith('.') ? rel(resolve(dirname(file), s.replace(/\.js$/, '.ts'))) : s;
        const intoDb = target.startsWith('shared/db/');
        const wrong =
          target === 'mongoose' || target.startsWith('mongoose/') || target === 'mongodb' ||
          (intoDb && (target !== store || layerOf(from) === 'workflows'));
        return wrong ? [`${from} → ${target}`] : [];
      });
    });
    expect(bad).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of imports.get(file) ?? []) if (imports.has(next)) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of imports.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
