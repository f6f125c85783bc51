// Cases: reading them (each read is audited as a consultation) and the human steps of
// the PIT Stop process, each a workflow update answered once it is durably written.
import { Router, type Request, type Response } from 'express';
import { agencies } from '../../shared/codes.js';
import { isCaseId, workflowIdFor } from '../../shared/ids.js';
import { z } from '../../shared/schemas/zod.js';
import {
  allocationResponseSchema,
  amendmentSchema,
  authorisationSchema,
  decisionSchema,
  partnerInformationSchema,
  ratingChangeSchema,
} from '../../shared/schemas/steps.js';
import {
  amendDecisionUpdate,
  authoriseDecisionUpdate,
  changeRatingUpdate,
  recordDecisionUpdate,
  respondToAllocationUpdate,
  submitPartnerInformationUpdate,
} from '../../workflows/messages.js';
import type { Actor } from '../../shared/case/state.js';
import type { CaseStep } from '../../shared/case/steps.js';
import { allow } from '../auth/middleware.js';
import type { Principal } from '../auth/roles.js';
import { audit, type AuditAction } from '../audit.js';
import type { ApiContext } from '../context.js';
import { problems } from '../errors.js';
import { authorize, caseViewFor, partnerInformationScope } from '../policies.js';
import { presentCase, presentCasePage, presentCaseTimeline, presentPartnerContributions, presentStepResult } from '../presenters/cases.js';
import type { ContactRecord, NotificationRecord, PartnerInformationRecord, TimelineRecord } from '../queries/records.js';
import { caseListQuery, caseParams } from '../schemas/requests.js';
import { runStep } from '../steps.js';
import { parse } from '../validate.js';

const actorOf = (p: Principal): Actor => ({ id: p.id, name: p.name, role: p.role, agency: p.agency });

export function caseRoutes(ctx: ApiContext): Router {
  const router = Router();
  const { Contact, Timeline, Notification, PartnerInformation } = ctx.models;
  const stepTimeout = ctx.stepTimeoutMs ?? 30_000;

  /** The case as the database has it; a case still being received exists only in Temporal. */
  async function loadCase(id: string): Promise<ContactRecord> {
    if (!isCaseId(id)) throw problems.notFound(`no case ${id}`);
    const doc = await Contact.findById(id).lean<ContactRecord>();
    if (doc) return doc;
    try {
      const d = await ctx.temporal.workflow.getHandle(workflowIdFor(id)).describe();
      return { _id: id, stage: 'received', receivedAt: d.startTime };
    } catch {
      throw problems.notFound(`no case ${id}`);
    }
  }

  router.get('/', allow('case.list'), async (req, res) => {
    const q = parse(caseListQuery, req.query, 'query');
    const filter: Record<string, unknown> = {};
    for (const k of ['stage', 'rating', 'breached', 'incidentType', 'postcodeDistrict', 'leadAgency'] as const) {
      if (q[k] !== undefined) filter[k] = q[k];
    }
    if (q.receivedFrom || q.receivedTo) {
      filter.receivedAt = {
        ...(q.receivedFrom ? { $gte: new Date(q.receivedFrom) } : {}),
        ...(q.receivedTo ? { $lt: new Date(q.receivedTo) } : {}),
      };
    }
    const field = q.sort.replace('-', '');
    const direction = q.sort.startsWith('-') ? -1 : 1;
    const [items, total] = await Promise.all([
      Contact.find(filter)
        .sort({ [field]: direction, _id: 1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean<ContactRecord[]>(),
      Contact.countDocuments(filter),
    ]);
    await audit(ctx.models, req, res, { action: 'case.list' });
    res.json(presentCasePage(items, { page: q.page, pageSize: q.pageSize, total }));
  });

  router.get('/:id', allow('case.read'), async (req, res) => {
    const { id } = parse(caseParams, req.params, 'params');
    const c = await loadCase(id);
    const p = res.locals.principal!;
    authorize(p, 'case.read', c);
    const view = caseViewFor(p);
    const [timeline, notification] =
      view === 'police'
        ? [[], null]
        : await Promise.all([
            Timeline.find({ caseId: id }).sort({ seq: 1 }).lean<TimelineRecord[]>(),
            Notification.findById(id, { payload: 1 }).lean<NotificationRecord>(),
          ]);
    await audit(ctx.models, req, res, { action: 'case.read', caseId: id });
    res.json(presentCase(view, c, { timeline, notification }));
  });

  router.get('/:id/timeline', allow('case.timeline.read'), async (req, res) => {
    const { id } = parse(caseParams, req.params, 'params');
    await loadCase(id);
    const events = await Timeline.find({ caseId: id }).sort({ seq: 1 }).lean<TimelineRecord[]>();
    await audit(ctx.models, req, res, { action: 'case.timeline.read', caseId: id });
    res.json(presentCaseTimeline(id, events));
  });

  router.get('/:id/partner-information', allow('case.partner_information.read'), async (req, res) => {
    const { id } = parse(caseParams, req.params, 'params');
    const c = await loadCase(id);
    const p = res.locals.principal!;
    authorize(p, 'case.partner_information.read', c);
    const filter = { caseId: id, ...partnerInformationScope(p) };
    const items = await PartnerInformation.find(filter).sort({ submittedAt: 1 }).lean<PartnerInformationRecord[]>();
    await audit(ctx.models, req, res, { action: 'case.partner_information.read', caseId: id });
    res.json(presentPartnerContributions(id, items));
  });

  /** A human step: validate, check the case, run the update, audit, answer. */
  function step<S extends z.ZodTypeAny>(
    path: string,
    caseStep: CaseStep,
    schema: S,
    action: AuditAction,
    run: (caseId: string, actor: Actor, body: z.output<S>, req: Request) => ReturnType<typeof runStep>,
    reasonOf: (body: z.output<S>) => string | undefined = () => undefined,
  ) {
    router.post(`/:id/${path}`, allow(caseStep), async (req: Request, res: Response) => {
      const { id } = parse(caseParams, req.params, 'params');
      const body = parse(schema, req.body);
      const c = await loadCase(id);
      if (c.stage === 'closed') throw problems.conflict('the case is closed');
      const result = await run(id, actorOf(res.locals.principal!), body, req);
      await audit(ctx.models, req, res, { action, caseId: id, reason: reasonOf(body) });
      res.json(presentStepResult(result));
    });
  }

  step('rating', 'changeRating', ratingChangeSchema, 'case.rating.change',
    (id, actor, change) => runStep(ctx.temporal, id, changeRatingUpdate, [{ actor, change }], stepTimeout), (b) => b.reason);

  step('partner-information', 'submitPartnerInformation', partnerInformationSchema, 'case.partner_information.add',
    (id, actor, information) => runStep(ctx.temporal, id, submitPartnerInformationUpdate, [{ actor, agency: actor.agency as (typeof agencies)[number], information }], stepTimeout));

  step('decision', 'recordDecision', decisionSchema, 'case.decision.record',
    (id, actor, decision) => runStep(ctx.temporal, id, recordDecisionUpdate, [{ actor, decision }], stepTimeout), (b) => b.rationale);

  step('authorisation', 'authoriseDecision', authorisationSchema, 'case.decision.authorise',
    (id, actor, authorisation) => runStep(ctx.temporal, id, authoriseDecisionUpdate, [{ actor, authorisation }], stepTimeout), (b) => b.comments);

  step('amendments', 'amendDecision', amendmentSchema, 'case.decision.amend',
    (id, actor, amendment) => runStep(ctx.temporal, id, amendDecisionUpdate, [{ actor, amendment }], stepTimeout), (b) => b.reason);

  step('allocation', 'respondToAllocation', allocationResponseSchema, 'case.allocation.respond',
    (id, actor, response) => runStep(ctx.temporal, id, respondToAllocationUpdate, [{ actor, response }], stepTimeout),
    (b) => (b.response === 'decline' ? b.reason : undefined));

  return router;
}
