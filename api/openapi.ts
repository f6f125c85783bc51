// The OpenAPI 3 document, generated from the same zod schemas that validate requests
// (one source of truth). Response shapes are declared here beside the paths.
import { OpenAPIRegistry, OpenApiGeneratorV3, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { agencies, incidentTypes, ragRatings, triageOutcomes } from '../shared/codes.js';
import { CASE_ID_PATTERN } from '../shared/ids.js';
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
import { stages } from '../shared/case/state.js';
import { agendaQuerySchema, auditQuerySchema, queues } from './routes/agenda.js';
import { caseListQuerySchema } from './routes/cases.js';
import { figuresQuerySchema } from './routes/figures.js';

const registry = new OpenAPIRegistry();
registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
registry.registerComponent('securitySchemes', 'policeApiKey', { type: 'apiKey', in: 'header', name: 'X-API-Key' });

const opt = <T extends z.ZodTypeAny>(s: T) => s.nullish();
const caseId = z.string().regex(new RegExp(`^${CASE_ID_PATTERN}$`)).openapi({ example: 'C-0123456789ABCDEF0123' });

const problem = registry.register(
  'Problem',
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
  }),
);

const partnerInformationStatus = z.object({
  agency: z.enum(agencies),
  status: z.enum(['requested', 'received', 'missing']),
  dueAt: z.string(),
  late: z.boolean(),
});

const caseSummary = registry.register(
  'CaseSummary',
  z.object({
    caseId,
    url: z.string(),
    stage: z.enum(stages),
    incidentType: opt(z.enum(incidentTypes)),
    postcodeDistrict: opt(z.string()),
    rating: opt(z.enum(ragRatings)),
    receivedAt: opt(z.string()),
    decisionDueAt: opt(z.string()),
    breached: z.boolean(),
    leadAgency: opt(z.enum(agencies)),
    outcome: opt(z.enum(triageOutcomes)),
    recontact: opt(z.boolean()),
    repeatReferral: opt(z.boolean()),
    meeting: opt(z.object({ date: z.string(), startsAt: z.string(), immediate: z.boolean() })),
    partnerInformation: z.array(partnerInformationStatus),
  }),
);

const timelineEvent = registry.register(
  'TimelineEvent',
  z.object({
    seq: z.number().int(),
    type: z.string(),
    at: z.string(),
    actor: z.object({ id: z.string(), name: z.string(), role: z.string(), agency: z.string() }).optional(),
    reason: z.string().optional(),
    details: z.record(z.unknown()).optional(),
  }),
);

const policeCaseView = z.object({
  caseId,
  url: z.string(),
  forceCode: opt(z.string()),
  policeReference: opt(z.string()),
  stage: z.enum(stages),
  receivedAt: opt(z.string()),
  outcome: opt(z.enum(triageOutcomes)),
  decidedAt: opt(z.string()),
  leadAgency: opt(z.enum(agencies)),
  closedAt: opt(z.string()),
});

const caseDetail = registry.register(
  'Case',
  z.union([
    caseSummary.extend({
      source: z.literal('6'),
      forceCode: opt(z.string()),
      policeReference: opt(z.string()),
      statutoryDueAt: opt(z.string()),
      ratingHistory: z.array(z.object({ rating: z.enum(ragRatings), reason: z.string(), at: z.string() }).passthrough()),
      escalations: z.array(z.object({ kind: z.string(), at: z.string(), dueAt: z.string() })),
      decisions: z.array(z.object({ version: z.number().int(), status: z.string(), outcome: z.enum(triageOutcomes) }).passthrough()),
      allocations: z.array(z.object({ leadAgency: z.enum(agencies), status: z.string() }).passthrough()),
      maracReferralRequired: z.boolean(),
      earlierContacts: z.array(z.object({ caseId, url: z.string() })),
      policeFeedback: opt(z.object({ status: z.string() }).passthrough()),
      decidedAt: opt(z.string()),
      closedAt: opt(z.string()),
      notification: z.unknown().optional(),
      history: z.array(timelineEvent),
    }),
    policeCaseView,
  ]),
);

const stepResult = registry.register('StepResult', z.object({ caseId, stage: z.enum(stages), url: z.string() }));

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: ({ 400: 'invalid input, with field paths', 401: 'no valid credentials', 403: 'not permitted for this role, force or agency', 404: 'no such case', 409: 'the case is not at that step', 413: 'body too large', 422: 'valid on its own but breaks a rule for this case, with the field path', 415: 'body is not JSON', 429: 'rate limit', 503: 'MongoDB or Temporal unreachable; nothing stored' } as Record<number, string>)[s],
        content: { 'application/problem+json': { schema: problem } },
      },
    ]),
  );
const json = (schema: z.ZodTypeAny, description: string) => ({ description, content: { 'application/json': { schema } } });
const people = [{ bearer: [] }];
const caseParams = z.object({ id: caseId });

function path(config: RouteConfig) {
  registry.registerPath(config);
}

path({
  method: 'post', path: '/api/v1/notifications', summary: 'Submit a police notification', tags: ['police'],
  security: [{ policeApiKey: [] }, { bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: policeNotificationSchema } } } },
  responses: {
    202: json(z.object({ caseId, url: z.string(), duplicate: z.literal(false) }), 'accepted: the contact workflow is durably started'),
    200: json(z.object({ caseId, url: z.string(), duplicate: z.literal(true) }), 'a resend: the same case, nothing new started'),
    ...errors(400, 401, 403, 413, 415, 429, 503),
  },
});
path({
  method: 'get', path: '/api/v1/cases', summary: 'List and search cases', tags: ['managers'], security: people,
  request: { query: caseListQuerySchema },
  responses: {
    200: json(z.object({ items: z.array(caseSummary), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }), 'a page of cases'),
    ...errors(400, 401, 403, 429, 503),
  },
});
path({
  method: 'get', path: '/api/v1/cases/{id}', summary: 'A case with its history (police: status and outcome only)', tags: ['cases'],
  security: [{ bearer: [] }, { policeApiKey: [] }],
  request: { params: caseParams },
  responses: { 200: json(caseDetail, 'the case'), ...errors(400, 401, 403, 404, 429, 503) },
});
path({
  method: 'get', path: '/api/v1/cases/{id}/timeline', summary: 'The case timeline', tags: ['cases'], security: people,
  request: { params: caseParams },
  responses: { 200: json(z.object({ caseId, events: z.array(timelineEvent) }), 'append-only events'), ...errors(400, 401, 403, 404, 429, 503) },
});
path({
  method: 'get', path: '/api/v1/cases/{id}/partner-information', summary: 'What partner agencies shared', tags: ['partners'], security: people,
  request: { params: caseParams },
  responses: {
    200: json(
      z.object({
        caseId,
        items: z.array(z.object({ agency: z.enum(agencies), submittedAt: z.string(), submittedBy: z.object({ id: z.string(), name: z.string(), agency: z.string() }), late: z.boolean(), information: partnerInformationSchema })),
      }),
      'contributions',
    ),
    ...errors(400, 401, 403, 404, 429, 503),
  },
});

const steps: [string, z.ZodTypeAny, string, string][] = [
  ['rating', ratingChangeSchema, 'Change the RAG rating with a reason', 'managers'],
  ['partner-information', partnerInformationSchema, "Add your agency's information", 'partners'],
  ['decision', decisionSchema, "Record the PIT Stop's joint decision", 'panel'],
  ['authorisation', authorisationSchema, 'Authorise or return a decision', 'managers'],
  ['amendments', amendmentSchema, 'Amend an authorised decision', 'managers'],
  ['allocation', allocationResponseSchema, 'Accept or decline an allocation', 'lead agency'],
];
for (const [name, schema, summary, tag] of steps) {
  const caseRules = name === 'decision' || name === 'amendments' ? [422] : [];
  path({
    method: 'post', path: `/api/v1/cases/{id}/${name}`, summary, tags: [tag], security: people,
    request: { params: caseParams, body: { required: true, content: { 'application/json': { schema } } } },
    responses: { 200: json(stepResult, 'done and durably recorded'), ...errors(400, 401, 403, 404, 409, 413, 415, ...caseRules, 429, 503) },
  });
}

path({
  method: 'get', path: '/api/v1/agenda', summary: "A PIT Stop meeting's agenda (default: today)", tags: ['panel'], security: people,
  request: { query: agendaQuerySchema },
  responses: { 200: json(z.object({ date: z.string(), meetingTime: z.string(), items: z.array(caseSummary) }), 'the agenda'), ...errors(400, 401, 403, 429, 503) },
});
path({
  method: 'get', path: '/api/v1/queues/{queue}', summary: "Managers' work queues", tags: ['managers'], security: people,
  request: { params: z.object({ queue: z.enum(Object.keys(queues) as [keyof typeof queues]) }) },
  responses: { 200: json(z.object({ queue: z.string(), items: z.array(caseSummary) }), 'the queue'), ...errors(400, 401, 403, 429, 503) },
});
const counts = z.record(z.number().int());
path({
  method: 'get', path: '/api/v1/figures', summary: "Managers' headline figures for contacts received in a period (default: the last 30 days)", tags: ['managers'], security: people,
  request: { query: figuresQuerySchema },
  responses: {
    200: json(
      z.object({
        period: z.object({ from: z.string(), to: z.string() }),
        contacts: z.number().int(),
        decided: z.number().int(),
        byOutcome: counts,
        noFurtherActionShare: z.number().nullable(),
        referralConversion: z.number().nullable(),
        earlyHelpShare: z.number().nullable(),
        recontactShare: z.number().nullable(),
        breached: z.number().int(),
        breachedShare: z.number().nullable(),
        statutoryDeadlineMissed: z.number().int(),
        openBacklogByRating: counts,
        awaitingAcceptanceByLeadAgency: counts,
      }),
      'figures',
    ),
    ...errors(400, 401, 403, 429, 503),
  },
});
path({
  method: 'get', path: '/api/v1/audit', summary: 'The audit log', tags: ['audit'], security: people,
  request: { query: auditQuerySchema },
  responses: {
    200: json(
      z.object({
        items: z.array(z.object({ at: z.string(), actor: z.object({ id: z.string(), role: z.string() }).passthrough(), action: z.string(), caseId: opt(z.string()), resource: opt(z.string()), reason: opt(z.string()), requestId: opt(z.string()), outcome: opt(z.number()) })),
        page: z.number().int(),
        pageSize: z.number().int(),
      }),
      'entries, newest first',
    ),
    ...errors(400, 401, 403, 429, 503),
  },
});
path({
  method: 'get', path: '/health', summary: 'Whether MongoDB and Temporal answer', tags: ['operations'],
  responses: {
    200: json(z.object({ status: z.literal('ok'), database: z.string(), temporal: z.string() }), 'healthy'),
    503: json(z.object({ status: z.literal('unavailable'), database: z.string(), temporal: z.string() }), 'a dependency is down'),
  },
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
