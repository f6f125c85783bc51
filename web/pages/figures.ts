// The managers' figures (domain.md, "Measures managers ask for"), drawn from
// GET /api/v1/figures: the period's headline figures, and the no-further-action share week
// by week (one call per week, the same query as any other period).
import { Router } from 'express';
import { agencies, ragRatings, triageOutcomes } from '../../shared/codes.js';
import { addDays, localDate, mondayOf, zonedInstant } from '../../shared/working-time.js';
import { apiClient } from '../api-client.js';
import { dateFormat } from '../format.js';
import { horizontalBars, shareColumns } from '../charts.js';
import { guard } from '../guard.js';
import { agencyLabels, outcomeShortLabels, ratingLabels } from '../labels.js';
import { renderPage } from '../render.js';
import type { WebDeps } from '../deps.js';
import type { Figures } from '../../api/schemas/figures.js';

const WEEK_CHOICES = [4, 8, 12, 26] as const;
const percent = (v: number | null) => (v === null ? 'No decisions' : `${Math.round(v * 1000) / 10}%`);
const ragFill: Record<string, string> = { red: '#d4351c', amber: '#f47738', green: '#00703c' };

const shortDate = (date: string) =>
  dateFormat({ timeZone: 'UTC', day: 'numeric', month: 'short' }).format(new Date(`${date}T12:00:00Z`));

export function figuresPageRoutes({ auth, cfg, views, policy }: WebDeps): Router {
  const router = Router();

  router.get('/figures', guard('figures'), async (req, res) => {
    const tz = policy.calendar.timeZone;
    const asked = Number(req.query.weeks);
    const weeks = (WEEK_CHOICES as readonly number[]).includes(asked) ? asked : 8;
    const now = Date.now();
    // Whole weeks, Monday to Monday in office time; the current week runs to now.
    const thisMonday = mondayOf(localDate(now, tz));
    const starts = Array.from({ length: weeks }, (_, i) => addDays(thisMonday, -7 * (weeks - 1 - i)));
    const instant = (date: string) => new Date(zonedInstant(date, '00:00', tz)).toISOString();
    const api = apiClient(auth, req, res);
    const periodFrom = instant(starts[0]);
    const periodTo = new Date(now).toISOString();
    const [period, ...perWeek] = await Promise.all([
      api.get<Figures>(`/figures?from=${encodeURIComponent(periodFrom)}&to=${encodeURIComponent(periodTo)}`),
      ...starts.map((s, i) => {
        const to = i === starts.length - 1 ? periodTo : instant(addDays(s, 7));
        return api.get<Figures>(`/figures?from=${encodeURIComponent(instant(s))}&to=${encodeURIComponent(to)}`);
      }),
    ]);

    const weekRows = starts.map((s, i) => ({
      label: `w/c ${shortDate(s)}`,
      weekOf: s,
      contacts: perWeek[i].contacts,
      decided: perWeek[i].decided,
      noFurtherAction: perWeek[i].byOutcome.no_further_action ?? 0,
      share: perWeek[i].noFurtherActionShare,
    }));
    const outcomes = triageOutcomes.map((o) => ({ label: outcomeShortLabels[o], value: period.byOutcome[o] ?? 0 }));
    const backlog = ragRatings.map((r) => ({ label: ratingLabels[r], value: period.openBacklogByRating[r] ?? 0, fill: ragFill[r] }));
    const workload = agencies
      .map((a) => ({ label: agencyLabels[a], value: period.awaitingAcceptanceByLeadAgency[a] ?? 0 }))
      .filter((w) => w.value > 0);

    // Every source the period's contacts came from, the most first.
    const bySource = Object.entries(period.bySource ?? {})
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([code, value]) => ({ code, value }));

    renderPage(views, cfg, req, res, 'figures.njk', {
      pageTitle: 'Figures',
      bySource,
      weeks,
      weekChoices: WEEK_CHOICES.map((w) => ({ value: String(w), text: `${w} weeks`, selected: w === weeks })),
      from: starts[0],
      period,
      headline: [
        { key: 'Contacts received', value: String(period.contacts) },
        { key: 'Decided', value: String(period.decided) },
        { key: 'No further action', value: percent(period.noFurtherActionShare), hint: 'Before the PIT Stop about 70% of police information ended here; with it, about 30%.' },
        { key: 'Converted to referrals (s17, s47)', value: percent(period.referralConversion) },
        { key: 'Early help and targeted family support', value: percent(period.earlyHelpShare) },
        { key: 'Re-contacts (a contact in the 12 months before)', value: period.contacts ? percent(period.recontactShare) : 'No contacts' },
        { key: 'Decision deadline breached', value: `${period.breached}${period.breachedShare === null ? '' : ` (${percent(period.breachedShare)})`}` },
        { key: 'One-working-day backstop missed', value: String(period.statutoryDeadlineMissed) },
      ],
      weekRows: weekRows.map((w) => ({ ...w, shareText: percent(w.share) })),
      nfaChart: shareColumns(
        `No further action as a share of decisions, week by week, over the last ${weeks} weeks`,
        weekRows.map((w) => ({ label: shortDate(w.weekOf), value: w.share, display: w.share === null ? 'none' : `${Math.round(w.share * 100)}%` })),
      ),
      outcomes,
      outcomesChart: horizontalBars(`Outcomes of contacts received since ${shortDate(starts[0])}`, outcomes.map((o) => ({ ...o, display: String(o.value) }))),
      backlog,
      backlogChart: horizontalBars('Open cases by rating, now', backlog.map((b) => ({ ...b, display: String(b.value) })), { labelWidth: 120 }),
      workload,
      workloadChart: workload.length
        ? horizontalBars('Allocations awaiting acceptance by lead agency, now', workload.map((w) => ({ ...w, display: String(w.value) })))
        : undefined,
    });
  });

  return router;
}
