// The managers' measures over time, from GET /api/v1/figures/series: the police
// no-further-action share period by period as a chart, every measure in a table, and the
// series as a CSV to download (as it leaves the front door: small counts "fewer than N").
import { Router } from 'express';
import type { FigureSeries } from '../../api/schemas/series.js';
import { apiClient } from '../api-client.js';
import { dateFormat } from '../format.js';
import { shareColumns } from '../charts.js';
import type { WebDeps } from '../deps.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';

const percent = (v: number | null) => (v === null ? '–' : `${Math.round(v * 1000) / 10}%`);
const shortDate = (date: string, interval: string) =>
  dateFormat({ timeZone: 'UTC', day: interval === 'week' ? 'numeric' : undefined, month: 'short', year: interval === 'month' ? '2-digit' : undefined }).format(new Date(`${date}T12:00:00Z`));

export function figuresOverTimeRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();
  const intervalOf = (v: unknown) => (v === 'month' ? 'month' : 'week');

  router.get('/figures/over-time', guard('figures'), async (req, res) => {
    const interval = intervalOf(req.query.interval);
    const series = await apiClient(auth, req, res).get<FigureSeries>(`/figures/series?interval=${interval}`);
    const rows = series.points.map((p) => ({
      period: p.period,
      contacts: p.contacts,
      policeNfa: percent(p.policeNoFurtherActionShare),
      nfa: percent(p.noFurtherActionShare),
      reReferrals: `${p.reReferrals} (${percent(p.reReferralShare)})`,
      repeatDiscussions: p.repeatDiscussions,
      withinDeadline: percent(p.decidedWithinDeadlineShare),
      withinOneDay: percent(p.decidedWithinOneWorkingDayShare),
      backlog: `${p.backlog} (${p.backlogOver5WorkingDays} over 5 working days)`,
    }));
    renderPage(views, cfg, req, res, 'figures-over-time.njk', {
      pageTitle: 'Figures over time',
      interval,
      intervalChoices: ['week', 'month'].map((v) => ({ value: v, text: v === 'week' ? 'Week by week' : 'Month by month', selected: v === interval })),
      rows,
      policeNfaChart: shareColumns(
        `Police contacts ending in no further action, ${interval} by ${interval}`,
        series.points.map((p) => ({ label: shortDate(p.period, interval), value: p.policeNoFurtherActionShare, display: p.policeNoFurtherActionShare === null ? 'none' : `${Math.round(p.policeNoFurtherActionShare * 100)}%` })),
      ),
      csvHref: `/figures/over-time.csv?interval=${interval}`,
    });
  });

  router.get('/figures/over-time.csv', guard('figures'), async (req, res) => {
    const file = await apiClient(auth, req, res).download(`/figures/series?interval=${intervalOf(req.query.interval)}&format=csv`);
    res.type(file.type);
    if (file.disposition) res.setHeader('Content-Disposition', file.disposition);
    res.send(file.text);
  });

  return router;
}
