// The audit trail's hash chain against the suite's FerretDB (shared/db/audit-chain.ts): the
// sealer chains entries in the order logged, once each, run after run and after a rebuild;
// `npm run audit:verify` recomputes the chain and names the first broken link when an
// entry is edited or deleted in the database directly.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Models } from '../../shared/db/models.js';
import { rebuildDatabase, type Store } from '../../shared/db/store.js';
import { testDatabase } from '../support/stack.js';

const run = promisify(execFile);
const actor = { id: 'u-chain', name: 'Test Manager', role: 'front_door_manager', agency: 'front_door' };
const at = (i: number) => new Date(Date.UTC(2027, 9, 1, 9, i));

let models: Models;
let store: Store;
let uri: string;
let close: () => Promise<void>;
beforeAll(async () => {
  const db = await testDatabase('audit_chain');
  ({ models, store } = db);
  uri = `${db.conn.getClient().options.hosts.map((h) => `mongodb://${h.host}:${h.port}`)[0]}/${db.conn.name}`;
  close = () => db.conn.close();
});
afterAll(async () => close?.());

const linkOf = async (n: number) => (await models.AuditChain.findById(`link#${n}`).lean())!;
/** `npm run audit:verify` against the test database: its exit code and what it said. */
async function verifyCommand(): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'infra/audit-verify.ts'], { env: { ...process.env, MONGODB_URI: uri } });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('the audit chain', () => {
  it('seals entries in the order logged, once each, on from where the last run stopped and after a rebuild', async () => {
    for (let i = 0; i < 5; i++) await store.appendAudit([{ at: at(i), actor, action: 'case.read', caseId: `C-CHAIN-${i}` }]);
    await store.appendAuditOnce('event:C-CHAIN-0:00002', { at: at(5), actor, action: 'case.decision.record', caseId: 'C-CHAIN-0', timelineEntry: 'C-CHAIN-0:00002', outcome: 200 });
    expect(await store.sealAuditTrail()).toEqual({ sealed: 6, links: 6 });
    expect(await store.sealAuditTrail()).toEqual({ sealed: 0, links: 6 });
    expect((await linkOf(5)).entryId).toBe('event:C-CHAIN-0:00002');
    // A run stopped after its round's links but before their markers: the next run marks them first, sealing nothing twice.
    const unmarked = [(await linkOf(4)).entryId, (await linkOf(5)).entryId];
    await models.AuditChain.deleteMany({ _id: { $in: unmarked.map((id) => `sealed:${id}`) } });
    expect(await store.sealAuditTrail()).toEqual({ sealed: 0, links: 6 });
    expect(await models.AuditChain.countDocuments({ _id: { $in: unmarked.map((id) => `sealed:${id}`) } })).toBe(2);

    // A rebuild renumbers the whole trail's log: what is sealed stays sealed once.
    await rebuildDatabase(uri);
    await store.appendAudit([{ at: at(6), actor, action: 'agenda.read' }]);
    expect(await store.sealAuditTrail()).toEqual({ sealed: 1, links: 7 });
    expect(await store.verifyAuditChain()).toMatchObject({ links: 7 });
    expect(await store.verifyAuditChain()).not.toHaveProperty('broken');
    const ok = await verifyCommand();
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('7 links hold');
  });

  it('names the first broken link when an entry is edited or deleted in the database', async () => {
    // Someone with database access rewrites who read a case…
    const edited = (await linkOf(3)).entryId;
    await models.Audit.updateOne({ _id: edited }, { $set: { 'actor.id': 'someone-else' } });
    expect((await store.verifyAuditChain()).broken).toEqual({ link: 3, entryId: edited, problem: 'entry edited' });
    const said = await verifyCommand();
    expect(said.code).toBe(1);
    expect(said.out).toContain(`BROKEN at link 3 (audit entry ${edited}): entry edited`);

    // …and deletes an earlier entry: the first broken link is named.
    const deleted = (await linkOf(1)).entryId;
    await models.Audit.deleteOne({ _id: deleted });
    expect((await store.verifyAuditChain()).broken).toEqual({ link: 1, entryId: deleted, problem: 'entry deleted' });

    // Deleting the link too leaves a gap the verifier names.
    await models.AuditChain.deleteOne({ _id: 'link#1' });
    expect((await store.verifyAuditChain()).broken).toEqual({ link: 1, problem: 'link missing' });
  });
});
