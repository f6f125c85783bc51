// The engine's layers point one way: api → workflows/messages → shared ← activities; the
// worker wires workflows and activities; the pages (web) reach the case through the API and
// take from it only its public types, roles and policy table; server, the composition
// root, is the one place that mounts both the API and the pages. Read from the
// source's import lines (type imports too), so a new arrow back up, or a cycle between
// files, fails here before it spreads.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/servers.js';

const layers = ['api', 'workflows', 'activities', 'shared', 'worker', 'web', 'server'];

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

const specifiersOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);

/** Each file's imports of the project's own files (relative specifiers), as project paths. */
const imports = new Map<string, string[]>(
  files.map((file) => {
    const targets = specifiersOf(file)
      .filter((s) => s.startsWith('.'))
      .map((s) => rel(resolve(dirname(file), s.replace(/\.js$/, '.ts'))));
    return [rel(file), targets];
  }),
);

/** Each file's imports of packages (mongoose, express, …). */
const packages = new Map<string, string[]>(files.map((file) => [rel(file), specifiersOf(file).filter((s) => !s.startsWith('.'))]));

const layerOf = (path: string) => path.split('/')[0];

describe('architecture', () => {
  it('reads the source', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(imports.get('workflows/contact.ts')).toContain('workflows/case.ts');
    expect(imports.get('server/app.ts')).toContain('web/routes.ts');
    expect(packages.get('web/routes.ts')).toContain('express');
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

  it('the API never imports the pages or the composition root', () => {
    const bad = [...imports].flatMap(([from, to]) =>
      layerOf(from) === 'api' ? to.filter((t) => ['web', 'server'].includes(layerOf(t))).map((t) => `${from} → ${t}`) : [],
    );
    expect(bad).toEqual([]);
  });

  it('the pages take from the API only its schemas (types), roles, tokens and policy table', () => {
    const permitted = (t: string) =>
      t.startsWith('api/schemas/') || ['api/auth/roles.ts', 'api/auth/tokens.ts', 'api/policies.ts'].includes(t);
    const bad = [...imports].flatMap(([from, to]) =>
      layerOf(from) === 'web'
        ? to
            .filter((t) => (layerOf(t) === 'api' && !permitted(t)) || ['workflows', 'activities', 'worker', 'server'].includes(layerOf(t)) || t.startsWith('shared/db/'))
            .map((t) => `${from} → ${t}`)
        : [],
    );
    expect(bad).toEqual([]);
  });

  it('the pages reach the case only through the API: no database driver, no commands or queries', () => {
    const bad = [...packages].flatMap(([from, to]) =>
      layerOf(from) === 'web' ? to.filter((p) => p === 'mongoose' || p === 'mongodb' || p.startsWith('@temporalio/')).map((p) => `${from} → ${p}`) : [],
    );
    expect(bad).toEqual([]);
  });

  it("the workflows evaluate no zod schema: the bundle runs its modules again for every workflow run", () => {
    // Value imports only: a type import is erased from the bundle.
    const valueSpecifiers = (file: string) =>
      [...readFileSync(join(projectRoot, file), 'utf8').matchAll(/^\s*(import|export)\b(?!\s+type\b)([^'"]*?)from\s+['"]([^'"]+)['"]/gm)]
        .filter(([, , names]) => !/^\s*\{[^}]*\}\s*$/.test(names) || /\{\s*(?!type\b)\w|,\s*(?!type\b)\w/.test(names))
        .map((m) => m[3]);
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file) || !file.endsWith('.ts')) return;
      reached.add(file);
      for (const s of valueSpecifiers(file)) if (s.startsWith('.')) visit(rel(resolve(dirname(join(projectRoot, file)), s.replace(/\.js$/, '.ts'))));
    };
    visit('workflows/index.ts');
    expect(reached.has('workflows/contact.ts')).toBe(true);
    const zod = [...reached].filter((f) => valueSpecifiers(f).some((s) => s === 'zod' || s.startsWith('zod/') || s.startsWith('@asteasolutions/')));
    expect(zod).toEqual([]);
  });

  it('only the composition root mounts the pages', () => {
    const bad = [...imports].flatMap(([from, to]) =>
      !['web', 'server'].includes(layerOf(from)) ? to.filter((t) => layerOf(t) === 'web' || layerOf(t) === 'server').map((t) => `${from} → ${t}`) : [],
    );
    expect(bad).toEqual([]);
  });

  it('only the store reaches the database: mongoose and shared/db only through shared/db/store.ts, and never from workflows', () => {
    // The store's public module; every other file of shared/db is its inside.
    const store = 'shared/db/store.ts';
    // Outside the engine's layers, and why each may reach past the store.
    const allowed: Record<string, string> = {
      'bench/scale.ts': 'seeds a history of raw records through the models, as records kept before the store existed',
      'bench/intake.ts': "seeds children's histories of a thousand earlier contacts as log slots, as records kept before",
      'bench/commands.ts': "counts the commands the store sends, with the driver's command monitoring",
      'bench/page-commands.ts': "counts the commands each page sends, with the driver's command monitoring",
      'bench/in-turn.ts': "watches the driver's command monitoring for the benches that count commands",
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

  it('keeps every production file within 300 lines: a longer one is two subjects', () => {
    const long = files.map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length - 1] as const).filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
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
