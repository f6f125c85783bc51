// Keyed logs and the reads built on them, against the suite's FerretDB: many writers
// appending at once leave a gap-free log with every entry once; a case's timeline,
// partner information and audit trail read by `_id` give what the filtered queries gave.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { audit, type Caller } from '../../api/audit.js';
import { auditEntries } from '../../api/queries/audit.js';
import { caseTimeline, partnerContributions } from '../../api/queries/cases.js';
import { connectDatabase } from '../../shared/db/connect.js';
import { appendToLog, logLength, logLengths, readLog, readLogAgain, readLogPage } from '../../shared/db/keyed-log.js';
import { appendToLogOnce, appendToLogs, startLogs } from '../../shared/db/log-appends.js';
import { keepListEnds, listOrder, readListEnds } from '../../shared/db/log-ends.js';
import type { Models } from '../../shared/db/models.js';
import { createStore, rebuildDatabase, type Store } from '../../shared/db/store.js';
import { testDatabase } from '../support/stack.js';

let models: Models;
let store: Store;
let close: () => Promise<void>;
beforeAll(async () => {
  const db = await testDatabase('keyedlogs');
  models = db.models;
  store = createStore(models);
  close = () => db.conn.close();
});
afterAll(async () => close?.());

const caller = (id: string, resource = 'GET /api/v1/cases/:id'): Caller => ({
  principal: { id, name: `Test ${id}`, role: 'front_door_manager', agency: 'front_door' } as Caller['principal'],
  resource,
});

describe('a keyed log', () => {
  it('read again, gives what a whole read gives, reading only the slots appended since (another writer\'s included)', async () => {
    const key = `again-${Date.now()}`;
    await appendToLog(models.AuditLogEntry, key, Array.from({ length: 20 }, (_, i) => ({ entryId: `e${i}` })));
    expect((await readLogAgain<{ entryId: string }>(models.AuditLogEntry, key)).map((e) => e.entryId)).toEqual((await readLog<{ entryId: string }>(models.AuditLogEntry, key)).map((e) => e.entryId));
    // Appended by another process (its own models): read on from where this one stopped.
    const other = await connectDatabase(`${inject('mongoBaseUri')}${models.AuditLogEntry.db.name}`);
    try {
      await appendToLog(other.models.AuditLogEntry, key, [{ entryId: 'e20' }, { entryId: 'e21' }]);
    } finally {
      await other.conn.close();
    }
    const again = await readLogAgain<{ entryId: string; n: number }>(models.AuditLogEntry, key);
    expect(again.map((e) => e.n)).toEqual(Array.from({ length: 22 }, (_, i) => i));
    expect(await readLogAgain(models.AuditLogEntry, key)).toBe(again);
  });

  it('keeps every entry of 40 writers appending at once, in slots 0..39 with no gap', async () => {
    const key = `log-${Date.now()}`;
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendToLog(models.AuditLogEntry, key, [{ entryId: `e${i}` }])));
    const entries = await readLog<{ entryId: string; n: number }>(models.AuditLogEntry, key);
    expect(entries.map((e) => e.n)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(new Set(entries.map((e) => e.entryId)).size).toBe(40);
    expect(await logLength(models.AuditLogEntry, key)).toBe(40);
    // A wrong hint (a log dropped and made again) is not trusted.
    expect(await logLength(models.AuditLogEntry, `${key}-other`, 7)).toBe(0);
  });

  it('finds many logs\' ends together in a few reads, from hints that hold or not, past what a first read reaches', async () => {
    const stamp = Date.now();
    // Written as a build writes a log whole: one insert of its slots.
    const lengths = [0, 1, 2, 3, 5, 16, 17, 100, 1000, 5000];
    const keys = lengths.map((length, i) => `lengths-${stamp}-${i}`);
    for (const [i, key] of keys.entries()) {
      if (lengths[i] > 0) await models.AuditLogEntry.collection.insertMany(Array.from({ length: lengths[i] }, (_, n) => ({ _id: `${key}#${n}`, key, n }) as never));
    }
    const watched = await connectDatabase(inject('mongoBaseUri') + models.AuditLogEntry.db.name, { monitorCommands: true });
    try {
      const finds: unknown[] = [];
      watched.conn.getClient().on('commandStarted', (e) => e.commandName === 'find' && finds.push(e));
      // No hint; the true end as hint; a hint short of the end; a hint past it (a log dropped and made again).
      const hints = [undefined, (n: number) => n, (n: number) => Math.floor(n / 2), (n: number) => n + 5];
      for (const hint of hints) {
        const asked = keys.map((key, i) => ({ key, atLeast: hint?.(lengths[i]) }));
        finds.length = 0;
        expect(await logLengths(watched.models.AuditLogEntry, asked)).toEqual(lengths);
        // One read for all ten logs a round: a first, then one for each sixteenth the widest
        // gap (4,096 slots) narrows to, three; every hint the end: one; hints short of the end
        // or gone: one more (a first round reads two slots past a hint).
        expect(finds.length).toBeLessThanOrEqual([4, 1, 5, 5][hints.indexOf(hint)]);
        // Four doublings a round: the longest log (2^13) is passed in four rounds, one after another.
        expect(await logLengths(watched.models.AuditLogEntry, asked, 4)).toEqual(lengths);
      }
      for (const [i, key] of keys.entries()) expect(await logLength(watched.models.AuditLogEntry, key, lengths[i] > 0 ? 1 : 0)).toBe(lengths[i]);
    } finally {
      await watched.conn.close();
    }
  });

  it('written together while one append is under way, tells each writer its own slots', async () => {
    const key = `together-${Date.now()}`;
    const taken = await Promise.all(Array.from({ length: 30 }, (_, i) => appendToLog(models.AuditLogEntry, key, i % 3 === 0 ? [{ entryId: `e${i}a` }, { entryId: `e${i}b` }] : [{ entryId: `e${i}` }])));
    const entries = await readLog<{ entryId: string; n: number }>(models.AuditLogEntry, key);
    expect(entries.map((e) => e.n)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    taken.forEach((slots, i) => expect(slots.map((n) => entries[n].entryId)).toEqual(i % 3 === 0 ? [`e${i}a`, `e${i}b`] : [`e${i}`]));
  });

  it('logs each entry once when writers in two processes log entries at once, some of them the same entry (its marker)', async () => {
    const key = `once-${Date.now()}`;
    const other = await connectDatabase(inject('mongoBaseUri') + models.AuditLogEntry.db.name);
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => appendToLogOnce((i % 2 ? other.models : models).AuditLogEntry, key, `e${i % 30}`, { entryId: `e${i % 30}` }, i < 30)),
      );
    } finally {
      await other.conn.close();
    }
    const entries = await readLog<{ entryId: string; n: number }>(models.AuditLogEntry, key);
    expect(entries.map((e) => e.n)).toEqual(Array.from({ length: entries.length }, (_, i) => i));
    // Each of the 30 there; one logged again by a writer that checked its marker at the moment it was written may be there twice.
    expect(new Set(entries.map((e) => e.entryId)).size).toBe(30);
  });

  it('starts empty logs in one write, leaving a log another writer started to be appended the usual way', async () => {
    const key = `start-${Date.now()}`;
    await appendToLog(models.AuditLogEntry, `${key}-b`, [{ entryId: 'theirs' }]);
    const other = await connectDatabase(inject('mongoBaseUri') + models.AuditLogEntry.db.name);
    try {
      // Another process: it knows nothing of the log this one started.
      const started = await startLogs(other.models.AuditLogEntry, ['a', 'b', 'c'].map((k) => ({ key: `${key}-${k}`, slot: { entryId: `first-${k}` } })));
      expect(started).toEqual([true, false, true]);
      // A log this process started is appended after, unread.
      await appendToLog(other.models.AuditLogEntry, `${key}-a`, [{ entryId: 'second-a' }]);
    } finally {
      await other.conn.close();
    }
    expect((await readLog<{ entryId: string }>(models.AuditLogEntry, `${key}-a`)).map((e) => e.entryId)).toEqual(['first-a', 'second-a']);
    expect((await readLog<{ entryId: string }>(models.AuditLogEntry, `${key}-b`)).map((e) => e.entryId)).toEqual(['theirs']);
  });

  it('keeps every entry when writers in two processes (two connections) append at once', async () => {
    // Within a process appends to one log queue; across processes they race for slots.
    const other = await connectDatabase(inject('mongoBaseUri') + models.AuditLogEntry.db.name);
    try {
      const key = `two-${Date.now()}`;
      await Promise.all(Array.from({ length: 30 }, (_, i) =>
        appendToLog((i % 2 ? other.models : models).AuditLogEntry, key, [{ entryId: `t${i}` }])));
      const entries = await readLog<{ entryId: string; n: number }>(models.AuditLogEntry, key);
      expect(entries.map((e) => e.n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(new Set(entries.map((e) => e.entryId)).size).toBe(30);
    } finally {
      await other.conn.close();
    }
  });

  it('keeps every entry, each batch in its order, when processes append batches to one log at once (each batch one write until a slot is taken)', async () => {
    const other = await connectDatabase(inject('mongoBaseUri') + models.AuditLogEntry.db.name);
    try {
      const key = `batches-${Date.now()}`;
      const batch = (b: number) => Array.from({ length: 10 }, (_, i) => ({ entryId: `b${b}-${i}` }));
      await Promise.all(Array.from({ length: 6 }, (_, b) => appendToLog((b % 2 ? other.models : models).AuditLogEntry, key, batch(b))));
      const entries = await readLog<{ entryId: string; n: number }>(models.AuditLogEntry, key);
      expect(entries.map((e) => e.n)).toEqual(Array.from({ length: 60 }, (_, i) => i));
      expect(new Set(entries.map((e) => e.entryId)).size).toBe(60);
      for (let b = 0; b < 6; b++) expect(entries.filter((e) => e.entryId.startsWith(`b${b}-`)).map((e) => e.entryId)).toEqual(batch(b).map((e) => e.entryId));
    } finally {
      await other.conn.close();
    }
  });

  it("keeps every entry when processes append to many logs at once (one entry a log in one write; a slot taken goes on to the next)", async () => {
    const other = await connectDatabase(inject('mongoBaseUri') + models.AuditLogEntry.db.name);
    try {
      const keys = Array.from({ length: 12 }, (_, i) => `many-${Date.now()}-${i}`);
      // The first ten are a list's logs (its cases'); the last two are shared, as a user's and the whole trail's are.
      const listed = (key: string) => keys.indexOf(key) < 10;
      // Some logs have entries already; the last is given a batch.
      await appendToLog(models.AuditLogEntry, keys[0], [{ entryId: 'before-0' }, { entryId: 'before-1' }]);
      const logs = (w: number) => keys.map((key, i): [string, object[]] => [key, i === 11 ? [{ entryId: `w${w}-a` }, { entryId: `w${w}-b` }] : [{ entryId: `w${w}` }]]);
      await Promise.all(Array.from({ length: 4 }, (_, w) => appendToLogs((w % 2 ? other.models : models).AuditLogEntry, logs(w), listed)));
      for (const [i, key] of keys.entries()) {
        const entries = await readLog<{ entryId: string; n: number }>(models.AuditLogEntry, key);
        const expected = (i === 0 ? 2 : 0) + (i === 11 ? 8 : 4);
        expect(entries.map((e) => e.n)).toEqual(Array.from({ length: expected }, (_, n) => n));
        expect(new Set(entries.map((e) => e.entryId)).size).toBe(expected);
      }
    } finally {
      await other.conn.close();
    }
  });

  it('writes twenty appends at once to a shared log (a user\'s, the whole trail\'s) together, not racing for its slots', async () => {
    const watched = await connectDatabase(inject('mongoBaseUri') + models.AuditLogEntry.db.name, { monitorCommands: true });
    try {
      const stamp = Date.now();
      const [user, all] = [`user-${stamp}`, `all-${stamp}`];
      await appendToLog(models.AuditLogEntry, all, [{ entryId: 'before' }]);
      const sent: { commandName: string; command: Record<string, unknown> }[] = [];
      watched.conn.getClient().on('commandStarted', (e) => sent.push(e));
      // Twenty intakes at once: each its new case's log, the police system's and the whole trail's.
      const caseLog = (i: number) => `case-${stamp}-${i}`;
      await Promise.all(Array.from({ length: 20 }, (_, i) =>
        appendToLogs(watched.models.AuditLogEntry, [[caseLog(i), [{ entryId: `i${i}` }]], [user, [{ entryId: `i${i}` }]], [all, [{ entryId: `i${i}` }]]], (key) => key.startsWith('case-'), new Set([caseLog(i)]))));
      for (const [key, expected] of [[user, 20], [all, 21]] as const) {
        const entries = await readLog<{ entryId: string; n: number }>(models.AuditLogEntry, key);
        expect(entries.map((e) => e.n)).toEqual(Array.from({ length: expected }, (_, n) => n));
        expect(new Set(entries.map((e) => e.entryId)).size).toBe(expected);
      }
      for (let i = 0; i < 20; i++) expect((await readLog<{ entryId: string }>(models.AuditLogEntry, caseLog(i))).map((e) => e.entryId)).toEqual([`i${i}`]);
      // The first append to each shared log goes alone (in its one write to the three logs),
      // the other nineteen together after it; raced for, most would find their slot taken
      // and search the log's end again.
      const slotsOf = (key: string) => (c: { command: Record<string, unknown> }) => JSON.stringify(c.command).includes(`"${key}#`);
      for (const key of [user, all]) {
        expect(sent.filter((c) => c.commandName === 'insert').filter(slotsOf(key)).length).toBeLessThanOrEqual(2);
        expect(sent.filter((c) => c.commandName === 'find').filter(slotsOf(key)).length).toBeLessThanOrEqual(4);
      }
    } finally {
      await watched.conn.close();
    }
  });

  it("keeps a list's logs' ends together, and appends gap-free from them in other processes, even when they lag behind", async () => {
    const keys = Array.from({ length: 10 }, (_, i) => `list-${Date.now()}-${i}`);
    const listed = (key: string) => key.startsWith('list-');
    const once = (w: number): [string, object[]][] => keys.map((key) => [key, [{ entryId: `w${w}` }]]);
    // Logs of different lengths, then the list appended to by this process: their ends kept.
    await Promise.all(keys.map((key, i) => appendToLog(models.AuditLogEntry, key, Array.from({ length: i * 7 }, (_, n) => ({ entryId: `before-${n}` })))));
    await appendToLogs(models.AuditLogEntry, once(0), listed);
    expect([...(await readListEnds(models.AuditLogEntry, listOrder(keys))).values()].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i * 7 + 1));
    // Kept ends behind the logs (a lost update): appends from them find the slots taken and go on.
    await keepListEnds(models.AuditLogEntry, listOrder(keys), keys.map(() => 1));
    const processes = await Promise.all([0, 1, 2].map(() => connectDatabase(inject('mongoBaseUri') + models.AuditLogEntry.db.name)));
    try {
      // Three processes that never appended to these logs, and this one, at once, twice each.
      for (const round of [1, 2]) {
        await Promise.all([models, ...processes.map((p) => p.models)].map((m, w) => appendToLogs(m.AuditLogEntry, once(round * 10 + w), listed)));
      }
    } finally {
      await Promise.all(processes.map((p) => p.conn.close()));
    }
    for (const [i, key] of keys.entries()) {
      const entries = await readLog<{ entryId: string; n: number }>(models.AuditLogEntry, key);
      expect(entries.map((e) => e.n)).toEqual(Array.from({ length: i * 7 + 9 }, (_, n) => n));
      expect(new Set(entries.map((e) => e.entryId)).size).toBe(i * 7 + 9);
    }
    // Where they end now, kept for the next asking (never past the end).
    const kept = await readListEnds(models.AuditLogEntry, listOrder(keys));
    for (const [i, key] of keys.entries()) expect(kept.get(key)).toBeLessThanOrEqual(i * 7 + 9);
  });

  it("appended from kept ends behind its logs (another list appended to them since), searches and writes them again together, not log by log", async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `lagging-${Date.now()}-${i}`);
    const listed = (key: string) => key.startsWith('lagging-');
    await Promise.all(keys.map((key, i) => appendToLog(models.AuditLogEntry, key, Array.from({ length: 5 + i * 30 }, (_, n) => ({ entryId: `before-${n}` })))));
    await keepListEnds(models.AuditLogEntry, listOrder(keys), keys.map(() => 2));
    const watched = await connectDatabase(inject('mongoBaseUri') + models.AuditLogEntry.db.name, { monitorCommands: true });
    try {
      const sent: { commandName: string }[] = [];
      watched.conn.getClient().on('commandStarted', (e) => sent.push(e));
      await appendToLogs(watched.models.AuditLogEntry, keys.map((key) => [key, [{ entryId: 'now' }]]), listed);
      // The kept ends read, a write finding every slot taken, the ends searched together
      // (a first read and two narrowing ones), the write again, the ends kept.
      expect(sent.filter((c) => c.commandName === 'insert').length).toBe(2);
      expect(sent.filter((c) => c.commandName === 'find').length).toBeLessThanOrEqual(5);
    } finally {
      await watched.conn.close();
    }
    for (const [i, key] of keys.entries()) {
      const entries = await readLog<{ entryId: string; n: number }>(models.AuditLogEntry, key);
      expect(entries.map((e) => e.n)).toEqual(Array.from({ length: 6 + i * 30 }, (_, n) => n));
      expect(entries.at(-1)!.entryId).toBe('now');
    }
  });

  it('finds its end by search and reads a page newest first', async () => {
    const key = `paged-${Date.now()}`;
    await appendToLog(models.AuditLogEntry, key, Array.from({ length: 23 }, (_, i) => ({ entryId: `p${i}` })));
    expect(await logLength(models.AuditLogEntry, key)).toBe(23);
    const ids = async (page: number) => (await readLogPage<{ entryId: string }>(models.AuditLogEntry, key, page, 10)).map((e) => e.entryId);
    expect(await ids(1)).toEqual(['p22', 'p21', 'p20', 'p19', 'p18', 'p17', 'p16', 'p15', 'p14', 'p13']);
    expect(await ids(3)).toEqual(['p2', 'p1', 'p0']);
    expect(await ids(4)).toEqual([]);
  });
});

describe('a case page read by _id', () => {
  it('reads the timeline in order past a short gap, and each partner contribution named by it', async () => {
    const caseId = `C-KEYED-${Date.now()}`;
    const event = (seq: number, type: string, details?: object) => ({
      _id: `${caseId}:${String(seq).padStart(5, '0')}`,
      caseId,
      seq,
      type,
      at: new Date(Date.UTC(2027, 0, 1, 9, seq)),
      details,
    });
    // 20 events (more than one batch of reads), event 19 not yet recorded while 20 is.
    const events = Array.from({ length: 20 }, (_, i) => i + 1)
      .filter((s) => s !== 19)
      .map((s) => (s === 4 ? event(s, 'partner_information_received', { agency: 'health', late: false }) : s === 7 ? event(s, 'partner_information_received', { agency: 'education', late: true }) : event(s, 'step')));
    await models.Timeline.insertMany(events);
    const contribution = (agency: string, seq: number, minute: number) => ({
      _id: `${caseId}:${agency}:${seq}`,
      caseId,
      agency,
      submittedBy: { id: `${agency}-1` },
      submittedAt: new Date(Date.UTC(2027, 0, 1, 9, minute)),
      information: { summary: agency },
    });
    // Health's contribution kept as seq 4; education's as 6, another step's event took 6 first.
    await models.PartnerInformation.insertMany([contribution('health', 4, 4), contribution('education', 6, 7), contribution('police', 99, 8)]);

    expect((await caseTimeline(store, caseId)).map((e) => e.seq)).toEqual([...Array.from({ length: 18 }, (_, i) => i + 1), 20]);
    expect((await partnerContributions(store, caseId, {})).map((p) => p.agency)).toEqual(['health', 'education']);
    expect((await partnerContributions(store, caseId, { agency: 'education' })).map((p) => p.agency)).toEqual(['education']);
    expect(await caseTimeline(store, `${caseId}-none`)).toEqual([]);
  });

  it("keeps every audit entry of concurrent requests in the case's and the user's logs, newest first", async () => {
    const caseId = `C-AUDIT-${Date.now()}`;
    const user = `reader-${Date.now()}`;
    await Promise.all(Array.from({ length: 12 }, () => audit(store, caller(user), { action: 'case.read', caseId })));
    await audit(store, caller(`other-${user}`), { action: 'case.read', caseId });
    // A list: one entry per case shown, all in the user's log.
    await audit(store, caller(user, 'GET /api/v1/cases'), { action: 'case.list', caseIds: [caseId, `${caseId}-B`, `${caseId}-C`] });

    const byCase = await auditEntries(store, { caseId, page: 1, pageSize: 50 });
    expect(byCase).toHaveLength(14);
    expect(byCase.map((e) => +e.at)).toEqual(byCase.map((e) => +e.at).sort((a, b) => b - a));
    expect(byCase[0]).toMatchObject({ action: 'case.list', caseId, actor: { id: user } });
    const byUser = await auditEntries(store, { userId: user, page: 1, pageSize: 10 });
    expect(byUser).toHaveLength(10);
    expect(byUser.slice(0, 3).map((e) => e.caseId).sort()).toEqual([caseId, `${caseId}-B`, `${caseId}-C`]);
    expect(await auditEntries(store, { userId: user, page: 2, pageSize: 10 })).toHaveLength(5);
    expect(await auditEntries(store, { caseId, userId: `other-${user}`, page: 1, pageSize: 50 })).toHaveLength(1);
    // The record itself is kept as before.
    expect(await models.Audit.countDocuments({ caseId })).toBe(14);
  });

  it('reads the whole trail newest first from its keyed log, a page at a time', async () => {
    const user = `whole-${Date.now()}`;
    for (const action of ['agenda.read', 'queue.read', 'figures.read'] as const) await audit(store, caller(user), { action });
    const first = await auditEntries(store, { page: 1, pageSize: 2 });
    expect(first.map((e) => [e.actor.id, e.action])).toEqual([[user, 'figures.read'], [user, 'queue.read']]);
    const second = await auditEntries(store, { page: 2, pageSize: 2 });
    expect(second[0]).toMatchObject({ action: 'agenda.read', actor: { id: user } });
    // Every entry the file logged so far, each once.
    const all = await auditEntries(store, { page: 1, pageSize: 100 });
    expect(all).toHaveLength(await models.Audit.countDocuments({}));
    expect(all.map((e) => +e.at)).toEqual(all.map((e) => +e.at).sort((a, b) => b - a));
  });
});

describe('audit logs rebuilt from the entries', () => {
  it('a database with audit entries alone gets the whole trail\'s log by the rebuild, newest first', async () => {
    const uri = `${inject('mongoBaseUri')}t_auditwhole_${Date.now()}`;
    const first = await connectDatabase(uri);
    await first.models.Audit.insertMany([
      { _id: 'w3', at: new Date('2020-01-02T09:00:00Z'), actor: { id: 'u1' }, action: 'agenda.read' },
      { _id: 'w2', at: new Date('2020-01-01T11:00:00Z'), actor: { id: 'u2' }, action: 'case.update', caseId: 'C-W' },
      { _id: 'w1', at: new Date('2020-01-01T10:00:00Z'), actor: { id: 'u1' }, action: 'case.read', caseId: 'C-W' },
    ]);
    await first.conn.close();
    await rebuildDatabase(uri);
    const [a, b] = await Promise.all([connectDatabase(uri), connectDatabase(uri)]);
    try {
      const whole = await auditEntries(createStore(a.models), { page: 1, pageSize: 50 });
      expect(whole.map((e) => e.action)).toEqual(['agenda.read', 'case.update', 'case.read']);
      // Logged after the rebuild: the next slot, the newest.
      await audit(createStore(a.models), caller('u3'), { action: 'figures.read' });
      expect((await auditEntries(createStore(b.models), { page: 1, pageSize: 2 })).map((e) => e.action)).toEqual(['figures.read', 'agenda.read']);
    } finally {
      await Promise.all([a.conn.close(), b.conn.close()]);
    }
  });

  it('a database with audit entries alone gets the logs by the rebuild, each entry once however often it runs', async () => {
    const uri = `${inject('mongoBaseUri')}t_auditbackfill_${Date.now()}`;
    const first = await connectDatabase(uri);
    const caseId = 'C-BACKFILL-1';
    // Stored out of time order (the logs are numbered by when, not by when stored).
    await first.models.Audit.insertMany([
      { _id: 'disclosure:C-BACKFILL-1:v1', at: new Date('2027-01-01T12:00:00Z'), actor: { id: 'pitstop-engine' }, action: 'disclosure.police_feedback', caseId },
      { _id: 'a3', at: new Date('2027-01-02T09:00:00Z'), actor: { id: 'u1' }, action: 'agenda.read' },
      { _id: 'a2', at: new Date('2027-01-01T11:00:00Z'), actor: { id: 'u2' }, action: 'case.update', caseId },
      { _id: 'a1', at: new Date('2027-01-01T10:00:00Z'), actor: { id: 'u1' }, action: 'case.read', caseId },
    ]);
    await first.models.AuditLogEntry.deleteMany({});
    await first.conn.close();

    // Run twice (as after one killed part way): the same logs.
    expect(await rebuildDatabase(uri)).toMatchObject({ audit_logs: 4 + 3 + 4 + 3 });
    expect(await rebuildDatabase(uri)).toMatchObject({ audit_logs: 4 + 3 + 4 + 3 });
    const [a, b] = await Promise.all([connectDatabase(uri), connectDatabase(uri)]);
    try {
      // The disclosure, which an activity may log again, is marked as logged in each of its logs.
      expect(await a.models.AuditLogEntry.exists({ _id: `case:${caseId}@disclosure:C-BACKFILL-1:v1` })).toBeTruthy();
      const byCase = await auditEntries(createStore(a.models), { caseId, page: 1, pageSize: 50 });
      expect(byCase.map((e) => e.action)).toEqual(['disclosure.police_feedback', 'case.update', 'case.read']);
      expect((await auditEntries(createStore(a.models), { userId: 'u1', page: 1, pageSize: 50 })).map((e) => e.action)).toEqual(['agenda.read', 'case.read']);
      // Logged after the rebuild: the next slot.
      await audit(createStore(a.models), caller('u1'), { action: 'case.read', caseId });
      expect(await auditEntries(createStore(b.models), { caseId, page: 1, pageSize: 50 })).toHaveLength(4);
    } finally {
      await Promise.all([a.conn.close(), b.conn.close()]);
    }
  });
});
