// `npm run backup` / `npm run restore -- <backup>`: the embedded default's data (what
// `npm start` keeps under PITSTOP_DATA_DIR, `.data/`): Temporal's SQLite file (every case's
// workflow, its timers and what it waits for) and FerretDB's SQLite files (the records),
// copied together, with the engine stopped (refused while its servers' ports are taken),
// so the two agree: a workflow never refers to a record the backup does not hold.
// A backup is a directory `pitstop-<UTC time>` under PITSTOP_BACKUP_DIR (`backups/`) with
// the files and `manifest.json` (each file's size and SHA-256, checked before a restore).
// A restore moves the data it replaces aside (`<data dir>.before-restore-<time>`), never
// deleting it. Production's stores have their own (docs/operations.md, "Backup and restore").
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { assertPortFree, projectRoot } from './servers.js';

interface Manifest {
  createdAt: string;
  files: { path: string; bytes: number; sha256: string }[];
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Temporal's file (with its WAL and shared memory, when left) and FerretDB's directory. */
function dataFiles(dataDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(dataDir, path));
    }
  };
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.startsWith('temporal.sqlite')) files.push(entry.name);
    if (entry.isDirectory() && entry.name === 'ferretdb') walk(join(dataDir, entry.name));
  }
  return files.sort();
}

/** Refused while `npm start` (or anything) holds the embedded servers' ports: stop the engine first. */
export async function assertEngineStopped(ports: { temporal: number; mongo: number }): Promise<void> {
  try {
    await assertPortFree(ports.temporal, 'the Temporal dev server', 'PITSTOP_TEMPORAL_PORT');
    await assertPortFree(ports.mongo, 'FerretDB', 'PITSTOP_MONGO_PORT');
  } catch (err) {
    throw new Error(`the engine is running (${err instanceof Error ? err.message : String(err)}): stop \`npm start\` first, so Temporal's and FerretDB's files agree`);
  }
}

/** Copies the data directory's Temporal and FerretDB files into a new backup; returns its path. */
export function backupData(dataDir: string, backupRoot: string): { dir: string; manifest: Manifest } {
  const files = existsSync(dataDir) ? dataFiles(dataDir) : [];
  if (!files.some((f) => f === 'temporal.sqlite') || !files.some((f) => f.startsWith('ferretdb'))) throw new Error(`no embedded data to back up in ${dataDir} (run \`npm start\` once)`);
  const dir = join(backupRoot, `pitstop-${stamp()}`);
  const manifest: Manifest = { createdAt: new Date().toISOString(), files: [] };
  for (const file of files) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    copyFileSync(join(dataDir, file), join(dir, file));
    manifest.files.push({ path: file, bytes: statSync(join(dir, file)).size, sha256: sha256(join(dir, file)) });
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return { dir, manifest };
}

/** Checks a backup against its manifest, moves the current data aside, and copies the backup in. */
export function restoreData(backupDir: string, dataDir: string): { movedAside?: string; files: number } {
  const manifestFile = join(backupDir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${backupDir} is not a backup (no manifest.json)`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  for (const f of manifest.files) {
    const path = join(backupDir, f.path);
    if (!existsSync(path) || statSync(path).size !== f.bytes || sha256(path) !== f.sha256) throw new Error(`the backup's ${f.path} does not match its manifest: nothing restored`);
  }
  let movedAside: string | undefined;
  if (existsSync(dataDir)) {
    movedAside = `${resolve(dataDir)}.before-restore-${stamp()}`;
    renameSync(dataDir, movedAside);
  }
  for (const f of manifest.files) {
    mkdirSync(join(dataDir, f.path, '..'), { recursive: true });
    copyFileSync(join(backupDir, f.path), join(dataDir, f.path));
  }
  return { movedAside, files: manifest.files.length };
}

async function main() {
  const [command, given] = process.argv.slice(2);
  const dataDir = resolve(process.env.PITSTOP_DATA_DIR ?? join(projectRoot, '.data'));
  const ports = { temporal: Number(process.env.PITSTOP_TEMPORAL_PORT ?? 7233), mongo: Number(process.env.PITSTOP_MONGO_PORT ?? 27017) };
  await assertEngineStopped(ports);
  if (command === 'backup') {
    const { dir, manifest } = backupData(dataDir, resolve(given ?? process.env.PITSTOP_BACKUP_DIR ?? join(projectRoot, 'backups')));
    const bytes = manifest.files.reduce((a, f) => a + f.bytes, 0);
    console.log(`backup: ${manifest.files.length} files, ${(bytes / 1e6).toFixed(1)} MB of ${dataDir} in ${dir}`);
  } else if (command === 'restore' && given) {
    const { movedAside, files } = restoreData(resolve(given), dataDir);
    console.log(`restore: ${files} files of ${basename(resolve(given))} into ${dataDir}${movedAside ? `; the data it replaced is kept in ${movedAside}` : ''}`);
  } else {
    throw new Error('usage: npm run backup [-- <directory>] | npm run restore -- <backup directory>');
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((err) => {
    console.error(`${process.argv[2] ?? 'backup'}: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
