// The OpenAPI 3 document, generated from the same zod schemas that validate requests and
// type the presenters' answers (api/schemas): one source of truth. Who may call each
// path comes from the policy table, so the document says what the API enforces.
import { OpenAPIRegistry, OpenApiGeneratorV3, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { policeNotificationSchema } from '../shared/schemas/notification.js';
import {
  allocationResponseSchema,
  amendmentSchema,
  authorisationSchema,
  decisionSchema,
  partnerInformationSchema,
  ratingChangeSchema,
} from '../shared/schemas/steps.js';
import { z } from '../shared/schemas/zod.js';
import { rolesFor, type Action } from './policies.js';
import { AuditPage } from './schemas/audit.js';
import { Case, CasePage, CaseTimeline, PartnerContributions, StepResult } from './schemas/cases.js';
import { Figures } from './schemas/figures.js';
import { Health } from './schemas/health.js';
import { NotificationAccepted, NotificationResent } from './schemas/notifications.js';
import { Problem } from './schemas/problem.js';
import { agendaQuery, auditQuery, caseListQuery, caseParams, figuresQuery, queueParams } from './schemas/requests.js';
import { Agenda, Queue } from './schemas/work.js';

const registry = new OpenAPIRegistry();
registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
registry.registerComponent('securitySchemes', 'policeApiKey', { type: 'apiKey', in: 'header', name: 'X-API-Key' });

const problemDescriptions: Record<number, string> = {
  400: 'invalid input, with field paths',
  401: 'no valid credentials',
  403: 'not permitted for this role, force or agency',
  404: 'no such case',
  409: 'the case is not at that step',
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
    202: json(NotificationAccepted, 'accepted: the contact workflow is durably started'),
    200: json(NotificationResent, 'a resend: the same case, nothing new started'),
    ...errors(400, 401, 403, 413, 415, 429, 503),
  },
});
path('case.list', {
  method: 'get', path: '/api/v1/cases', summary: 'List and search cases', tags: ['managers'],
  request: { query: caseListQuery },
  responses: { 200: json(CasePage, 'a page of cases'), ...errors(400, 401, 403, 429, 503) },
});
path('case.read', {
  method: 'get', path: '/api/v1/cases/{id}', summary: 'A case with its history (police: status and outcome only)', tags: ['cases'],
  request: { params: caseParams },
  responses: { 200: json(Case, 'the case'), ...errors(400, 401, 403, 404, 429, 503) },
});
path('case.timeline.read', {
  method: 'get', path: '/api/v1/cases/{id}/timeline', summary: 'The case timeline', tags: ['cases'],
  request: { params: caseParams },
  responses: { 200: json(CaseTimeline, 'append-only events'), ...errors(400, 401, 403, 404, 429, 503) },
});
path('case.partner_information.read', {
  method: 'get', path: '/api/v1/cases/{id}/partner-information', summary: 'What partner agencies shared', tags: ['partners'],
  request: { params: caseParams },
  responses: { 200: json(PartnerContributions, 'contributions'), ...errors(400, 401, 403, 404, 429, 503) },
});

const steps = [
  ['changeRating', 'rating', ratingChangeSchema, 'Change the RAG rating with a reason', 'managers'],
  ['submitPartnerInformation', 'partner-information', partnerInformationSchema, "Add your agency's information", 'partners'],
  ['recordDecision', 'decision', decisionSchema, "Record the PIT Stop's joint decision", 'panel'],
  ['authoriseDecision', 'authorisation', authorisationSchema, 'Authorise or return a decision', 'managers'],
  ['amendDecision', 'amendments', amendmentSchema, 'Amend an authorised decision', 'managers'],
  ['respondToAllocation', 'allocation', allocationResponseSchema, 'Accept or decline an allocation', 'lead agency'],
] as const;
for (const [step, name, schema, summary, tag] of steps) {
  const caseRules = name === 'decision' || name === 'amendments' ? [422] : [];
  path(step, {
    method: 'post', path: `/api/v1/cases/{id}/${name}`, summary, tags: [tag],
    request: { params: caseParams, body: jsonBody(schema) },
    responses: { 200: json(StepResult, 'done and durably recorded'), ...errors(400, 401, 403, 404, 409, 413, 415, ...caseRules, 429, 503) },
  });
}

path('agenda.read', {
  method: 'get', path: '/api/v1/agenda', summary: "A PIT Stop meeting's agenda (default: today)", tags: ['panel'],
  request: { query: agendaQuery },
  responses: { 200: json(Agenda, 'the agenda'), ...errors(400, 401, 403, 429, 503) },
});
path('queue.read', {
  method: 'get', path: '/api/v1/queues/{queue}', summary: "Managers' work queues", tags: ['managers'],
  request: { params: queueParams },
  responses: { 200: json(Queue, 'the queue'), ...errors(400, 401, 403, 429, 503) },
});
path('figures.read', {
  method: 'get', path: '/api/v1/figures', summary: "Managers' headline figures for contacts received in a period (default: the last 30 days)", tags: ['managers'],
  request: { query: figuresQuery },
  responses: { 200: json(Figures, 'figures'), ...errors(400, 401, 403, 429, 503) },
});
path('audit.read', {
  method: 'get', path: '/api/v1/audit', summary: 'The audit log', tags: ['audit'],
  request: { query: auditQuery },
  responses: { 200: json(AuditPage, 'entries, newest first'), ...errors(400, 401, 403, 429, 503) },
});
registry.registerPath({
  method: 'get', path: '/health', summary: 'Whether MongoDB and Temporal answer', tags: ['operations'],
  responses: { 200: json(Health, 'healthy'), 503: json(Health, 'a dependency is down') },
});

let document: ReturnType<OpenApiGeneratorV3['generateDocument']> | undefined;
export function openApiDocument() {
  document ??= new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'PIT Stop engine API',
      version: '1.0.0',
      description: 'Police notifications triaged at the daily PIT Stop (Partnership Integrated Triage). Errors are application/problem+json.',
    },
    servers: [{ url: '/' }],
  });
  return document;
}
