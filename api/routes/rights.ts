// The people in the records (a person's details corrected, a subject access export, the
// disclosures about them), legal holds, and Ofsted's Annex A returns. Each is audited:
// a correction and an export with why, a return as a disclosure of every case it names.
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { annexACsv, annexAFileName, annexAWorkbook } from '../presenters/annex-a.js';
import { annexA } from '../queries/annex-a.js';
import { rectifiedPeople } from '../queries/person-details.js';
import { casesOf, disclosuresAbout, personOrNotFound, subjectAccess, subjectAccessRedactions } from '../queries/subject-access.js';
import { annexAParams, annexAQuery, anyPersonParams, legalHoldParams, legalHoldRequest, rectificationRequest, subjectAccessQuery } from '../schemas/rights.js';
import { parse } from '../validate.js';

const actorOf = (p: { id: string; name: string; role: string; agency: string }) => ({ id: p.id, name: p.name, role: p.role, agency: p.agency });

export function personRightsRoutes(ctx: ApiContext): Router {
  const router = Router();
  // Checked when the API starts: a bad SUBJECT_ACCESS_REDACTIONS stops it there.
  const withheld = subjectAccessRedactions();

  router.post('/:personId/rectifications', allow('person.rectify'), async (req, res) => {
    const { personId } = parse(anyPersonParams, req.params, 'params');
    const r = parse(rectificationRequest, req.body);
    const person = await personOrNotFound(ctx.store, personId);
    const caller = callerOf(req, res);
    await ctx.store.recordRectification(personId, { at: new Date(), field: r.field, value: r.value, actor: actorOf(caller.principal), reason: r.reason });
    // In the trail of each of the person's cases, so their reports show who corrected what.
    await audit(ctx.store, caller, { action: 'person.rectify', caseIds: await casesOf(ctx.store, personId), reason: `${r.field}: ${r.reason}`, outcome: 201, lookedUp: { personId } });
    const [rectifications, standing] = await Promise.all([ctx.store.readRectifications(personId), rectifiedPeople(ctx.store, [personId])]);
    res.status(201).json({
      personId,
      kind: person.kind,
      details: { givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth, nhsNumber: person.nhsNumber, ...standing.get(personId) },
      rectifications: rectifications.map((x) => ({ ...x, at: new Date(x.at).toISOString() })),
    });
  });

  router.get('/:personId/subject-access', allow('person.subject_access'), async (req, res) => {
    const { personId } = parse(anyPersonParams, req.params, 'params');
    const q = parse(subjectAccessQuery, req.query, 'query');
    const { caseIds, ...exported } = await subjectAccess(ctx.store, personId, [...withheld, ...q.redact]);
    await audit(ctx.store, callerOf(req, res), { action: 'person.subject_access', caseIds, reason: q.reason, lookedUp: { personId } });
    res.setHeader('Content-Disposition', `attachment; filename="subject-access-${personId}.json"`);
    res.json(exported);
  });

  router.get('/:personId/disclosures', allow('person.disclosures.read'), async (req, res) => {
    const { personId } = parse(anyPersonParams, req.params, 'params');
    await personOrNotFound(ctx.store, personId);
    const caseIds = await casesOf(ctx.store, personId);
    const items = await disclosuresAbout(ctx.store, caseIds);
    await audit(ctx.store, callerOf(req, res), { action: 'person.disclosures.read', lookedUp: { personId } });
    res.json({ personId, caseIds, items });
  });
  return router;
}

/** Legal holds: while one stands on a case or a person, the retention schedule erases nothing it covers. */
export function legalHoldRoutes(ctx: ApiContext): Router {
  const router = Router();
  const present = (scope: 'case' | 'person', id: string, hold: { placedAt: Date; reason: string } | null) => ({
    scope, id, held: hold !== null, ...(hold ? { placedAt: new Date(hold.placedAt).toISOString(), reason: hold.reason } : {}),
  });
  router.get('/:scope/:id', allow('legal_hold.manage'), async (req, res) => {
    const { scope, id } = parse(legalHoldParams, req.params, 'params');
    const hold = await ctx.store.readLegalHold(scope, id);
    await audit(ctx.store, callerOf(req, res), { action: 'legal_hold.read', ...(scope === 'case' ? { caseId: id } : { lookedUp: { personId: id } }) });
    res.json(present(scope, id, hold));
  });
  router.post('/:scope/:id', allow('legal_hold.manage'), async (req, res) => {
    const { scope, id } = parse(legalHoldParams, req.params, 'params');
    const { reason } = parse(legalHoldRequest, req.body);
    const caller = callerOf(req, res);
    // A hold placed already stands as placed (insert-only): placing it again changes nothing.
    await ctx.store.placeLegalHold(scope, id, { placedBy: actorOf(caller.principal), reason });
    await audit(ctx.store, caller, { action: 'legal_hold.place', reason, outcome: 201, ...(scope === 'case' ? { caseId: id } : { lookedUp: { personId: id } }) });
    res.status(201).json(present(scope, id, await ctx.store.readLegalHold(scope, id)));
  });
  router.post('/:scope/:id/lift', allow('legal_hold.manage'), async (req, res) => {
    const { scope, id } = parse(legalHoldParams, req.params, 'params');
    const { reason } = parse(legalHoldRequest, req.body);
    await ctx.store.releaseLegalHold(scope, id);
    await audit(ctx.store, callerOf(req, res), { action: 'legal_hold.lift', reason, ...(scope === 'case' ? { caseId: id } : { lookedUp: { personId: id } }) });
    res.json(present(scope, id, null));
  });
  return router;
}

/** Ofsted's Annex A lists for a period, as CSV, an XLSX workbook or JSON: each a disclosure of every case named. */
export function returnsRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/annex-a/:list', allow('returns.annex_a'), async (req, res) => {
    const { list } = parse(annexAParams, req.params, 'params');
    const q = parse(annexAQuery, req.query, 'query');
    const r = await annexA(ctx, list, q);
    // Who (the caller), when (the entry's time), which period and why: in the trail of every case the list names.
    const reason = `Annex A ${list}, contacts received ${q.from} to ${q.to} (${q.format}): ${q.reason}`;
    await audit(ctx.store, callerOf(req, res), { action: 'disclosure.annex_a', caseIds: r.caseIds, reason });
    if (q.format === 'csv') {
      res.type('text/csv').setHeader('Content-Disposition', `attachment; filename="${annexAFileName(r, 'csv')}"`);
      res.send(annexACsv(r));
    } else if (q.format === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').setHeader('Content-Disposition', `attachment; filename="${annexAFileName(r, 'xlsx')}"`);
      res.send(await annexAWorkbook(r));
    } else {
      res.json({ list: r.list, from: r.from, to: r.to, columns: r.columns, rows: r.rows });
    }
  });
  return router;
}
