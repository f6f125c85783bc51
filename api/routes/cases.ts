// Cases: reading them (each read is audited as a consultation) and the human steps of
// the PIT Stop process, each a workflow update answered once it is durably written.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import { takeStep } from '../commands/take-step.js';
import type { ApiContext } from '../context.js';
import { authorize, caseViewFor, partnerInformationScope } from '../policies.js';
import { presentCase, presentCasePage, presentCaseTimeline, presentPartnerContributions, presentStepResult } from '../presenters/cases.js';
import { caseRecords, caseTimeline, listCases, loadCase, partnerContributions } from '../queries/cases.js';
import { caseListQuery, caseParams } from '../schemas/requests.js';
import { caseStepRoutes } from '../steps.js';
import { parse } from '../validate.js';

export function caseRoutes(ctx: ApiContext): Router {
  const router = Router();

  router.get('/', allow('case.list'), async (req, res) => {
    const q = parse(caseListQuery, req.query, 'query');
    const { items, total } = await listCases(ctx.models, q);
    await audit(ctx.models, callerOf(req, res), { action: 'case.list' });
    res.json(presentCasePage(items, { page: q.page, pageSize: q.pageSize, total }));
  });

  router.get('/:id', allow('case.read'), async (req, res) => {
    const { id } = parse(caseParams, req.params, 'params');
    const caller = callerOf(req, res);
    const c = await loadCase(ctx, id);
    authorize(caller.principal, 'case.read', c);
    const view = caseViewFor(caller.principal);
    const records = view === 'police' ? { timeline: [], notification: null } : await caseRecords(ctx.models, id);
    await audit(ctx.models, caller, { action: 'case.read', caseId: id });
    res.json(presentCase(view, c, records));
  });

  router.get('/:id/timeline', allow('case.timeline.read'), async (req, res) => {
    const { id } = parse(caseParams, req.params, 'params');
    await loadCase(ctx, id);
    const events = await caseTimeline(ctx.models, id);
    await audit(ctx.models, callerOf(req, res), { action: 'case.timeline.read', caseId: id });
    res.json(presentCaseTimeline(id, events));
  });

  router.get('/:id/partner-information', allow('case.partner_information.read'), async (req, res) => {
    const { id } = parse(caseParams, req.params, 'params');
    const caller = callerOf(req, res);
    authorize(caller.principal, 'case.partner_information.read', await loadCase(ctx, id));
    const items = await partnerContributions(ctx.models, id, partnerInformationScope(caller.principal));
    await audit(ctx.models, caller, { action: 'case.partner_information.read', caseId: id });
    res.json(presentPartnerContributions(id, items));
  });

  for (const step of caseStepRoutes) {
    router.post(`/:id/${step.path}`, allow(step.step), async (req, res) => {
      const { id } = parse(caseParams, req.params, 'params');
      const accepted = step.accept(req.body);
      res.json(presentStepResult(await takeStep(ctx, callerOf(req, res), id, step, accepted)));
    });
  }

  return router;
}
