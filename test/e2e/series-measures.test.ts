// The managers' measures over time against a history whose every contact the test knows:
// the generator's weeks imported through the store, each month's figures worked out here
// from the generator's plan and read back from GET /api/v1/figures/series (JSON, by age
// band, and as a CSV with small counts as "fewer than N"); the backlog from a live case.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ageBandsOf } from '../../shared/age-bands.js';
import { POLICE_SOURCE } from '../../shared/codes.js';
import { generateInto, generatorOptions, planContacts, type PlannedContact } from '../../shared/generator/index.js';
import { addWorkingMinutes, localDate, workingDayMinutes } from '../../shared/working-time.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
let plan: PlannedContact[];
const manager = tokenFor('front_door_manager', 'front_door');

beforeAll(async () => {
  stack = await startStack('series-measures');
  call = http(stack.baseUrl);
  const options = generatorOptions(stack.policy, { seed: 11, weeks: 10, perWeek: 60, hotspot: null });
  plan = [...planContacts(options)];
  await generateInto(`${inject('mongoBaseUri')}${stack.models.Contact.db.name}`, options);
}, 300_000);
afterAll(async () => stack?.stop());

const referral = (c: PlannedContact) => c.outcome === 'social_care_assessment_s17' || c.outcome === 'strategy_discussion_s47';

describe('the measures over time', () => {
  it('gives each month its shares, re-referrals, repeat discussions, timeliness and outcomes', async () => {
    const cal = stack.policy.calendar;
    const month = (c: PlannedContact) => `${localDate(c.receivedAt, cal.timeZone).slice(0, 7)}-01`;
    const from = month(plan[0]);
    const r = await call('GET', `/api/v1/figures/series?interval=month&from=${from}`, { token: manager });
    expect(r.status).toBe(200);
    const months = [...new Set(plan.map(month))];
    expect(months.length).toBeGreaterThanOrEqual(3);
    for (const m of months) {
      const cs = plan.filter((c) => month(c) === m);
      const police = cs.filter((c) => c.source === POLICE_SOURCE);
      const point = r.body.points.find((p: { period: string }) => p.period === m);
      const within = cs.filter((c) => +c.decidedAt <= +addWorkingMinutes(c.receivedAt, workingDayMinutes(cal), cal)).length;
      expect(point).toMatchObject({
        contacts: cs.length,
        policeContacts: police.length,
        decided: cs.length,
        policeNoFurtherAction: police.filter((c) => c.outcome === 'no_further_action').length,
        noFurtherAction: cs.filter((c) => c.outcome === 'no_further_action').length,
        referrals: cs.filter(referral).length,
        reReferrals: cs.filter((c) => referral(c) && c.repeatReferral).length,
        repeatDiscussions: cs.filter((c) => c.recontact).length,
        decidedWithinDeadline: cs.filter((c) => c.decidedAt <= c.decisionDueAt).length,
        decidedWithinOneWorkingDay: within,
        outcome_early_help: cs.filter((c) => c.outcome === 'early_help').length,
        outcome_strategy_discussion_s47: cs.filter((c) => c.outcome === 'strategy_discussion_s47').length,
      });
      const policeNfa = police.filter((c) => c.outcome === 'no_further_action').length / police.length;
      expect(point.policeNoFurtherActionShare).toBeCloseTo(policeNfa, 3);
    }
    const all = r.body.points.reduce((n: number, p: { reReferrals: number; repeatDiscussions: number }) => n + p.reReferrals + p.repeatDiscussions, 0);
    expect(all).toBeGreaterThan(0);
  });

  it('counts a contact in each of its children’s age bands', async () => {
    const from = localDate(plan[0].receivedAt, stack.policy.calendar.timeZone);
    const r = await call('GET', `/api/v1/figures/series?interval=month&from=${from.slice(0, 8)}01&group=age_band`, { token: manager });
    expect(r.status).toBe(200);
    const byBand = new Map<string, number>();
    for (const p of r.body.points) byBand.set(p.group, (byBand.get(p.group) ?? 0) + p.contacts);
    const expected = new Map<string, number>();
    for (const c of plan) for (const b of ageBandsOf(c.family.children, c.receivedAt)) expected.set(b, (expected.get(b) ?? 0) + 1);
    expect(Object.fromEntries(byBand)).toEqual(Object.fromEntries(expected));
    // In the bands' order, not the alphabet's.
    expect(r.body.points.slice(0, 2).map((p: { group: string }) => p.group)).toEqual(['under 1', '1-4']);
  });

  it('counts a case still open in the backlog of the period under way, by its age', async () => {
    const id = (await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() })).body.caseId as string;
    await eventually(async () => (await stack.models.Contact.findById(id).lean())?.stage === 'awaiting_decision', 20_000, 'intake');
    const today = localDate(Date.now(), stack.policy.calendar.timeZone);
    // The working set is written just after the contact.
    await eventually(async () => (await stack.store.readOpenRows()).some((row) => row.caseId === id), 20_000, 'the working set');
    const r = await call('GET', `/api/v1/figures/series?interval=week&from=${today}`, { token: manager });
    expect(r.body.points.at(-1), JSON.stringify(r.body.points)).toMatchObject({ backlog: 1, backlogUnder1WorkingDay: 1, backlogOver5WorkingDays: 0 });
  });

  it('sends a CSV with every count under the threshold as "fewer than N", and the shares over them left empty', async () => {
    const from = localDate(plan[0].receivedAt, stack.policy.calendar.timeZone);
    const csv = await fetch(`${stack.baseUrl}/api/v1/figures/series?interval=week&from=${from}&group=age_band&format=csv`, { headers: { authorization: `Bearer ${manager}` } });
    expect(csv.status).toBe(200);
    const [head, ...rows] = (await csv.text()).trim().split('\r\n').map((l) => l.split(','));
    for (const c of ['reReferrals', 'repeatDiscussionShare', 'decidedWithinOneWorkingDay', 'backlog1To5WorkingDays', 'outcome_no_further_action']) expect(head).toContain(c);
    const at = (row: string[], c: string) => row[head.indexOf(c)];
    const counts = head.filter((c) => !/Share$|^referralConversion$|^period$|^group$/.test(c));
    const cells = rows.flatMap((row) => counts.map((c) => at(row, c)));
    expect(cells).toContain('"fewer than 5"');
    // No count from 1 to 4 leaves.
    expect(cells.filter((v) => /^[1-4]$/.test(v))).toEqual([]);
    const small = rows.find((row) => at(row, 'decided') === '"fewer than 5"')!;
    expect(at(small, 'noFurtherActionShare')).toBe('');
  });
});
