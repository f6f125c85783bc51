// Benchmark: the database commands each page a person waits for sends, counted (the load
// does not change them), against a `bench:scale --keep DIR` database: the pages and the API
// on one server as `npm run api` serves them, each page asked twice (the second is what
// a person asking again costs: the first finds this process's log ends cold); then the
// reads of the returns and the series (Annex A Lists 1 and 3 of a month and of a year, the
// series by week and by month), each asked twice in this process as the API would.
//   npx tsx bench/page-commands.ts --keep DIR [--only REGEX] [--trace PAGE] [--asks N]
// Each page's command count is followed by the most of them sent one after another (`in turn`,
// bench/in-turn.ts); --trace prints that chain for one page; --asks N asks each page N
// times (for a CPU profile: `node --cpu-prof --import tsx bench/page-commands.ts ...`).
import type { CommandStartedEvent } from 'mongodb';
import { parseArgs } from 'node:util';
import { loadAuthConfig } from '../api/auth/tokens.js';
import { signedInAtPages } from '../infra/http-browser.js';
import { startIdentityProvider } from '../infra/oidc-provider.js';
import { freePort, startFerretDB } from '../infra/servers.js';
import { createServer } from '../server/app.js';
import { loadPolicy } from '../shared/config.js';
import { connectDatabase } from '../shared/db/connect.js';
import { createStore } from '../shared/db/store.js';
import { caseIdFor } from '../shared/ids.js';
import { loadWebConfig } from '../web/config.js';
import { inTurn, longestChain, watchCommands } from './in-turn.js';
import { returnsReads, seriesReads } from './returns-series-reads.js';

const { values } = parseArgs({ options: { keep: { type: 'string' }, contacts: { type: 'string', default: '10000' }, trace: { type: 'string' }, only: { type: 'string' }, asks: { type: 'string', default: '2' } } });
const only = values.only ? new RegExp(values.only) : undefined;

/** The commands sent since `sent` was emptied: how many, and the most sent by kind and collection. */
function counted(sent: CommandStartedEvent[]): string {
  const by = new Map<string, number>();
  for (const e of sent) by.set(`${e.commandName} ${e.command[e.commandName]}`, (by.get(`${e.commandName} ${e.command[e.commandName]}`) ?? 0) + 1);
  return `${sent.length} (${[...by].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([c, n]) => `${c} ${n}`).join(', ')})`;
}
if (!values.keep) throw new Error('--keep DIR: a bench:scale --keep database');

async function main() {
  const ferret = await startFerretDB({ port: await freePort(), dataDir: values.keep! });
  const { conn, models } = await connectDatabase(`${ferret.address}scale`, { monitorCommands: true });
  // Each command sent, and when it was sent and answered: the commands that had to wait for one another.
  const { sent, spans } = watchCommands(conn.getClient());
  const store = createStore(models);
  const policy = loadPolicy();
  const N = Number(values.contacts);
  const newest = (await store.readContact<{ meetingDate: string }>(caseIdFor('HUM', `HUM-SEED-${N - 1}`), { meetingDate: 1 }))!;
  const middle = caseIdFor('HUM', `HUM-SEED-${Math.floor(N / 2)}`);
  const middleContact = (await store.readContact<{ meetingDate: string }>(middle, { meetingDate: 1 }))!;
  const port = await freePort();
  const provider = await startIdentityProvider({ port: await freePort(), webBaseUrls: [`http://127.0.0.1:${port}`] });
  const env = { ...process.env, OIDC_ISSUER: provider.address };
  const ctx = { temporal: undefined as never, taskQueue: 'bench', store, policy, auth: loadAuthConfig(env) };
  const server = createServer(ctx, { rateLimitPerMinute: 1e9, log: () => {}, web: loadWebConfig(env), warm: true }).listen(port, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  const base = `http://127.0.0.1:${port}`;
  const pages: [string, string, string][] = [
    ['agenda_of_today', 'dev-panel-chair', `/pitstop?date=${newest.meetingDate}`],
    ['agenda_of_a_past_meeting', 'dev-panel-chair', `/pitstop?date=${middleContact.meetingDate}`],
    ['minutes_of_a_day', 'dev-panel-chair', `/pitstop/minutes?date=${newest.meetingDate}`],
    ['case_page', 'dev-front-door-manager', `/cases/${middle}`],
    ['queue_awaiting_authorisation', 'dev-front-door-manager', '/queues/awaiting-authorisation'],
    ['case_list', 'dev-front-door-manager', '/cases'],
    ['case_list_by_stage', 'dev-front-door-manager', '/cases?stage=awaiting_decision'],
    ['figures', 'dev-front-door-manager', '/figures'],
    ['themes', 'dev-panel-chair', '/themes'],
    ['information_requests_of_health', 'dev-health-visitor', '/requests'],
  ];
  try {
    const cookies = new Map<string, string>();
    for (const [, user] of pages) if (!cookies.has(user)) cookies.set(user, (await signedInAtPages(base, user, '/figures')).cookie());
    for (const [name, user, path] of pages) {
      if (only && !only.test(name)) continue;
      const counts: string[] = [];
      for (let k = 0; k < Number(values.asks); k++) {
        sent.length = 0;
        spans.length = 0;
        const answer = await fetch(`${base}${path}`, { redirect: 'manual', headers: { cookie: cookies.get(user)!, accept: 'text/html' } });
        await answer.text();
        if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`);
        counts.push(`${sent.length}, ${inTurn(spans)} in turn ${counted(sent).slice(String(sent.length).length + 1)}`);
      }
      // --trace PAGE: the commands that page's second asking waited for one after another.
      if (values.trace === name) console.log(`  in turn: ${longestChain(spans).map((c) => c[2]).join(' → ')}`);
      console.log(`page ${name}: first ${counts[0]}; again ${counts[1]}${counts.length > 2 ? `; last ${counts.at(-1)}` : ''}`);
    }
    for (const [name, read] of returnsAndSeriesReads(store, policy, await newestSeededMonth(store, N))) {
      if (only && !only.test(name)) continue;
      const counts: string[] = [];
      for (let k = 0; k < 2; k++) {
        sent.length = 0;
        const rows = await read();
        counts.push(`${counted(sent)} for ${rows} rows`);
      }
      console.log(`query ${name}: first ${counts[0]}; again ${counts[1]}`);
    }
  } finally {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
    await provider.stop();
    await conn.close();
    await ferret.stop();
  }
}

/** The last whole month of the seeded history (the bench's "a month": the one before the newest contact's). */
async function newestSeededMonth(store: ReturnType<typeof createStore>, N: number): Promise<Date> {
  const newest = (await store.readContact<{ receivedAt: Date }>(caseIdFor('HUM', `HUM-SEED-${N - 1}`), { receivedAt: 1 }))!;
  const month = new Date(+newest.receivedAt - 30 * 86_400_000);
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1));
}

/** The returns and series reads of bench/scale.ts, each giving the number of rows it made. */
function returnsAndSeriesReads(store: ReturnType<typeof createStore>, policy: ReturnType<typeof loadPolicy>, monthStart: Date): [string, () => Promise<number>][] {
  // A list's rows, a series' points, the themes' trends.
  const rowsOf = (read: () => Promise<{ rows: unknown[] } | { points: unknown[] } | { trends: unknown[] }>) => async () => {
    const r = await read();
    return 'rows' in r ? r.rows.length : 'points' in r ? r.points.length : r.trends.length;
  };
  return [...returnsReads(store, policy, monthStart), ...seriesReads(store, policy, monthStart)].map(([name, read]) => [name, rowsOf(read as never)]);
}

main().catch((err) => {
  console.error(`bench page-commands: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
