// Linked contacts decided together, through the real stack: police notifications about the
// same child within the linked window, one joint decision recorded on one of them and
// applied to the others in the same step (each through its own workflow: its decision,
// timeline entry, audit entry, authorisation and allocation); a contact not linked, or one
// whose own rules refuse the decision (MARAC), refused with nothing written for any; a
// retry with the same Idempotency-Key writes nothing twice; the PIT Stop page offers them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../shared/working-time.js';
import { freshNotification, jointly } from '../support/fixtures.js';
import { pagesSignedIn } from '../support/pages.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const police = testAuth.policeApiKeys.HUM;
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care');
const auditor = tokenFor('auditor', 'front_door');

beforeAll(async () => {
  // MARAC escalation counted (the third domestic abuse incident about a child): a rule one linked contact meets and another not.
  stack = await startStack('linked-decisions', { maracEscalationIncidents: 3 });
  call = http(stack.baseUrl);
});
afterAll(async () => {
  await stack?.stop();
});

const tag = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

/** A notification about one child of the family (its own incident type), received and awaiting its decision. */
async function received(family: string, incident = 'missing_child', given = 'Ava'): Promise<any> {
  const n = freshNotification((x) => {
    x.incident.type = incident;
    x.children = [{ ...x.children[0], givenName: given, familyName: family }];
    x.adults = x.adults.map((a: any) => ({ ...a, familyName: family }));
  });
  const r = await call('POST', '/api/v1/notifications', { apiKey: police, body: n });
  expect(r.status).toBe(202);
  return eventually(async () => {
    const c = await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: manager });
    return c.body.stage === 'awaiting_decision' && c.body.meeting && c.body;
  }, 20_000, 'intake');
}

const read = async (caseId: string) => (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body;

const earlyHelp = {
  ...jointly,
  levelOfNeed: 2,
  outcome: 'early_help',
  leadAgency: 'education',
  factors: ['3B'],
  rationale: 'Emerging needs across the linked contacts; the school knows the family and is best placed to lead early help.',
  earlyHelpConsent: { status: 'given', by: 'Mother' },
};

describe('linked contacts decided together', () => {
  it('applies one decision to each linked contact through its own step: its decision, timeline, audit, authorisation and allocation', async () => {
    const family = `Joint${tag()}`;
    const cases = [await received(family), await received(family), await received(family)];
    const [head, ...others] = cases.map((c) => c.caseId);
    const ids = [head, ...others];
    // Asked for, a case awaiting its decision names the others of its linked group (not otherwise: it reads the agenda).
    expect((await read(head)).takenWith).toBeUndefined();
    const withLinked = (await call('GET', `/api/v1/cases/${head}?with=takenWith`, { token: panel })).body;
    expect(withLinked.takenWith.map((t: any) => [t.caseId, t.stage]).sort()).toEqual(others.map((id) => [id, 'awaiting_decision']).sort());

    // A child no case names is ignored for the linked ones, but refused on the case decided: nothing written for any.
    const body = { ...earlyHelp, alsoDecides: others, children: [{ personId: 'P-not-in-any' }] };
    const stranger = await call('POST', `/api/v1/cases/${head}/decision`, { token: panel, body });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors[0].path).toBe('body.children.0.personId');
    for (const id of ids) expect((await read(id)).decisions).toEqual([]);

    const r = await call('POST', `/api/v1/cases/${head}/decision`, { token: panel, body: { ...earlyHelp, alsoDecides: others } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ caseId: head, stage: 'awaiting_authorisation' });
    expect(r.body.decidedTogether.map((t: any) => [t.caseId, t.stage])).toEqual(others.map((id) => [id, 'awaiting_authorisation']));

    for (const id of ids) {
      const c = await read(id);
      expect(c.stage).toBe('awaiting_authorisation');
      expect(c.decisions).toHaveLength(1);
      expect(c.decisions[0]).toMatchObject({ version: 1, status: 'proposed', levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education', rationale: earlyHelp.rationale });
      expect(c.decisions[0].alsoDecides).toBeUndefined();
      const recorded = c.history.filter((e: any) => e.type === 'decision_recorded');
      expect(recorded).toHaveLength(1);
      if (id === head) {
        expect(c.decisions[0].decidedTogether).toEqual(others);
        expect(recorded[0].details.decidedTogether).toEqual(others);
      } else {
        expect(c.decisions[0].decidedWith).toBe(head);
        expect(recorded[0].details.decidedWith).toBe(head);
      }
      const audited = await eventually(async () => {
        const items = (await call('GET', `/api/v1/audit?caseId=${id}&pageSize=200`, { token: auditor })).body.items;
        // Refused requests are audited too: the step itself is the one written with outcome 200.
        const written = items.filter((e: any) => e.action === 'case.decision.record' && e.outcome === 200);
        return written.length && written;
      }, 10_000, 'the decision audited');
      expect(audited).toHaveLength(1);
    }

    // Authorised together: a linked contact not decided with it is refused, nothing authorised.
    const apart = await received(`Else${tag()}`);
    const notDecidedWith = await call('POST', `/api/v1/cases/${head}/authorisation`, { token: manager, body: { action: 'authorise', alsoAuthorises: [others[0], apart.caseId] } });
    expect(notDecidedWith.status).toBe(422);
    expect(notDecidedWith.body.errors).toEqual([expect.objectContaining({ path: 'body.alsoAuthorises.1', message: expect.stringContaining(apart.caseId) })]);
    for (const id of ids) expect((await read(id)).stage).toBe('awaiting_authorisation');

    const authorised = await call('POST', `/api/v1/cases/${head}/authorisation`, { token: manager, body: { action: 'authorise', alsoAuthorises: others } });
    expect(authorised.status).toBe(200);
    expect(authorised.body.decidedTogether.map((t: any) => t.caseId)).toEqual(others);
    for (const id of ids) {
      const c = await read(id);
      expect(c.decisions[0].status).toBe('authorised');
      // Each its own allocation: the school asked to lead, once per case.
      expect(c.allocations).toEqual([expect.objectContaining({ leadAgency: 'education', decisionVersion: 1, status: 'requested' })]);
      const authorisedEntry = c.history.find((e: any) => e.type === 'decision_authorised');
      expect(authorisedEntry.details.authorisedWith).toBe(id === head ? undefined : head);
    }
  });

  it('refuses a contact not linked, and one whose own rules refuse the decision (MARAC), at its place with nothing written for any', async () => {
    const family = `Marac${tag()}`;
    // The third domestic abuse incident about the child in 12 months: MARAC escalation, on that case alone.
    const cases = [await received(family, 'domestic_abuse'), await received(family, 'domestic_abuse'), await received(family, 'domestic_abuse')];
    const unrelated = await received(`Apart${tag()}`);
    const [first, second, third] = cases.map((c) => c.caseId);
    expect((await read(third)).maracReferralRequired).toBe(true);
    expect((await read(first)).maracReferralRequired).toBe(false);

    const refused = await call('POST', `/api/v1/cases/${first}/decision`, { token: panel, body: { ...earlyHelp, alsoDecides: [second, third, unrelated.caseId, first] } });
    expect(refused.status).toBe(422);
    const at = Object.fromEntries(refused.body.errors.map((e: any) => [e.path, e.message]));
    expect(Object.keys(at).sort()).toEqual(['body.alsoDecides.1', 'body.alsoDecides.2', 'body.alsoDecides.3']);
    expect(at['body.alsoDecides.1']).toMatch(new RegExp(`^${third}: .*MARAC`, 'i'));
    expect(at['body.alsoDecides.2']).toContain(`${unrelated.caseId}: not linked to ${first}`);
    expect(at['body.alsoDecides.3']).toContain('the case this decision is recorded on');
    for (const id of [first, second, third, unrelated.caseId]) {
      const c = await read(id);
      expect(c.stage).toBe('awaiting_decision');
      expect(c.decisions).toEqual([]);
      expect(c.history.some((e: any) => e.type === 'decision_recorded')).toBe(false);
    }
    // Named twice: the body's own error.
    expect((await call('POST', `/api/v1/cases/${first}/decision`, { token: panel, body: { ...earlyHelp, alsoDecides: [second, second] } })).status).toBe(400);

    // With the MARAC referral the decision keeps every case's rules.
    const withMarac = { ...earlyHelp, partnerActions: [{ kind: 'refer_to_marac', agency: 'police' }], alsoDecides: [second, third] };
    const r = await call('POST', `/api/v1/cases/${first}/decision`, { token: panel, body: withMarac });
    expect(r.status).toBe(200);
    for (const id of [first, second, third]) expect((await read(id)).stage).toBe('awaiting_authorisation');
    // Once decided, the linked contacts are no longer awaiting their decision.
    const again = await received(family, 'missing_child');
    const late = await call('POST', `/api/v1/cases/${again.caseId}/decision`, { token: panel, body: { ...earlyHelp, alsoDecides: [second] } });
    expect(late.status).toBe(422);
    expect(late.body.errors[0].message).toContain('not awaiting its decision');
  });

  it('sent again with the same Idempotency-Key writes nothing twice; without one, the decided case refuses it', async () => {
    const family = `Again${tag()}`;
    const [a, b] = [await received(family), await received(family)];
    const body = { ...earlyHelp, alsoDecides: [b.caseId] };
    const headers = { 'Idempotency-Key': `linked-${tag()}` };
    const first = await call('POST', `/api/v1/cases/${a.caseId}/decision`, { token: panel, body, headers });
    expect(first.status).toBe(200);
    const second = await call('POST', `/api/v1/cases/${a.caseId}/decision`, { token: panel, body, headers });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect((await call('POST', `/api/v1/cases/${a.caseId}/decision`, { token: panel, body })).status).toBe(409);
    for (const id of [a.caseId, b.caseId]) {
      const c = await read(id);
      expect(c.decisions).toHaveLength(1);
      expect(c.history.filter((e: any) => e.type === 'decision_recorded')).toHaveLength(1);
    }
  });

  it('is offered on the PIT Stop page, ticked, and the confirmation and the case page say which were decided together', async () => {
    const family = `Page${tag()}`;
    const [a, b] = [await received(family), await received(family)];
    const date = localDate(Date.now(), stack.policy.calendar.timeZone);
    expect((await call('POST', `/api/v1/meetings/${date}/open`, { token: panel, body: { chair: { name: 'Linked Test Chair', agency: 'childrens_social_care' } } })).status).toBe(200);
    expect((await call('POST', `/api/v1/meetings/${date}/register`, { token: panel, body: { attendees: [{ name: 'Linked Test DSL', agency: 'education' }] } })).status).toBe(200);

    const pages = await pagesSignedIn(stack.baseUrl, 'dev-panel-chair');
    const form = await pages.get(`/pitstop/cases/${a.caseId}?date=${a.meeting.date}`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('Decide these linked contacts too');
    expect(form.html).toMatch(new RegExp(`name="alsoDecides" type="checkbox" value="${b.caseId}" checked`));
    const fields = {
      date: a.meeting.date, levelOfNeed: '2', outcome: 'early_help', leadAgency: 'education', factors: '3B', proposedBy: 'education',
      rationale: earlyHelp.rationale, earlyHelpConsent: 'given', alsoDecides: b.caseId,
    };
    const sent = await pages.post(`/pitstop/cases/${a.caseId}/decision`, fields);
    expect(sent.status).toBe(303);
    expect(sent.location).toContain(`together=${b.caseId}`);
    const confirmed = await pages.get(sent.location!);
    expect(confirmed.html).toContain(`on the linked contact decided with it (${b.caseId})`);
    expect((await read(b.caseId)).decisions[0].decidedWith).toBe(a.caseId);
    const casePage = await pages.get(`/cases/${b.caseId}`);
    expect(casePage.html).toContain(`With the linked contact <a class="govuk-link" href="/cases/${a.caseId}">${a.caseId}</a>, in one step`);
    const headPage = await pages.get(`/cases/${a.caseId}`);
    expect(headPage.html).toContain(`Also decided the linked contact <a class="govuk-link" href="/cases/${b.caseId}">${b.caseId}</a>, in one step`);

    // A manager authorises both from the case page: the linked contact offered, ticked.
    const managerPages = await pagesSignedIn(stack.baseUrl, 'dev-front-door-manager');
    const toAuthorise = await managerPages.get(`/cases/${a.caseId}`);
    expect(toAuthorise.html).toContain('Authorise the linked contacts decided with it too');
    expect(toAuthorise.html).toMatch(new RegExp(`name="alsoAuthorises" type="checkbox" value="${b.caseId}" checked`));
    const authorised = await managerPages.post(`/cases/${a.caseId}/authorisation`, { action: 'authorise', alsoAuthorises: b.caseId });
    expect(authorised.status).toBe(303);
    expect(authorised.location).toContain('done=authorisedTogether');
    for (const id of [a.caseId, b.caseId]) expect((await read(id)).decisions[0].status).toBe('authorised');
  });
});
