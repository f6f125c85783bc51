// Themes by locality, from GET /api/v1/themes: the rises the stated rule calls emerging,
// then each locality's incident types over the last four weeks against what its own
// baseline leads one to expect, as a chart and a table (no map).
import { Router } from 'express';
import type { Themes } from '../../api/schemas/themes.js';
import type { IncidentType } from '../../shared/codes.js';
import { localDate, mondayOf } from '../../shared/working-time.js';
import { apiClient } from '../api-client.js';
import { horizontalBars } from '../charts.js';
import type { WebDeps } from '../deps.js';
import { guard } from '../guard.js';
import { incidentTypeLabels } from '../labels.js';
import { renderPage } from '../render.js';

type Trend = Themes['trends'][number];

const themeLabel = (theme: string) => incidentTypeLabels[theme.replace(/^incident:/, '') as IncidentType] ?? theme;
const expectedText = (t: Trend) => (Math.round(t.expected * 10) / 10).toString();

/** One locality's themes, the most contacts first, with its chart. */
function localityView(locality: string, trends: Trend[], recentWeeks: number) {
  const rows = trends
    .filter((t) => t.locality === locality)
    .sort((a, b) => b.recent - a.recent || a.theme.localeCompare(b.theme))
    .map((t) => ({ label: themeLabel(t.theme), recent: t.recent, expected: expectedText(t), emerging: t.emerging }));
  const chart = rows.length
    ? horizontalBars(
        `${locality}: contacts by incident type over the last ${recentWeeks} weeks (emerging in red; expected counts in the table)`,
        rows.map((r) => ({ label: r.label, value: r.recent, display: String(r.recent), fill: r.emerging ? '#d4351c' : undefined })),
      )
    : undefined;
  return { name: locality, rows, localityChart: chart };
}

export function themesPageRoutes({ auth, cfg, views, policy }: WebDeps): Router {
  const router = Router();
  router.get('/themes', guard('themes'), async (req, res) => {
    // The recent weeks run to today: a rise this week is what the PIT Stop needs to hear of.
    const thisWeek = mondayOf(localDate(Date.now(), policy.calendar.timeZone));
    const themes = await apiClient(auth, req, res).get<Themes>(`/themes?week=${thisWeek}`);
    const localities = [...themes.localities, ...new Set(themes.trends.map((t) => t.locality).filter((l) => !themes.localities.includes(l)))];
    renderPage(views, cfg, req, res, 'themes.njk', {
      pageTitle: 'Themes by locality',
      themes,
      emerging: themes.trends.filter((t) => t.emerging).map((t) => ({ locality: t.locality, theme: themeLabel(t.theme), recent: t.recent, expected: expectedText(t) })),
      localities: localities.map((l) => localityView(l, themes.trends, themes.rule.recentWeeks)),
    });
  });
  return router;
}
