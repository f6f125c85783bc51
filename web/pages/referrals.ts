// Partner practitioners refer a child to the front door (the multi-agency referral form)
// and read the outcomes of their agency's referrals (its outbox). The form's fields become
// the API's JSON as they are; the API's refusals come back to the fields.
import { Router, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { contactSources, ETHNICITY_NOT_OBTAINED, ethnicityCodes, incidentTypes, type ContactSource } from '../../shared/codes.js';
import { isPartnerAgency, sourcesOfAgency } from '../../shared/contact-sources.js';
import { contactKinds, familyAwareness } from '../../shared/schemas/referral.js';
import { apiClient } from '../api-client.js';
import { asText, mapProblem, optionalText, type FormBody, type FormErrors } from '../forms.js';
import { guard } from '../guard.js';
import { ethnicityLabels, humanise, incidentTypeLabels } from '../labels.js';
import { renderPage } from '../render.js';
import { redirect } from '../session.js';
import type { WebDeps } from '../deps.js';
import type { Outbox, ReferralReceipt } from '../../api/schemas/referrals.js';

const fields = [
  'formKey', 'source', 'kind', 'referrerName', 'referrerRole', 'organisation', 'phone', 'reference',
  'childGivenName', 'childFamilyName', 'dobDay', 'dobMonth', 'dobYear', 'childEthnicity', 'school',
  'category', 'summary', 'childVoice', 'whatHasBeenTried', 'awareness', 'viewsOnSharing',
] as const;
type Values = Record<(typeof fields)[number], string>;

/** Day, month and year boxes → YYYY-MM-DD, or what was typed (the API says what is wrong with it). */
function dateOf(v: Values): string | undefined {
  const [d, m, y] = [v.dobDay.trim(), v.dobMonth.trim(), v.dobYear.trim()];
  if (!d && !m && !y) return undefined;
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/**
 * The child's ethnicity as given: a census code, or none when not yet obtained (the case,
 * Annex A and the census then say NOBT until the front door records it).
 */
const ethnicityOf = (v: Values) => (v.childEthnicity && v.childEthnicity !== ETHNICITY_NOT_OBTAINED ? v.childEthnicity : undefined);

/** The referral form as the API takes it. */
function formBody(v: Values, referrerName: string) {
  return {
    source: v.source || undefined,
    kind: v.kind || undefined,
    referrer: {
      name: v.referrerName.trim() || referrerName,
      role: optionalText(v.referrerRole),
      organisation: optionalText(v.organisation),
      phone: optionalText(v.phone),
      reference: optionalText(v.reference),
    },
    children: [{ givenName: v.childGivenName, familyName: v.childFamilyName, dateOfBirth: dateOf(v), ethnicity: ethnicityOf(v), school: optionalText(v.school) }],
    concerns: { category: v.category || undefined, summary: v.summary, childVoice: optionalText(v.childVoice) },
    whatHasBeenTried: optionalText(v.whatHasBeenTried),
    family: { awareness: v.awareness || undefined, viewsOnSharing: optionalText(v.viewsOnSharing) },
  };
}

const errorRules = {
  source: { href: '#source', field: 'source', missing: 'Select where the referral comes from' },
  kind: { href: '#kind', field: 'kind', missing: 'Select whether you ask for information or for a service' },
  'referrer.name': { href: '#referrerName', field: 'referrerName', missing: 'Enter your name' },
  'referrer.reference': { href: '#reference', field: 'reference' },
  'children.0.givenName': { href: '#childGivenName', field: 'childGivenName', missing: "Enter the child's first name" },
  'children.0.familyName': { href: '#childFamilyName', field: 'childFamilyName', missing: "Enter the child's last name" },
  'children.0.dateOfBirth': { href: '#dob-dobDay', field: 'dob', missing: "Enter the child's date of birth" },
  'children.0.ethnicity': { href: '#childEthnicity', field: 'childEthnicity' },
  'concerns.category': { href: '#category', field: 'category' },
  'concerns.summary': { href: '#summary', field: 'summary', missing: 'Describe your concerns' },
  'family.awareness': { href: '#awareness', field: 'awareness', missing: 'Select whether the family knows and agrees' },
};

export function referralPageRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();

  function renderForm(req: Request, res: Response, values: Values, errors?: FormErrors) {
    const agency = res.locals.session!.user!.agency;
    const sources: readonly ContactSource[] = isPartnerAgency(agency) ? sourcesOfAgency[agency] : [];
    renderPage(views, cfg, req, res, 'referral-new.njk', {
      pageTitle: 'Refer a child to the front door',
      values,
      sourceItems: sources.map((s) => ({ value: s, text: `${s} ${humanise(contactSources[s])}`, checked: values.source === s })),
      kindItems: contactKinds.map((k) => ({ value: k, text: humanise(k), checked: values.kind === k })),
      // Not yet obtained first and chosen unless another is: the referrer may not know.
      ethnicityItems: [ETHNICITY_NOT_OBTAINED, ...ethnicityCodes.filter((c) => c !== ETHNICITY_NOT_OBTAINED)].map((code) => ({
        value: code, text: `${code} ${ethnicityLabels[code]}`, selected: (values.childEthnicity || ETHNICITY_NOT_OBTAINED) === code,
      })),
      categoryItems: incidentTypes.map((t) => ({ value: t, text: incidentTypeLabels[t], selected: values.category === t })),
      awarenessItems: familyAwareness.map((a) => ({ value: a, text: humanise(a), checked: values.awareness === a })),
      fieldErrors: errors?.fields ?? {},
      errorSummary: errors?.summary,
    }, errors ? 400 : 200);
  }

  router.get('/referrals/new', guard('refer'), (req, res) => {
    const empty = Object.fromEntries(fields.map((f) => [f, ''])) as Values;
    // One key per form shown: sending it twice (a double click, a retry) is one contact.
    renderForm(req, res, { ...empty, formKey: `web-${randomUUID()}`, category: 'other', referrerName: res.locals.session!.user!.name });
  });

  router.post('/referrals/new', guard('refer'), async (req, res) => {
    const body = req.body as FormBody;
    const values = Object.fromEntries(fields.map((f) => [f, asText(body[f])])) as Values;
    const key = /^web-[0-9a-f-]{36}$/.test(values.formKey) ? values.formKey : `web-${randomUUID()}`;
    const client = apiClient(auth, req, res);
    const answer = await client.post<ReferralReceipt>('/referrals', formBody(values, res.locals.session!.user!.name), { 'idempotency-key': key });
    if (!answer.ok) return renderForm(req, res, { ...values, formKey: key }, mapProblem(answer.problem, errorRules));
    redirect(cfg, req, res, `/referrals?sent=${encodeURIComponent(answer.body.caseId)}`);
  });

  router.get('/referrals', guard('outbox'), async (req, res) => {
    const outbox = await apiClient(auth, req, res).get<Outbox>('/outbox');
    const sent = typeof req.query.sent === 'string' && /^C-[0-9A-F]{20}$/.test(req.query.sent) ? req.query.sent : undefined;
    renderPage(views, cfg, req, res, 'referrals.njk', {
      pageTitle: 'Referral outcomes',
      items: [...outbox.items].reverse(),
      notice: sent
        ? { type: 'success', title: 'Referral received', text: `The front door has your referral (case ${sent}). Its outcome will be listed here once decided.` }
        : undefined,
    });
  });

  return router;
}
