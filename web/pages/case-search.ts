// Finding a case (managers): by the API's filters, a page of 20 at a time, or by the police
// reference.
import { Router, type Request, type Response } from 'express';
import { agencies, incidentTypes, ragRatings } from '../../shared/codes.js';
import { stages } from '../../shared/case/state.js';
import { caseIdFor } from '../../shared/ids.js';
import type { CaseDetail, CasePage } from '../../api/schemas/cases.js';
import { apiClient } from '../api-client.js';
import type { FormErrors } from '../forms.js';
import { guard } from '../guard.js';
import { agencyLabels, incidentTypeLabels, ratingLabels, stageLabels } from '../labels.js';
import { renderPage } from '../render.js';
import type { WebDeps } from '../deps.js';

/** The periods a search can cover, in days back from now; the API's default is 90. */
const periods: Record<string, { days: number; text: string }> = {
  '30d': { days: 30, text: 'In the last 30 days' },
  '90d': { days: 90, text: 'In the last 90 days' },
  '12m': { days: 365, text: 'In the last 12 months' },
  '3y': { days: 3 * 365 + 1, text: 'In the last 3 years' },
};

type Filters = ReturnType<typeof filtersOf>;

function filtersOf(q: Record<string, string | undefined>) {
  return {
    stage: q.stage ?? '',
    rating: q.rating ?? '',
    breached: q.breached ?? '',
    incidentType: q.incidentType ?? '',
    postcodeDistrict: (q.postcodeDistrict ?? '').trim(),
    leadAgency: q.leadAgency ?? '',
    sort: q.sort ?? '-receivedAt',
    received: q.received && periods[q.received] ? q.received : '90d',
  };
}

const option = (values: readonly string[], labels: Record<string, string>, selected: string, any: string) => [
  { value: '', text: any, selected: selected === '' },
  ...values.map((v) => ({ value: v, text: labels[v] ?? v, selected: v === selected })),
];

/** The filters' choices, each with the one searched for selected. */
function filterItems(filters: Filters) {
  return {
    stageItems: option(stages, stageLabels, filters.stage, 'Any stage'),
    ratingItems: option(ragRatings, ratingLabels, filters.rating, 'Any rating'),
    incidentItems: option(incidentTypes, incidentTypeLabels, filters.incidentType, 'Any incident'),
    leadAgencyItems: option(agencies, agencyLabels, filters.leadAgency, 'Any lead agency'),
    receivedItems: Object.entries(periods).map(([value, p]) => ({ value, text: p.text, selected: value === filters.received })),
    receivedText: periods[filters.received].text.toLowerCase(),
    breachedItems: option(['true', 'false'], { true: 'Breached', false: 'Not breached' }, filters.breached, 'Either'),
    sortItems: option(['-receivedAt', 'receivedAt', 'decisionDueAt', '-decisionDueAt'], {
      '-receivedAt': 'Newest first', receivedAt: 'Oldest first', decisionDueAt: 'Soonest due first', '-decisionDueAt': 'Latest due first',
    }, filters.sort, 'Newest first').filter((o) => o.value !== ''),
  };
}

/** The Design System's pagination: first, last and two either side of the page shown. */
export function pagination(params: URLSearchParams, page: number, pages: number, path = '/cases') {
  if (pages <= 1) return undefined;
  const link = (p: number) => {
    const u = new URLSearchParams(params);
    u.set('page', String(p));
    return `${path}?${u}`;
  };
  return {
    previous: page > 1 ? { href: link(page - 1) } : undefined,
    next: page < pages ? { href: link(page + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => i + 1)
      .filter((p) => p === 1 || p === pages || Math.abs(p - page) <= 2)
      .flatMap((p, i, list) => (i > 0 && p - list[i - 1] > 1 ? [{ ellipsis: true }, { number: p, href: link(p), current: p === page }] : [{ number: p, href: link(p), current: p === page }])),
  };
}

export function caseSearchRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();
  const api = (req: Request, res: Response) => apiClient(auth, req, res);

  router.get('/cases', guard('caseSearch'), async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const filters = filtersOf(q);
    const page = Math.max(1, Math.min(10_000, Number.parseInt(q.page ?? '1', 10) || 1));
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    // The page's own links keep the period's name; the API is asked for its start.
    const apiParams = new URLSearchParams(params);
    apiParams.delete('received');
    apiParams.set('receivedFrom', new Date(Date.now() - periods[filters.received].days * 24 * 3600_000).toISOString());
    params.set('page', String(page));
    apiParams.set('page', String(page));
    apiParams.set('pageSize', '20');
    let result: Pick<CasePage, 'items' | 'total' | 'page' | 'pageSize'> = { items: [], total: 0, page, pageSize: 20 };
    let errors: FormErrors | undefined;
    const client = api(req, res);
    // The API validates the filters; a refused one (a malformed postcode district) is shown on the form.
    const answer = await client.find<typeof result>(`/cases?${apiParams}`);
    if (answer) result = answer;
    else errors = { summary: [{ text: 'Postcode district must be the first part of a postcode, for example DN15', href: '#postcodeDistrict' }], fields: { postcodeDistrict: { text: 'Postcode district must be the first part of a postcode, for example DN15' } } };
    renderPage(views, cfg, req, res, 'cases.njk', {
      pageTitle: 'Find a case',
      filters,
      forces: Object.keys(auth.policeKeyHashes),
      ...filterItems(filters),
      result,
      pagination: pagination(params, page, Math.max(1, Math.ceil(result.total / result.pageSize))),
      errorSummary: errors?.summary,
      fieldErrors: errors?.fields ?? {},
    }, errors ? 400 : 200);
  });

  // The case id comes from force + reference (a resend never makes a second case), so a
  // police reference finds its case through the same read as any other.
  router.get('/cases/by-reference', guard('caseSearch'), async (req, res) => {
    const force = String(req.query.force ?? '').trim().toUpperCase();
    const reference = String(req.query.reference ?? '').trim();
    if (force && reference) {
      const id = caseIdFor(force, reference);
      const found = await api(req, res).find<CaseDetail>(`/cases/${id}`);
      if (found) return res.redirect(303, `/cases/${id}`);
    }
    const text = !reference ? 'Enter the police reference' : `No case has police reference ${reference} from force ${force}`;
    renderPage(views, cfg, req, res, 'cases-reference.njk', {
      pageTitle: 'Find a case by police reference',
      forces: Object.keys(auth.policeKeyHashes),
      force,
      reference,
      errorSummary: [{ text, href: '#reference' }],
      fieldErrors: { reference: { text } },
    }, reference ? 404 : 400);
  });

  return router;
}
