// The OpenAPI 3 document, generated from the same zod schemas that validate requests and
// type the presenters' answers (api/schemas): one source of truth. Who may call each
// path comes from the policy table, so the document says what the API enforces.
import { OpenAPIRegistry, OpenApiGeneratorV3, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { policeNotificationSchema } from '../shared/schemas/notification.js';
import { z } from '../shared/schemas/zod.js';
import { rolesFor, type Action } from './policies.js';
import { AuditPage, BreakGlassReport, ChildAccessReport } from './schemas/audit.js';
import { Case, CasePage, CaseTimeline, PartnerContributions, StepResult } from './schemas/cases.js';
import { Figures } from './schemas/figures.js';
import { Themes, themesQuery } from './schemas/themes.js';
import { FigureSeries, seriesQuery } from './schemas/series.js';
import { Health } from './schemas/health.js';
import { NotificationAccepted, NotificationResent, NotificationUpdated } from './schemas/notifications.js';
import { Meeting, meetingClosing, meetingOpening, meetingParams, Minutes, registerAddition } from './schemas/meetings.js';
import { ChildContacts, Household } from './schemas/people.js';
import { Problem } from './schemas/problem.js';
import { agendaQuery, auditQuery, caseListQuery, childAccessQuery, personContactsQuery, queueCountsQuery, caseParams, caseReadHeaders, caseReadQuery, figuresQuery, personParams, queueParams, stepHeaders } from './schemas/requests.js';
import { Agenda, InformationRequestQueue, Queue, QueueCounts } from './schemas/work.js';
import { caseStepRoutes } from './steps.js';
import { registerRightsPaths } from './openapi-rights.js';
import { referralFormSchema } from '../shared/schemas/referral.js';
import { Outbox, outboxQuery, ReferralAccepted, ReferralResent, referralHeaders } from './schemas/referrals.js';

const registry = new OpenAPIRegistry();
registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
registry.registerComponent('securitySchemes', 'policeApiKey', { type: 'apiKey', in: 'header', name: 'X-API-Key' });

const problemDescriptions: Record<number, string> = {
  400: 'invalid input, with field paths',
  401: 'no valid credentials',
  403: 'not permitted for this role, force or agency',
  404: 'no such case or child',
  409: 'the case (or the meeting) is not at that step',
  413: 'body too large',
  415: 'body is not JSON',
  422: 'valid on its own but breaks a rule for this case, with the field path',
  429: 'rate limit',
  503: 'MongoDB or Temporal unreachable; nothing stored',
};
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: problemDescriptions[s], content: { 'application/problem+json': { schema: Problem } } }]),
  );
/** What a 403 means on a read of one case (api/policies.ts `authorizeCaseRead`). */
const caseRead403 = {
  description:
    "not permitted: a role that may not read it; another force's case, or one still being received (no force on record yet); " +
    "for a partner practitioner or lead agency worker, a case outside their agency's need to know read without a reason (X-Reason)",
  content: { 'application/problem+json': { schema: Problem } },
};
const json = (schema: z.ZodTypeAny, description: string) => ({ description, content: { 'application/json': { schema } } });
const jsonBody = (schema: z.ZodTypeAny) => ({ required: true, content: { 'application/json': { schema } } });

/** A path callable by the roles the policy table allows for its action. */
function path(action: Action, config: Omit<RouteConfig, 'security'>) {
  const roles = rolesFor(action);
  registry.registerPath({
    ...config,
    description: [config.description, `Roles: ${roles.join(', ')}.`].filter(Boolean).join(' '),
    // Police systems use their force's API key (or a bearer token naming the force).
    security: roles.includes('police_system') ? [{ policeApiKey: [] }, { bearer: [] }] : [{ bearer: [] }],
  });
}

path('notification.submit', {
  method: 'post', path: '/api/v1/notifications', summary: 'Submit a police notification', tags: ['police'],
  request: { body: jsonBody(policeNotificationSchema) },
  responses: {
    202: json(NotificationAccepted, 'accepted: a contact workflow is durably started (a new notification, or an update to a closed case opening a new contact that follows it)'),
    200: json(z.union([NotificationUpdated, NotificationResent]), 'the running case durably accepted it: changed content recorded as the next version (updated), or a resend of a version on record (duplicate)'),
    ...errors(400, 401, 403, 413, 415, 429, 503),
  },
});
path('referral.submit', {
  method: 'post', path: '/api/v1/referrals', summary: 'Submit a referral form (MARF), or record a call', tags: ['referrers'],
  description:
    "A partner practitioner's referral form, from a census source of their agency (a school 2A or 2B); the front door records calls " +
    '(family members 1A-1D, the public, anonymous 9: no referrer details kept). A resend with the same referrer.reference or ' +
    'Idempotency-Key is the same contact. The front door then gives the initial rating (POST /cases/{id}/initial-rating).',
  request: { headers: referralHeaders, body: jsonBody(referralFormSchema) },
  responses: {
    202: json(ReferralAccepted, 'accepted: the partner contact workflow is durably started'),
    200: json(ReferralResent, 'a resend: the same case, nothing new started'),
    ...errors(400, 401, 403, 413, 415, 422, 429, 503),
  },
});

/** A read: its answer, or the problems every read may give (404 where a case or child is named). */
function read(
  action: Action,
  route: string,
  doc: { summary: string; description?: string; tag: string; request: RouteConfig['request']; answer: [z.ZodTypeAny, string] },
) {
  const namesRecord = /\{(id|personId)\}/.test(route);
  const namesCase = route.includes('/cases/{id}');
  path(action, {
    method: 'get', path: route, summary: doc.summary, description: doc.description, tags: [doc.tag], request: doc.request,
    responses: {
      200: json(...doc.answer),
      ...errors(400, 401, 403, ...(namesRecord ? [404] : []), 429, 503),
      ...(namesCase ? { 403: caseRead403 } : {}),
    },
  });
}

read('case.list', '/api/v1/cases', {
  summary: 'List and search cases', description: 'Each case on the page is audited as consulted.', tag: 'managers',
  request: { query: caseListQuery }, answer: [CasePage, 'a page of cases'],
});
read('case.read', '/api/v1/cases/{id}', {
  summary: "A case as the reader's role and agency need it",
  description:
    'Managers and panel members: the whole case with its notification and history (CaseDetail). ' +
    "Partner practitioners, while their agency has an information request, a partner action in the decision in force or an allocation it holds on the case: " +
    "the people, incident and concerns, what is asked of their agency and its own contributions (PartnerCaseView). " +
    'Lead agency workers, while their agency holds the allocation (requested or accepted): the allocating decision, the people and concerns, and their allocation (LeadAgencyCaseView). ' +
    "Outside that need to know either reads only with a reason in X-Reason, audited as case.read.beyond_need_to_know. " +
    "Police systems: their own force's cases only, once received, with the fields the council configures (PoliceCaseView, POLICE_VIEW_FIELDS).",
  tag: 'cases', request: { params: caseParams, query: caseReadQuery, headers: caseReadHeaders }, answer: [Case, 'the case, in the view for the reader'],
});
read('case.timeline.read', '/api/v1/cases/{id}/timeline', {
  summary: 'The case timeline', tag: 'cases', request: { params: caseParams }, answer: [CaseTimeline, 'append-only events'],
});
read('case.partner_information.read', '/api/v1/cases/{id}/partner-information', {
  summary: 'What partner agencies shared',
  description:
    "Partner practitioners see their own agency's contributions only, within its need to know (or with X-Reason, audited as " +
    'case.partner_information.read.beyond_need_to_know); the panel and managers see every agency\'s.',
  tag: 'partners', request: { params: caseParams, headers: caseReadHeaders }, answer: [PartnerContributions, 'contributions'],
});

for (const step of caseStepRoutes) {
  path(step.step, {
    method: 'post', path: `/api/v1/cases/{id}/${step.path}`, summary: step.summary, tags: [step.tag], ...(step.description ? { description: step.description } : {}),
    request: { params: caseParams, headers: stepHeaders, body: jsonBody(step.schema) },
    responses: {
      200: json(StepResult, 'done and durably recorded (sent again with the same Idempotency-Key: what the first answered)'),
      ...errors(400, 401, 403, 404, 409, 413, 415, ...(step.caseRules ? [422] : []), 429, 503),
    },
  });
}

read('agenda.read', '/api/v1/agenda', {
  summary: "A PIT Stop meeting's agenda (default: today)",
  description: "Partner practitioners see the meeting's cases within their agency's need to know. Each case shown is audited as consulted.",
  tag: 'panel', request: { query: agendaQuery }, answer: [Agenda, 'the agenda'],
});
read('meeting.read', '/api/v1/meetings/{date}', {
  summary: "A PIT Stop meeting's minutes: register, start and end, the cases on its agenda and the decisions made",
  description:
    'Each case on the agenda, red first, with the decisions recorded on it on the meeting\'s date; a case with none is not reached (carried over). ' +
    'The minutes name children: panel members, managers and auditors only. Each case named is audited as consulted. A meeting not yet opened answers status not_opened.',
  tag: 'panel', request: { params: meetingParams }, answer: [Minutes, 'the minutes'],
});
read('meeting.read', '/api/v1/meetings/{date}/register', {
  summary: 'A PIT Stop meeting as recorded: chair, start and end, and its register (no cases)',
  description: "The register every decision that day takes as its attendees (a decision's meetingDate). Names no case: one audit entry, meeting.read.",
  tag: 'panel', request: { params: meetingParams }, answer: [Meeting, 'the meeting'],
});
const meetingSteps: [Action, string, string, z.ZodTypeAny, boolean][] = [
  ['meeting.open', 'open', 'Open the meeting: its chair and start (default now), on the meeting\'s date', meetingOpening, true],
  ['meeting.register.add', 'register', 'Add people to the register (who attended, for which agency); a person already on it is not added twice', registerAddition, false],
  ['meeting.close', 'close', 'Close the meeting: its end (default now), after its start', meetingClosing, true],
];
for (const [action, step, summary, schema, rules] of meetingSteps) {
  path(action, {
    method: 'post', path: `/api/v1/meetings/{date}/${step}`, summary, tags: ['panel'],
    request: { params: meetingParams, body: jsonBody(schema) },
    responses: {
      200: json(Meeting, 'done and durably recorded (a repeat answers the same)'),
      ...errors(400, 401, 403, 409, 413, 415, ...(rules ? [422] : []), 429, 503),
    },
  });
}
read('queue.read', '/api/v1/queues', {
  summary: 'How many cases each work queue holds', description: 'Every queue the caller may open, or those named in queues (comma-separated). No case is shown, so none is audited as consulted: one entry, queue.counts.read.',
  tag: 'managers', request: { query: queueCountsQuery }, answer: [QueueCounts, 'the counts'],
});
read('queue.read', '/api/v1/queues/{queue}', {
  summary: "Managers' work queues", description: "A lead agency worker opens only awaiting_acceptance, with their own agency's allocations. Each case shown is audited as consulted.",
  tag: 'managers', request: { params: queueParams }, answer: [Queue, 'the queue'],
});
read('queue.information_requests.read', '/api/v1/queues/information_requests', {
  summary: "Open cases awaiting your agency's information, soonest due first", tag: 'partners', request: {},
  answer: [InformationRequestQueue, 'the requests still outstanding (requested or missing)'],
});
read('person.contacts.read', '/api/v1/people/{personId}/contacts', {
  summary: "A child's chronology or an adult's history: every contact naming them, newest first", tag: 'panel', request: { params: personParams, query: personContactsQuery },
  description: 'With caseIds, only those of the person\'s contacts (what a page shows). Each contact given is audited as consulted, and the person as looked up.',
  answer: [ChildContacts, 'the contacts'],
});
read('person.household.read', '/api/v1/people/{personId}/household', {
  summary: 'A household: the family\'s contacts, open cases and decisions together', tag: 'panel', request: { params: personParams },
  description: 'The person\'s contacts (newest 50), the adults named in them and each adult\'s contacts (newest 50 each, 12 adults at most), the children those adults are named with (siblings at other addresses, linked through a shared adult); 200 contacts and 60 people at most (`truncated`). Each contact given is audited as consulted, and the person as looked up.',
  answer: [Household, 'the household'],
});
read('figures.read', '/api/v1/figures', {
  summary: "Managers' headline figures for contacts received in a period (default: the last 30 days)", tag: 'managers',
  request: { query: figuresQuery }, answer: [Figures, 'figures'],
});
path('figures.read', {
  method: 'get', path: '/api/v1/figures/series', tags: ['managers'],
  summary: "Managers' measures week by week or month by month (optionally per locality, incident type or source), as JSON or CSV",
  request: { query: seriesQuery },
  responses: {
    200: { description: 'a point per period (and group), empty periods included', content: { 'application/json': { schema: FigureSeries }, 'text/csv': { schema: { type: 'string' } } } },
    ...errors(400, 401, 403, 429, 503),
  },
});
read('themes.read', '/api/v1/themes', {
  summary: "Themes by locality: each locality's incident types over its recent weeks against its own baseline, emerging rises flagged", tag: 'managers',
  request: { query: themesQuery }, answer: [Themes, 'the trends, the most unusual first'],
});
read('outbox.read', '/api/v1/outbox', {
  summary: "Outcomes of your agency's referrals, oldest first", tag: 'referrers',
  description: 'One entry per authorised decision (an amendment is a new entry); the outcome, level of need and lead agency, never the rationale. Each case shown is audited as consulted.',
  request: { query: outboxQuery }, answer: [Outbox, "the agency's outbox"],
});
read('audit.read', '/api/v1/audit', {
  summary: 'The audit log', tag: 'audit', request: { query: auditQuery }, answer: [AuditPage, 'entries, newest first'],
});
read('audit.read', '/api/v1/audit/children/{personId}', {
  summary: 'Who accessed anything about a child, across their cases', tag: 'audit',
  description: "For a subject access request or a misuse inquiry: every entry of the trail of every case naming the child (reads, lists that showed it, steps, refusals, disclosures), newest first. Audited as audit.child.read with the child looked up.",
  request: { params: personParams, query: childAccessQuery }, answer: [ChildAccessReport, 'the entries, newest first'],
});
read('break_glass.read', '/api/v1/break-glass', {
  summary: 'Reads beyond need to know (break-glass), with their reasons, counted per person', tag: 'audit',
  description: 'For managers and the information governance lead (auditor) to review. Reading it is audited as break_glass.read.',
  request: undefined, answer: [BreakGlassReport, 'the reads, newest first, and the count per person'],
});
registerRightsPaths({ path, json, jsonBody, errors });
registry.registerPath({
  method: 'get', path: '/health', summary: 'Whether MongoDB and Temporal answer, and a worker polls', tags: ['operations'],
  responses: { 200: json(Health, 'MongoDB and Temporal answer: `ok` (ready) when a worker polls, else `degraded` (notifications accepted, waiting for a worker)'), 503: json(Health, 'a dependency is down') },
});

let document: ReturnType<OpenApiGeneratorV3['generateDocument']> | undefined;
export function openApiDocument() {
  document ??= new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'PIT Stop engine API',
      version: '1.0.0',
      description: 'Police notifications and referrals from partners and the public, triaged at the daily PIT Stop (Partnership Integrated Triage). Errors are application/problem+json.',
    },
    servers: [{ url: '/' }],
  });
  return document;
}
