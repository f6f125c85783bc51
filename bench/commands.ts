// Benchmark: the database commands and the CPU the worker's activities spend, counted, not
// timed, so the machine's load does not change them. On a fresh FerretDB, one after another:
// `--count` intakes of new families (`receiveContact`, with the notification's receipt), a
// later step on each (a decision recorded, with its audit entry), and the audit trail's
// sealer over everything they logged. Prints per intake / step / sealed entry: the commands
// sent (by kind), the most of them one had to send one after another (bench/in-turn.ts),
// and the process's CPU. Asserts nothing.
//   npx tsx bench/commands.ts [--count 100] [--trace] [--at-once 20] [--one-family]
// --one-family: every intake about the same family (the processes test's backlog): each a
// re-contact, appending to the same four people's histories.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createActivities } from '../activities/index.js';
import { freePort, projectRoot, startFerretDB } from '../infra/servers.js';
import { loadPolicy } from '../shared/config.js';
import type { NotificationReceipt } from '../shared/case/state.js';
import { connectDatabase } from '../shared/db/connect.js';
import { createStore } from '../shared/db/store.js';
import { caseIdFor } from '../shared/ids.js';
import { policeNotificationSchema } from '../shared/schemas/notification.js';
import { receivedCase } from '../workflows/case-record.js';
import { inTurn, longestChain, watchCommands } from './in-turn.js';
import { letters } from './synthetic.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '100' }, trace: { type: 'boolean' }, 'at-once': { type: 'string', default: '1' }, 'one-family': { type: 'boolean' } } });
const count = Number(values.count);
/** --at-once N: intakes (and later steps) N at a time, as a worker runs them (the hot logs' appends written together); in turn is then the group's. */
const atOnce = Number(values['at-once']);
const example = JSON.parse(readFileSync(join(projectRoot, '..', 'shared', 'examples', 'police-notification.json'), 'utf8'));
const receipt: NotificationReceipt = {
  action: 'notification.submit',
  actor: { id: 'police-system:HUM', name: 'HUM', role: 'police_system', agency: 'police', force: 'HUM' } as never,
  resource: 'POST /api/v1/notifications',
  outcome: 202,
};
const manager = { id: 'bench-manager', name: 'Bench Manager', role: 'front_door_manager', agency: 'front_door' };

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitstop-commands-'));
  const ferret = await startFerretDB({ port: await freePort(), dataDir });
  const { conn, models } = await connectDatabase(`${ferret.address}commands`, { monitorCommands: true });
  try {
    const store = createStore(models);
    const acts = createActivities({ store, policy: loadPolicy() });
    // Each command sent, and when it was sent and answered, for the commands each one waited for in turn.
    const { sent, spans } = watchCommands(conn.getClient());
    /** Runs `work` for each of `count`, one after another; prints commands and CPU per one. */
    async function measure(name: string, per: number, work: (i: number) => Promise<unknown>, at = atOnce) {
      sent.length = 0;
      const cpu = process.cpuUsage();
      const t = performance.now();
      const turns: number[] = [];
      for (let i = 0; i < count; i += at) {
        spans.length = 0;
        await Promise.all(Array.from({ length: Math.min(at, count - i) }, (_, j) => work(i + j)));
        turns.push(inTurn(spans));
      }
      turns.sort((a, b) => a - b);
      // --trace: the commands the last one sent one after another.
      if (values.trace) console.log(`  in turn: ${longestChain(spans).map((c) => c[2]).join(' → ')}`);
      const used = process.cpuUsage(cpu);
      const kinds = new Map<string, number>();
      for (const e of sent) {
        const key = `${e.commandName} ${e.command[e.commandName]}`;
        kinds.set(key, (kinds.get(key) ?? 0) + 1);
      }
      const each = (x: number) => (x / per).toFixed(1);
      console.log(`${name.padEnd(14)} ${each(sent.length)} commands, CPU ${each((used.user + used.system) / 1000)} ms, ${each(performance.now() - t)} ms each, in turn ${turns[Math.floor(turns.length / 2)]} (median; most ${turns.at(-1)})`);
      console.log(`  ${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${each(n)}`).join(', ')}`);
    }
    const cases: { caseId: string; status: unknown }[] = [];
    await measure('intake', count, async (i) => {
      const n = policeNotificationSchema.parse({
        ...example,
        policeReference: `HUM-CMD-${i}`,
        children: example.children.map((c: object) => ({ ...c, familyName: `Cmd${letters(values['one-family'] ? 0 : i)}` })),
        adults: example.adults.map((a: object) => ({ ...a, familyName: `Cmd${letters(values['one-family'] ? 0 : i)}` })),
      });
      const caseId = caseIdFor('HUM', n.policeReference);
      const receivedAt = new Date().toISOString();
      const received = receivedCase({ caseId, forceCode: 'HUM', policeReference: n.policeReference, incidentType: n.incident.type, receivedAt, maracReferralRequired: false });
      await acts.receiveContact({ caseId, receivedAt, notification: n, received, seq: 1, at: receivedAt, workflowRunId: `run-${i}`, receipt });
      cases.push({ caseId, status: { ...received, stage: 'awaiting_authorisation' } });
    });
    await measure('later step', count, async (i) => {
      const { caseId, status } = cases[i];
      const at = new Date().toISOString();
      await acts.recordCaseEvent({
        caseId,
        seq: 2,
        event: { type: 'decision_recorded', at, actor: manager, reason: 'Bench: the panel agreed.' } as never,
        status: status as never,
        audit: { action: 'decision.record', actor: manager, resource: `POST /api/v1/cases/${caseId}/decision`, outcome: 202 } as never,
      });
    });
    // Every entry logged above: two per case.
    let sealed = 0;
    await measure('sealer', 2 * count, async () => {
      if (sealed < 2 * count) sealed += (await store.sealAuditTrail()).sealed;
    }, 1);
    console.log(`sealed ${sealed} entries`);
  } finally {
    await conn.close();
    await ferret.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench commands: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
