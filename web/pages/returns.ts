// Ofsted's Annex A lists to download (GET /api/v1/returns/annex-a/{list}), for managers
// and information governance: the list, the period, the format and why. The API records
// each download as a disclosure of every case it names; a refused request (no reason, a
// bad period) comes back to the form with its errors.
import { Router } from 'express';
import { apiClient } from '../api-client.js';
import type { WebDeps } from '../deps.js';
import { mapProblem } from '../forms.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';

const rules = {
  'query.from': { href: '#from', field: 'from' },
  'query.to': { href: '#to', field: 'to' },
  'query.reason': { href: '#reason', field: 'reason', missing: 'Enter why the list is needed' },
  'params.list': { href: '#list', field: 'list' },
};
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function returnsRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();
  const form = (values: Record<string, string>) => ({
    pageTitle: 'Annex A returns',
    values,
    listChoices: [
      { value: 'list-1', text: 'List 1: contacts' },
      { value: 'list-3', text: 'List 3: referrals' },
    ].map((c) => ({ ...c, selected: c.value === values.list })),
    formatChoices: [
      { value: 'xlsx', text: 'Excel workbook (XLSX)' },
      { value: 'csv', text: 'CSV' },
    ].map((c) => ({ ...c, selected: c.value === values.format })),
  });

  router.get('/returns/annex-a', guard('returns'), (req, res) => {
    renderPage(views, cfg, req, res, 'returns.njk', form({ list: 'list-1', format: 'xlsx', from: '', to: '', reason: '' }));
  });

  router.get('/returns/annex-a/download', guard('returns'), async (req, res) => {
    const values = { list: text(req.query.list) || 'list-1', format: text(req.query.format) || 'xlsx', from: text(req.query.from), to: text(req.query.to), reason: text(req.query.reason) };
    const q = new URLSearchParams({ from: values.from, to: values.to, format: values.format, reason: values.reason });
    const list = values.list === 'list-3' ? 'list-3' : 'list-1';
    const file = await apiClient(auth, req, res).downloadBytes(`/returns/annex-a/${list}?${q}`);
    if (!file.ok) {
      const errors = mapProblem(file.problem, rules);
      renderPage(views, cfg, req, res, 'returns.njk', { ...form(values), errorSummary: errors.summary, fieldErrors: errors.fields }, 400);
      return;
    }
    res.type(file.type);
    if (file.disposition) res.setHeader('Content-Disposition', file.disposition);
    res.send(file.bytes);
  });
  return router;
}
