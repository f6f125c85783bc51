// Who is who, corrected by a front door manager from a person's chronology: two records of
// the same child (or adult) merged, read as one from then on (POST /people/{id}/merge), or
// a wrongly matched person split, the contacts chosen moved to a new person (POST
// /people/{id}/split). Each form is checked on a confirmation page first (what will be read
// together, or which contacts move), then sent; the API's refusal comes back on the fields.
import { Router, type Request, type Response } from 'express';
import type { ChildContacts } from '../../api/schemas/people.js';
import { apiClient, PageError, type ApiClient } from '../api-client.js';
import type { WebDeps } from '../deps.js';
import { asList, mapProblem, type FormBody, type FormErrors } from '../forms.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';

const PERSON_ID = /^(CH|AD)-[0-9A-F]{20}$/;
const mergeRules = {
  mergeWith: { href: '#mergeWith', field: 'mergeWith', missing: 'Enter the id of the other record, like CH-0123456789ABCDEF0123' },
  reason: { href: '#reason', field: 'reason', missing: 'Enter why the two records are the same person' },
};
const splitRules = {
  caseIds: { href: '#caseIds', field: 'caseIds', missing: 'Select the contacts that are about someone else' },
  reason: { href: '#reason', field: 'reason', missing: 'Enter why these contacts are about someone else' },
};
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const nameOf = (c: ChildContacts) => {
  const p = c.kind === 'adult' ? c.adult : c.child;
  return [p?.givenName, p?.familyName].filter(Boolean).join(' ') || (c.kind === 'adult' ? 'An adult' : 'A child');
};

function personIdParam(req: Request): string {
  const id = String(req.params.personId).toUpperCase();
  if (!PERSON_ID.test(id)) throw new PageError(404);
  return id;
}

/** The page's own refusal on one field (before anything is sent to the API). */
const fieldError = (field: string, message: string): FormErrors => ({ summary: [{ text: message, href: `#${field}` }], fields: { [field]: { text: message } } });

export function personLinkPageRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);
  const chronology = (client: ApiClient, personId: string) => client.get<ChildContacts>(`/people/${personId}/contacts`);

  type MergeValues = { mergeWith: string; reason: string };
  async function renderMerge(req: Request, res: Response, person: ChildContacts, values: MergeValues, opts: { errors?: FormErrors; other?: ChildContacts; status?: number } = {}) {
    renderPage(views, cfg, req, res, 'person-merge.njk', {
      pageTitle: opts.other ? `Confirm the merge of ${nameOf(person)}` : `Merge ${nameOf(person)} with another record`,
      personId: person.personId,
      kind: person.kind,
      name: nameOf(person),
      contactCount: person.items.length,
      values,
      // The confirmation: the other record as the front door knows it.
      other: opts.other && { personId: opts.other.personId, name: nameOf(opts.other), contactCount: opts.other.items.length },
      fieldErrors: opts.errors?.fields ?? {},
      errorSummary: opts.errors?.summary,
    }, opts.errors ? (opts.status ?? 400) : 200);
  }

  router.get('/people/:personId/merge', guard('mergePeople'), async (req, res) => {
    const person = await chronology(api(req, res), personIdParam(req));
    await renderMerge(req, res, person, { mergeWith: '', reason: '' });
  });

  router.post('/people/:personId/merge', guard('mergePeople'), async (req, res) => {
    const personId = personIdParam(req);
    const body = req.body as FormBody;
    const values = { mergeWith: text(body.mergeWith).toUpperCase(), reason: text(body.reason) };
    const client = api(req, res);
    const person = await chronology(client, personId);
    if (body.confirmed !== 'yes') {
      // The other record named, and there: shown beside this one to confirm.
      const other = PERSON_ID.test(values.mergeWith) ? await client.find<ChildContacts>(`/people/${values.mergeWith}/contacts`) : undefined;
      if (!other) return renderMerge(req, res, person, values, { errors: fieldError('mergeWith', values.mergeWith ? 'No person has this id: enter the id from the other record\'s chronology' : mergeRules.mergeWith.missing) });
      return renderMerge(req, res, person, values, { other });
    }
    const answer = await client.post(`/people/${personId}/merge`, values);
    if (!answer.ok) return renderMerge(req, res, person, values, { errors: mapProblem(answer.problem, mergeRules), status: answer.problem.status });
    redirect(cfg, req, res, `/people/${personId}/contacts?done=merged`);
  });

  type SplitValues = { caseIds: string[]; reason: string };
  async function renderSplit(req: Request, res: Response, person: ChildContacts, values: SplitValues, opts: { errors?: FormErrors; confirming?: boolean; status?: number } = {}) {
    renderPage(views, cfg, req, res, 'person-split.njk', {
      pageTitle: opts.confirming ? `Confirm the split of ${nameOf(person)}` : `Split contacts away from ${nameOf(person)}`,
      personId: person.personId,
      kind: person.kind,
      name: nameOf(person),
      values,
      confirming: opts.confirming,
      contacts: person.items.map((e) => ({ ...e, checked: values.caseIds.includes(e.caseId) })),
      chosen: person.items.filter((e) => values.caseIds.includes(e.caseId)),
      fieldErrors: opts.errors?.fields ?? {},
      errorSummary: opts.errors?.summary,
    }, opts.errors ? (opts.status ?? 400) : 200);
  }

  router.get('/people/:personId/split', guard('splitPerson'), async (req, res) => {
    const person = await chronology(api(req, res), personIdParam(req));
    await renderSplit(req, res, person, { caseIds: [], reason: '' });
  });

  router.post('/people/:personId/split', guard('splitPerson'), async (req, res) => {
    const personId = personIdParam(req);
    const body = req.body as FormBody;
    const values = { caseIds: asList(body.caseIds).map((c) => c.trim()).filter(Boolean), reason: text(body.reason) };
    const client = api(req, res);
    const person = await chronology(client, personId);
    if (body.confirmed !== 'yes') {
      if (!values.caseIds.length) return renderSplit(req, res, person, values, { errors: fieldError('caseIds', splitRules.caseIds.missing) });
      return renderSplit(req, res, person, values, { confirming: true });
    }
    const answer = await client.post<{ newPersonId?: string }>(`/people/${personId}/split`, values);
    if (!answer.ok) return renderSplit(req, res, person, values, { errors: mapProblem(answer.problem, splitRules), status: answer.problem.status });
    // On to the new person, whose chronology now holds the contacts moved; or, where only a
    // merge was undone, back to this person's.
    const { newPersonId } = answer.body;
    redirect(cfg, req, res, newPersonId ? `/people/${newPersonId}/contacts?done=split` : `/people/${personId}/contacts?done=separated`);
  });
  return router;
}
