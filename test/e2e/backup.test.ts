// `npm run backup` / `npm run restore` (infra/backup.ts) on the embedded default: a
// backup taken with the engine stopped, more work added, the backup restored: Temporal's
// workflows and FerretDB's records are as they were at the backup, and a command run
// while the servers hold their ports is refused.
import { Client, Connection } from '@temporalio/client';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertEngineStopped, backupData, restoreData } from '../../infra/backup.js';
import { freePort, projectRoot, startFerretDB, startTemporalDevServer } from '../../infra/servers.js';
import { loadPolicy } from '../../shared/config.js';
import { connectStore, contactKept } from '../../shared/db/store.js';
import { generateInto, generatorOptions } from '../../shared/generator/index.js';
import { planContacts } from '../../shared/generator/contacts.js';

const root = mkdtempSync(join(tmpdir(), 'pitstop-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dataDir = join(root, 'data');

async function engine(ports: { temporal: number; mongo: number }) {
  const temporal = await startTemporalDevServer({ port: ports.temporal, dbFile: join(dataDir, 'temporal.sqlite') });
  const ferret = await startFerretDB({ port: ports.mongo, dataDir: join(dataDir, 'ferretdb') });
  const uri = `mongodb://127.0.0.1:${ports.mongo}/pitstop`;
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const db = await connectStore(uri);
  return {
    uri,
    client,
    /** Workflows waiting (no worker polls this queue) and records kept. */
    counts: async () => {
      let workflows = 0;
      for await (const _ of client.workflow.list({ query: 'WorkflowType = "backupProbe"' })) workflows++;
      return { workflows, ...(await db.store.countRecords(['Contact', 'Notification', 'Audit'])) };
    },
    probe: (id: string) => client.workflow.start('backupProbe', { taskQueue: 'backup-probe', workflowId: id }),
    stop: async () => {
      await db.close();
      await connection.close();
      await ferret.stop();
      await temporal.stop();
    },
  };
}

describe('backup and restore of the embedded default', () => {
  it('restores the workflows and records as they were at the backup, and refuses while the engine runs', async () => {
    const ports = { temporal: await freePort(), mongo: await freePort() };
    const options = (seed: number) => generatorOptions(loadPolicy(), { seed, weeks: 1, perWeek: 8, hotspot: null });
    let e = await engine(ports);
    await generateInto(e.uri, options(11));
    for (const id of ['probe-1', 'probe-2', 'probe-3']) await e.probe(id);
    const atBackup = await eventuallyCounts(e.counts, (c) => c.workflows === 3);
    expect(atBackup.Contact).toBeGreaterThan(0);
    await expect(assertEngineStopped(ports)).rejects.toThrow(/the engine is running/);
    const refused = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'infra/backup.ts'), 'backup', join(root, 'refused')], {
      env: { ...process.env, PITSTOP_DATA_DIR: dataDir, PITSTOP_TEMPORAL_PORT: String(ports.temporal), PITSTOP_MONGO_PORT: String(ports.mongo) },
      encoding: 'utf8',
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/stop `npm start` first/);
    await e.stop();

    const { dir, manifest } = backupData(dataDir, join(root, 'backups'));
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['temporal.sqlite', expect.stringMatching(/^ferretdb\//)]));

    // More work after the backup: another week of contacts and two more workflows.
    e = await engine(ports);
    await generateInto(e.uri, options(12));
    for (const id of ['probe-4', 'probe-5']) await e.probe(id);
    const later = await eventuallyCounts(e.counts, (c) => c.workflows === 5);
    expect(later.Contact).toBeGreaterThan(atBackup.Contact);
    await e.stop();

    const restored = restoreData(dir, dataDir);
    expect(restored.movedAside).toMatch(/before-restore/);
    e = await engine(ports);
    try {
      expect(await eventuallyCounts(e.counts, (c) => c.workflows === 3)).toEqual(atBackup);
      const added = planContacts(options(12)).next().value!.caseId;
      expect(await contactKept(e.uri, added)).toBe(false);
      await expect(e.client.workflow.getHandle('probe-4').describe()).rejects.toThrow();
    } finally {
      await e.stop();
    }
  }, 180_000);
});

async function eventuallyCounts<T>(read: () => Promise<T>, ok: (c: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const c = await read();
    if (ok(c) || Date.now() > deadline) return c;
    await new Promise((r) => setTimeout(r, 250));
  }
}
