// The setup (infra/bootstrap.mjs) on a fresh machine: `npm install` there may rewrite
// package-lock.json (another platform's optional packages); the setup puts it back, so
// `npm start` leaves the checkout clean. Run in a copy, with an `npm` that rewrites the
// lock and a `python3` that stops the setup at its next step.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'pitstop-bootstrap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the setup on a fresh machine', () => {
  it('leaves package-lock.json as checked out, content and time, after npm install rewrote it', () => {
    mkdirSync(join(dir, 'infra'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(projectRoot, 'infra/bootstrap.mjs'), join(dir, 'infra/bootstrap.mjs'));
    const lock = '{"name":"pitstop-engine","lockfileVersion":3,"packages":{}}\n';
    writeFileSync(join(dir, 'package-lock.json'), lock);
    writeFileSync(join(dir, 'package.json'), '{"name":"pitstop-engine"}\n');
    const mtime = statSync(join(dir, 'package-lock.json')).mtimeMs;
    const fake = (name: string, body: string) => {
      writeFileSync(join(dir, 'bin', name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(dir, 'bin', name), 0o755);
    };
    fake('npm', 'echo "$@" > npm-args; echo "{\\"rewritten\\":true}" > package-lock.json; mkdir -p node_modules; echo {} > node_modules/.package-lock.json');
    fake('python3', 'exit 1');
    const r = spawnSync(process.execPath, [join(dir, 'infra/bootstrap.mjs')], { cwd: dir, env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` }, encoding: 'utf8' });
    expect(r.stderr).toMatch(/venv/); // stopped at the next step, as meant
    expect(readFileSync(join(dir, 'npm-args'), 'utf8')).toMatch(/^install .*--no-save/);
    expect(readFileSync(join(dir, 'package-lock.json'), 'utf8')).toBe(lock);
    // Its time kept too (to the millisecond), so the next start sees node_modules as current.
    expect(Math.abs(statSync(join(dir, 'package-lock.json')).mtimeMs - mtime)).toBeLessThanOrEqual(1);
    expect(statSync(join(dir, 'node_modules/.package-lock.json')).mtimeMs).toBeGreaterThanOrEqual(statSync(join(dir, 'package-lock.json')).mtimeMs);
  });

  it('waits for another apt to release its lock rather than failing at once', () => {
    expect(readFileSync(join(projectRoot, 'infra/bootstrap.mjs'), 'utf8')).toMatch(/DPkg::Lock::Timeout=\d+/);
  });
});
