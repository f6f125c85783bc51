// The managers' headline figures (domain.md, "Measures managers ask for").
import { Router } from 'express';
import { allow } from '../auth/middleware.js';
import { audit, callerOf } from '../audit.js';
import type { ApiContext } from '../context.js';
import { presentFigures } from '../presenters/work.js';
import { figureCounts } from '../queries/figures.js';
import { figuresQuery } from '../schemas/requests.js';
import { parse } from '../validate.js';
import { figureSeries } from '../queries/series.js';
import { seriesColumns, seriesQuery, shareBases, type FigureSeries } from '../schemas/series.js';
import { disclosableCount } from '../../shared/themes/emerging.js';
import { smallCountThreshold } from '../../shared/themes/disclosure.js';

/** A CSV cell: numbers as they are, text quoted (and a leading = + - @ defused for spreadsheets). */
const cell = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'number' ? String(v) : `"${String(v).replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"`);

/**
 * The series as a CSV, as it leaves the front door: a count from 1 to below `threshold` is
 * "fewer than N", and a share taken over such a count is left empty.
 */
export function seriesCsv(series: FigureSeries, threshold: number): string {
  const small = (n: unknown) => typeof n === 'number' && n > 0 && n < threshold;
  const value = (p: FigureSeries['points'][number], c: (typeof seriesColumns)[number]) => {
    const base = shareBases[c];
    if (base) return small(p[base]) ? undefined : p[c];
    return typeof p[c] === 'number' ? disclosableCount(p[c] as number, threshold) : p[c];
  };
  const lines = [seriesColumns.join(','), ...series.points.map((p) => seriesColumns.map((c) => cell(value(p, c))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export function figuresRoutes(ctx: ApiContext): Router {
  const router = Router();
  // Checked when the API starts: a bad SMALL_COUNT_THRESHOLD stops it there.
  const threshold = smallCountThreshold();
  router.get('/series', allow('figures.read'), async (req, res) => {
    const q = parse(seriesQuery, req.query, 'query');
    const series = await figureSeries(ctx, q);
    await audit(ctx.store, callerOf(req, res), { action: 'figures.read' });
    if (q.format === 'csv') {
      res.type('text/csv').setHeader('Content-Disposition', `attachment; filename="figures-${q.interval}-${series.from}-${series.to}.csv"`);
      res.send(seriesCsv(series, threshold));
      return;
    }
    res.json(series);
  });
  router.get('/', allow('figures.read'), async (req, res) => {
    const q = parse(figuresQuery, req.query, 'query');
    const counts = await figureCounts(ctx.store, q);
    await audit(ctx.store, callerOf(req, res), { action: 'figures.read' });
    res.json(presentFigures(counts));
  });
  return router;
}
