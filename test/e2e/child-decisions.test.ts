// One family, each child, over HTTP on the real stack: the per-child list on the decision
// (refused with its field path where a child's decision breaks a rule), a decision without
// it still taken as before, each lead agency's queue holding the children it leads, and the
// minutes naming each child's decision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alwaysOpen } from '../support/calendar.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care');
const school = tokenFor('lead_agency_worker', 'education');
const socialCare = tokenFor('lead_agency_worker', 'childrens_social_care');

beforeAll(async () => {
  // Always open: a red contact is on the agenda of the day it arrives, so its minutes hold the decision.
  stack = await startStack('child-decisions', alwaysOpen());
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

async function received() {
  const body = freshNotification((n) => (n.riskGrading = 'high'));
  const r = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body });
  const caseId = r.body.caseId as string;
  const c = await eventually(async () => {
    const got = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    return got.body?.stage === 'awaiting_decision' ? got.body : undefined;
  }, 20_000, 'intake');
  return { caseId, c, children: c.children.map((ch: { personId: string }) => ch.personId) as string[] };
}

const joint = {
  rationale: 'The younger child is at risk of significant harm: a strategy discussion. The older child needs early help from the school.',
  attendees: [{ name: 'Test Panel Chair', agency: 'childrens_social_care' }, { name: 'Test DSL', agency: 'education' }],
  proposedBy: 'childrens_social_care',
  factors: ['3B'],
};

describe('POST /cases/{id}/decision with each child', () => {
  it('refuses a child\'s decision that breaks a rule at its field, and takes one per child; each lead agency is asked for its children', async () => {
    const { caseId, children: [older, younger] } = await received();
    const s47 = { ...joint, levelOfNeed: 4, outcome: 'strategy_discussion_s47' };
    const bad = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...s47, children: [{ personId: older, outcome: 'social_care_assessment_s17', leadAgency: 'education' }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.children.0.leadAgency']);
    const stranger = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...s47, children: [{ personId: 'P-NOT-HERE', levelOfNeed: 2 }] } });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors[0].path).toBe('body.children.0.personId');
    const twice = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...s47, children: [{ personId: older }, { personId: older }] } });
    expect(twice.status).toBe(400);

    const ok = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...s47, children: [{ personId: older, levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education' }], earlyHelpConsent: { status: 'refused', notes: 'Sam does not want early help for now.' } } });
    expect(ok.status).toBe(200);
    expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
    const c = await eventually(async () => {
      const got = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
      return got.body.allocations?.length === 2 ? got.body : undefined;
    }, 20_000, 'allocations');
    expect(c.outcome).toBe('strategy_discussion_s47');
    expect(c.decisions[0].childDecisions).toEqual([
      { personId: older, levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education' },
      { personId: younger, levelOfNeed: 4, outcome: 'strategy_discussion_s47', leadAgency: 'childrens_social_care' },
    ]);
    // Each lead agency finds the case on its own awaiting-acceptance queue.
    for (const token of [school, socialCare]) {
      await eventually(async () => {
        const q = await call('GET', '/api/v1/queues/awaiting_acceptance', { token });
        return q.body.items?.some((i: { caseId: string }) => i.caseId === caseId);
      }, 20_000, 'on the queue');
    }
    const date = c.meeting.date;
    const minutes = await call('GET', `/api/v1/meetings/${date}`, { token: manager });
    const item = minutes.body.items.find((i: { caseId: string }) => i.caseId === caseId);
    expect(item.decisions[0].childDecisions.map((d: { name: string; outcome: string }) => [d.name, d.outcome])).toEqual([
      ['Ava Testcase', 'early_help'],
      ['Leo Testcase', 'strategy_discussion_s47'],
    ]);
  });

  it('still takes a decision without the list: every child at the family\'s values', async () => {
    const { caseId } = await received();
    const r = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...joint, levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education', proposedBy: 'education', earlyHelpConsent: { status: 'given' } } });
    expect(r.status).toBe(200);
    const c = (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body;
    expect(c.decisions[0].childDecisions.map((d: { outcome: string }) => d.outcome)).toEqual(['early_help', 'early_help']);
    expect(c.decisions[0].children).toBeUndefined();
  });

  it('counts each child by their own outcome in the figures and the series (the family once in byOutcome)', async () => {
    // The first test's case is authorised: the older child early help, the younger s47.
    const figures = await eventually(async () => {
      const f = await call('GET', '/api/v1/figures', { token: manager });
      return f.body.byChildOutcome?.early_help >= 1 ? f.body : undefined;
    }, 20_000, 'figures per child');
    expect(figures.byChildOutcome.strategy_discussion_s47).toBeGreaterThanOrEqual(1);
    expect(figures.byOutcome.early_help ?? 0).toBe(0);
    expect(figures.childrenDecided).toBe(figures.decided + 1);
    const series = await call('GET', '/api/v1/figures/series?interval=week', { token: manager });
    expect(series.status).toBe(200);
    const week = series.body.points.at(-1);
    expect(week).toMatchObject({ childOutcome_early_help: 1, childOutcome_strategy_discussion_s47: 1, outcome_early_help: 0, outcome_strategy_discussion_s47: 1 });
    expect(week.childrenDecided).toBe(week.decided + 1);
  });
});
