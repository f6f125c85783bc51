// Names and free text never reach a page's HTML unescaped. Every page template is rendered
// twice with what its handler gives it (the API's answers made from the API's own schemas,
// and what a form sends back): once with plain text in every name, reason and free-text
// field, once with hostile text. The hostile render must have exactly the elements and
// attributes of the plain one (no <script>, <img>, <svg>, no on* handler the template did
// not write), and show the hostile text escaped.
import { childDecisionRows } from '../../web/child-decisions.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditPage, BreakGlassReport } from '../../api/schemas/audit.js';
import { LeadAgencyCaseView, PartnerCaseView } from '../../api/schemas/case-views.js';
import { CaseDetail, CasePage, PartnerContributions } from '../../api/schemas/cases.js';
import { Minutes } from '../../api/schemas/meetings.js';
import { ChildContacts } from '../../api/schemas/people.js';
import { Outbox } from '../../api/schemas/referrals.js';
import { Agenda, InformationRequestQueue, Queue } from '../../api/schemas/work.js';
import { loadCalendar } from '../../shared/config.js';
import { partnerActionKinds } from '../../shared/schemas/steps.js';
import { createViews, viewsDir } from '../../web/render.js';
import { stepFormView } from '../../web/step-form-view.js';
import { BENIGN, HOSTILE, sampleOf, startTags } from './hostile-samples.js';

const views = createViews(loadCalendar());

/** Everything a form sends back, by field name (a page shows it again with its errors). */
function formValues(t: string): Record<string, string> {
  const names = ['reason', 'rationale', 'name', 'team', 'email', 'comments', 'authoriseComments', 'returnComments', 'involvementSummary', 'history', 'concerns',
    'chairName', 'lateReason', 'startTime', 'endTime', 'day', 'month', 'year', 'time', 'caseId', 'userId', 'reference', 'referrerName', 'circumstances', 'childGivenName', 'childFamilyName'];
  const actions = partnerActionKinds.flatMap((k) => [`action-${k}-agency`, `action-${k}-detail`]);
  return Object.fromEntries([...names, ...actions, 'heldAt-day', 'heldAt-month', 'heldAt-year', 'heldAtTime'].map((n) => [n, t]));
}

/** An error message on any field the template asks for, in the API's words. */
function errorsOnEveryField(t: string) {
  return new Proxy({} as Record<string, { text: string }>, {
    get: (_o, key) => (typeof key === 'string' && !(key in Object.prototype) && key !== 'then' && key !== 'length' ? { text: t } : undefined),
  });
}

/** What every page has (renderPage), with the signed-in person's name and the notices. */
function common(t: string) {
  return {
    pageTitle: t,
    user: { id: t, name: t, role: 'panel', agency: 'childrens_social_care' },
    csrfToken: t,
    developmentProvider: true,
    navigation: [{ href: '/', text: t, active: true }],
    currentUrl: `/x?${t}`,
    notice: { title: t, text: t },
    errorSummary: [{ text: t, href: '#reason' }],
    fieldErrors: errorsOnEveryField(t),
  };
}

/** Each page template with what its handler (web/pages/*.ts) gives it. */
function pages(t: string): Record<string, Record<string, unknown>> {
  const c = sampleOf(CaseDetail, t) as Record<string, unknown> & { decisions: Record<string, unknown>[]; allocations: unknown[] };
  const shared = (sampleOf(PartnerContributions, t) as { items: unknown[] }).items;
  const earlier = (sampleOf(ChildContacts, t) as { items: unknown[] }).items;
  const caseView = { c, shared, earlier, caseLinks: true, chronologyLinks: true };
  const values = formValues(t);
  const items = [{ value: 'a', text: t, hint: { text: t }, checked: true, selected: true }];
  // Every step form as its page builds it, each answer chosen so its own fields show.
  const errors = { summary: [], fields: errorsOnEveryField(t) };
  const chosen = { ...values, partnerActions: [...partnerActionKinds] };
  const step = (name: Parameters<typeof stepFormView>[0], answer: Record<string, string> = {}) =>
    ({ fields: stepFormView(name, { ...chosen, ...answer }, errors, { labels: { action: t, response: t } }), submit: t });
  const register = [{ name: t, agency: 'police' }];
  const lead = sampleOf(LeadAgencyCaseView, t) as Record<string, unknown>;
  const agenda = sampleOf(Agenda, t) as { items: unknown[] };
  const minutes = { ...(sampleOf(Minutes, t) as Record<string, unknown>) };
  return {
    'allocation.njk (accept)': { v: lead, decision: lead.decision, allocation: lead.allocation, mayRespond: true, response: step('respondToAllocation', { response: 'accept' }) },
    'allocation.njk (decline)': { v: lead, decision: lead.decision, allocation: lead.allocation, mayRespond: true, response: step('respondToAllocation', { response: 'decline' }) },
    'allocation.njk (strategy discussion)': { v: lead, decision: lead.decision, allocation: lead.allocation, mayRecordDiscussion: true, discussion: step('recordStrategyDiscussion') },
    'allocation.njk (conference)': { v: lead, decision: lead.decision, allocation: lead.allocation, mayRecordConference: true, conference: step('recordConference') },
    'allocation.njk (responded)': { v: lead, decision: lead.decision, allocation: lead.allocation },
    'allocations.njk': { agency: 'police', items: (sampleOf(Queue, t) as { items: unknown[] }).items },
    'audit.njk': { caseId: t, userId: t, personId: t, childCases: [t], entries: (sampleOf(AuditPage, t) as { items: object[] }).items.map((e) => ({ ...e, actionText: t, lookedUpText: t })), page: 1 },
    'address-confidentiality.njk': { c, ...step('markAddressConfidential') },
    'child-ethnicity.njk': { c, child: { personId: t, name: t, ethnicity: 'NOBT' }, values: { ethnicity: t, reason: t }, choices: items },
    'subject-access.njk': { personId: t, kind: 'adult', values: { reason: t, redact: t } },
    'disclosures.njk': { personId: t, caseIds: [t], items: [{ at: '2026-11-23T10:00:00Z', actionText: t, actor: { name: t, agency: 'police' }, cases: [t], reason: t }] },
    'duplicate.njk': { c, ...step('markDuplicate') },
    'conference.njk': { c, ...step('recordConference') },
    'case-amend.njk': { c, authorised: c.decisions[0], ...step('amendDecision'), childRows: childDecisionRows([{ personId: t, name: t, age: t }, { personId: t, name: t, age: t }], {}), familyNow: t },
    'case-rating.njk': { c, back: `/cases/${t}`, ...step('changeRating') },
    'case.njk (authorise)': { ...caseView, decision: c.decisions[0], mayMarkAddress: true, mayRecordEthnicity: true, mayMarkDuplicate: true, mayAuthorise: true, mayAmend: true, mayChangeRating: true, mayTriage: true, mayRecordConference: true, authorisation: { ...step('authoriseDecision', { action: 'authorise' }), linked: [{ value: t, text: t, checked: true }], linkedLabel: t } },
    'case.njk (return)': { ...caseView, decision: c.decisions[0], mayAuthorise: true, authorisation: step('authoriseDecision', { action: 'return' }) },
    'cases-reference.njk': { forces: [t], force: t, reference: t },
    'cases.njk': { filters: values, forces: [t], result: sampleOf(CasePage, t), receivedText: t, pagination: { items: [{ number: 1, href: `/cases?${t}` }] } },
    'chronology.njk': { mayExport: true, mayMerge: true, maySplit: true, child: { name: t, dateOfBirth: '2017-03-14' }, personId: 'CH-0123456789ABCDEF0123', items: earlier },
    'person-merge.njk': { personId: 'CH-0123456789ABCDEF0123', kind: 'child', name: t, contactCount: 2, values: { mergeWith: t, reason: t } },
    'person-merge.njk (confirm)': { personId: 'CH-0123456789ABCDEF0123', kind: 'child', name: t, contactCount: 2, values: { mergeWith: t, reason: t }, other: { personId: t, name: t, contactCount: 1 } },
    'person-split.njk': { personId: 'AD-0123456789ABCDEF0123', kind: 'adult', name: t, values: { caseIds: [t], reason: t }, contacts: earlier.map((e) => ({ ...(e as object), checked: true })), chosen: earlier },
    'person-split.njk (confirm)': { personId: 'CH-0123456789ABCDEF0123', kind: 'child', name: t, confirming: true, values: { caseIds: [t], reason: t }, contacts: earlier, chosen: earlier },
    'chronology.njk (adult)': { kind: 'adult', child: { name: t }, personId: 'AD-0123456789ABCDEF0123', items: earlier },
    'household.njk': {
      name: t, truncated: true,
      children: [{ personId: 'CH-0123456789ABCDEF0123', name: t, dateOfBirth: '2017-03-14', link: 'through_shared_adult', through: t }],
      adults: [{ personId: 'AD-0123456789ABCDEF0123', name: t, link: 'named_together' }],
      open: earlier, contacts: earlier.map((e) => ({ ...(e as object), names: t })),
    },
    'error.njk': { heading: t, body: t, reason: t },
    'break-glass.njk': { caseId: t, refusal: t, reason: t, minLength: 20, fieldError: { text: t } },
    'break-glass-reads.njk': { report: sampleOf(BreakGlassReport, t), caseLink: '/audit?caseId=' },
    'break-glass.njk (read)': { caseId: t, reason: t, v: sampleOf(PartnerCaseView, t) },
    'returns.njk': { values: { list: t, format: t, from: t, to: t, reason: t }, listChoices: items, formatChoices: items, errorSummary: [{ text: t, href: '#reason' }], fieldErrors: { reason: { text: t } } },
    'figures-over-time.njk': { interval: 'week', intervalChoices: items, rows: [{ period: '2026-11-30', contacts: 1, policeNfa: t, nfa: t, reReferrals: t, repeatDiscussions: 1, withinDeadline: t, withinOneDay: t, backlog: t }], policeNfaChart: '', csvHref: '/figures/over-time.csv' },
    'figures.njk': { headline: [{ key: t, value: t, hint: t }], from: '2026-11-02', weekRows: [], weekChoices: items, nfaChart: '', outcomes: [], backlog: [], workload: [], bySource: [] },
    'minutes.njk': { m: minutes, linkCases: true, linkAgenda: true, mayRecord: true, form: { chairName: t, chairAgencyItems: items, startTime: t, name: t, agencyItems: items, endTime: t } },
    'minutes.njk (open)': { m: { ...minutes, status: 'open' }, linkCases: false, mayRecord: true, form: { chairName: t, chairAgencyItems: items, startTime: t, name: t, agencyItems: items, endTime: t } },
    'pitstop-case.njk': { ...caseView, mayRecordEthnicity: true, date: '2026-11-23', register, onAgenda: true, mayDecide: true, returned: c.decisions[0], declined: c.allocations[0], ...step('recordDecision'), childRows: childDecisionRows([{ personId: t, name: t, age: t }, { personId: t, name: t, age: t }], {}), familyNow: t, linked: [{ value: t, text: t, checked: true }], alsoDecidesLabel: t },
    'pitstop-register.njk': { date: '2026-11-23', minAgencies: 2, onRegister: [{ name: t, agency: 'health' }], rows: [{ index: 0, name: t, agencyItems: items, nameError: { text: t }, agencyError: { text: t } }] },
    'pitstop.njk': { date: '2026-11-23', dateParts: { day: '23', month: '11', year: '2026' }, dateError: { text: t }, meetingTime: '10:00', register, registerAgencies: 1, minAgencies: 2, toDecide: agenda.items, done: agenda.items },
    'queue.njk': {
      heading: t, path: '/queues/x', items: (sampleOf(Queue, t) as { items: unknown[] }).items, total: 1, action: 'Review', empty: t, tabs: [{ href: '/queues/x', text: t, count: 1, current: true }],
      filters: { sort: 'deadline', rating: 'red', source: '', incidentType: '' }, filterItems: { sort: items, rating: items, source: items, incidentType: items }, pagination: { items: [{ number: 1, href: `/queues/x?${t}` }] },
    },
    'referral-new.njk': { values, sourceItems: items, kindItems: items, categoryItems: items, awarenessItems: items },
    'referrals.njk': { items: (sampleOf(Outbox, t) as { items: unknown[] }).items },
    'request.njk': { v: sampleOf(PartnerCaseView, t), mayShare: true, ...step('submitPartnerInformation') },
    'requests.njk': { agency: 'police', items: (sampleOf(InformationRequestQueue, t) as { items: object[] }).items },
    'themes.njk': {
      themes: { lastWeek: '2026-11-30', rule: { recentWeeks: 4, baselineWeeks: 26, minCount: 5, alpha: 0.05 }, localities: [t], trends: [] },
      emerging: [{ locality: t, theme: t, recent: 6, expected: '1.2' }],
      localities: [{ name: t, rows: [{ label: t, recent: 6, expected: '1.2', emerging: true }], localityChart: '' }, { name: t, rows: [], localityChart: undefined }],
    },
    'signed-out.njk': {},
  };
}

const render = (name: string, t: string) => views.render(name.split(' ')[0], { ...common(t), ...pages(t)[name] });
const templates = readdirSync(viewsDir).filter((f) => f.endsWith('.njk') && f !== 'layout.njk');

describe('pages with hostile names and free text', () => {
  it('cover every page template', () => {
    const covered = new Set(Object.keys(pages(BENIGN)).map((n) => n.split(' ')[0]));
    expect(templates.filter((t) => !covered.has(t))).toEqual([]);
  });

  it.each(Object.keys(pages(BENIGN)))('%s has no element or attribute its template did not write', (name) => {
    const plain = render(name, BENIGN);
    const hostile = render(name, HOSTILE);
    expect(plain).toContain(BENIGN);
    expect(startTags(hostile)).toEqual(startTags(plain));
    expect(hostile).not.toMatch(/<img|<svg onload|<script>alert/i);
    expect(startTags(hostile).filter((t) => /[[ ]on\w+/.test(t))).toEqual([]);
    // The text is there, as text.
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('markup in the templates', () => {
  it('is never built by concatenating strings: a component is given html only from a macro or a captured block', () => {
    const sources = [...templates, ...readdirSync(join(viewsDir, 'partials')).map((f) => join('partials', f))];
    const offending = sources.flatMap((f) =>
      readFileSync(join(viewsDir, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ line: line.trim(), at: `${f}:${i + 1}` }))
        // html: a macro's output (`link(...)`) or a variable captured by {% set %}…{% endset %};
        // `| safe` only on the charts (web/charts.ts escapes every label).
        .filter(({ line }) => /html:(?!\s*(?:\w+\(|[\w.]+\s*[},]|[\w.]+$))|~|\|\s*safe\b/.test(line) && !/^\{\{ \w+Chart \| safe \}\}$/.test(line)),
    );
    expect(offending).toEqual([]);
  });
});
