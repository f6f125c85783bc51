// Cases: reading them (each read is audited as a consultation) and the human steps of
// the PIT Stop process, each a workflow update answered once it is durably written.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import type { Principal } from '../auth/roles.js';
import { audit, callerOf } from '../audit.js';
import { takeStep } from '../commands/take-step.js';
import type { ApiContext } from '../context.js';
import { agencyOf, authorizeCaseRead, partnerInformationScope, policeViewFields, type CaseAccess } from '../policies.js';
import { presentLeadAgencyView, presentPartnerView, presentPoliceView } from '../presenters/case-views.js';
import { childrenNamed } from '../queries/family.js';
import { caseLink, presentCaseDetail, presentCasePage, presentCaseTimeline, presentPartnerContributions, presentStepResult } from '../presenters/cases.js';
import { caseTimeline, listCases, loadCase, partnerContributions } from '../queries/cases.js';
import { contactsFollowing, currentNotification } from '../queries/notification-versions.js';
import type { ContactRecord } from '../queries/records.js';
import { referralFormOf } from '../queries/referrals.js';
import { POLICE_SOURCE } from '../../shared/codes.js';
import type { Case } from '../schemas/cases.js';
import { caseListQuery, caseParams, caseReadHeaders, caseReadQuery, stepHeaders } from '../schemas/requests.js';
import { caseStepRoutes } from '../steps.js';
import { parse } from '../validate.js';
import { childrenEthnicity } from '../queries/person-details.js';
import { takenWith } from '../queries/linked.js';

/** A contact from anyone but the police: its referral form (police notifications have none). */
const formOf = (ctx: ApiContext, c: ContactRecord) =>
  c.source !== undefined && c.source !== POLICE_SOURCE ? referralFormOf(ctx.store, c._id) : Promise.resolve(null);

/** The case as the policy's view for the reader: each view reads only the records it shows. */
async function caseView(ctx: ApiContext, p: Principal, c: ContactRecord, access: CaseAccess, withTakenWith = false): Promise<Case> {
  switch (access.view) {
    case 'full': {
      // The notification as the case now stands on it (police updates: its newest version);
      // a contact from anyone but the police has its referral form instead.
      // Asked for, awaiting its decision: the linked contacts it may be decided with (its meeting's agenda read).
      const [timeline, notification, followedBy, form, linked] = await Promise.all([
        caseTimeline(ctx.store, c._id),
        currentNotification(ctx.store, c),
        contactsFollowing(ctx.store, c),
        formOf(ctx, c),
        withTakenWith && c.stage === 'awaiting_decision' ? takenWith(ctx, p, c) : [],
      ]);
      // Each child's ethnicity as it stands (given on the contact, corrected by the front door, else NOBT).
      const ethnicity = await childrenEthnicity(ctx.store, c.status?.versionChildPersonIds ?? c.childPersonIds ?? [], notification?.payload.children ?? form?.payload.children ?? []);
      const detail = presentCaseDetail(c, timeline, notification, followedBy, form, ethnicity);
      return linked.length ? { ...detail, takenWith: linked.map((l) => ({ ...caseLink(l.caseId), stage: l.stage })) } : detail;
    }
    case 'partner': {
      const agency = agencyOf(p);
      const [notification, own, form] = await Promise.all([
        currentNotification(ctx.store, c),
        partnerContributions(ctx.store, c._id, partnerInformationScope(p)),
        formOf(ctx, c),
      ]);
      return presentPartnerView(c, { agency, organisation: p.organisation }, access, notification, own, form);
    }
    case 'lead_agency': {
      const [notification, form] = await Promise.all([currentNotification(ctx.store, c), formOf(ctx, c)]);
      return presentLeadAgencyView(c, { agency: agencyOf(p), organisation: p.organisation }, access, notification, form);
    }
    case 'police':
      return presentPoliceView(c, policeViewFields(ctx.policy));
  }
}

export function caseRoutes(ctx: ApiContext): Router {
  const router = Router();

  router.get('/', allow('case.list'), async (req, res) => {
    const q = parse(caseListQuery, req.query, 'query');
    const { items, total, receivedFrom } = await listCases(ctx.store, q);
    // A consultation of every case the page shows.
    const [, childrenOf] = await Promise.all([audit(ctx.store, callerOf(req, res), { action: 'case.list', caseIds: items.map((c) => c._id) }), childrenNamed(ctx.store, items)]);
    res.json(presentCasePage(items, { page: q.page, pageSize: q.pageSize, total, receivedFrom }, childrenOf));
  });

  router.get('/:id', allow('case.read'), async (req, res) => {
    const { id } = parse(caseParams, req.params, 'params');
    const { 'x-reason': reason } = parse(caseReadHeaders, req.headers, 'headers');
    const q = parse(caseReadQuery, req.query, 'query');
    const caller = callerOf(req, res);
    const c = await loadCase(ctx, id);
    const access = authorizeCaseRead(caller.principal, 'case.read', c, reason, ctx.policy);
    const body = await caseView(ctx, caller.principal, c, access, q.with === 'takenWith');
    await audit(ctx.store, caller, { action: access.auditAction, caseId: id, reason: access.beyondNeedToKnow ? reason : undefined });
    res.json(body);
  });

  router.get('/:id/timeline', allow('case.timeline.read'), async (req, res) => {
    const { id } = parse(caseParams, req.params, 'params');
    await loadCase(ctx, id);
    const events = await caseTimeline(ctx.store, id);
    await audit(ctx.store, callerOf(req, res), { action: 'case.timeline.read', caseId: id });
    res.json(presentCaseTimeline(id, events));
  });

  router.get('/:id/partner-information', allow('case.partner_information.read'), async (req, res) => {
    const { id } = parse(caseParams, req.params, 'params');
    const { 'x-reason': reason } = parse(caseReadHeaders, req.headers, 'headers');
    const caller = callerOf(req, res);
    const access = authorizeCaseRead(caller.principal, 'case.partner_information.read', await loadCase(ctx, id), reason, ctx.policy);
    const items = await partnerContributions(ctx.store, id, partnerInformationScope(caller.principal));
    await audit(ctx.store, caller, { action: access.auditAction, caseId: id, reason: access.beyondNeedToKnow ? reason : undefined });
    res.json(presentPartnerContributions(id, items));
  });

  for (const step of caseStepRoutes) {
    router.post(`/:id/${step.path}`, allow(step.step), async (req, res) => {
      const { id } = parse(caseParams, req.params, 'params');
      const { 'idempotency-key': key } = parse(stepHeaders, req.headers, 'headers');
      const accepted = step.accept(req.body);
      res.json(presentStepResult(await takeStep(ctx, callerOf(req, res), id, step, accepted, key)));
    });
  }

  return router;
}
