// s47 (Working Together): the lead agency that accepted the allocation records the strategy
// discussion once held, when and with which agencies, on the allocation's page.
import { Router } from 'express';
import { zonedInstant } from '../../shared/working-time.js';
import { apiClient } from '../api-client.js';
import { asList, asText, mapProblem, type FormBody } from '../forms.js';
import { guard } from '../guard.js';
import { redirect } from '../session.js';
import { renderAllocation } from './allocations.js';
import { caseIdParam } from './cases.js';
import type { WebDeps } from '../deps.js';

/** A local date and time (office time zone) as an ISO instant, or undefined if not real. */
function localInstant(day: string, month: string, year: string, time: string, timeZone: string): string | undefined {
  const [d, m, y] = [day, month, year].map(Number);
  const t = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(time);
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || y < 2000 || !t) return undefined;
  const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (new Date(`${date}T12:00:00Z`).toISOString().slice(0, 10) !== date) return undefined;
  return new Date(zonedInstant(date, `${t[1].padStart(2, '0')}:${t[2]}`, timeZone)).toISOString();
}

export function strategyDiscussionRoutes(deps: WebDeps): Router {
  const router = Router();

  router.post('/allocations/:id/strategy-discussion', guard('strategyDiscussion'), async (req, res) => {
    const caseId = caseIdParam(req);
    const body = req.body as FormBody;
    const values = {
      day: asText(body['heldAt-day']).trim(),
      month: asText(body['heldAt-month']).trim(),
      year: asText(body['heldAt-year']).trim(),
      time: asText(body.heldAtTime).trim(),
      agencies: asList(body.agencies),
    };
    // The date and time are read in office time; turning them into an instant is the
    // page's job (the API takes an ISO instant and checks it is not in the future).
    const heldAt = localInstant(values.day, values.month, values.year, values.time, deps.policy.calendar.timeZone);
    if (!heldAt) {
      const text = 'Enter when the strategy discussion was held, a real date and a time like 14:30';
      return renderAllocation(deps, req, res, caseId, values, { summary: [{ text, href: '#heldAt-day' }], fields: { heldAt: { text } } });
    }
    const answer = await apiClient(deps.auth, req, res).post(`/cases/${caseId}/strategy-discussion`, { heldAt, agencies: values.agencies });
    if (!answer.ok) {
      if (answer.problem.status === 409) return renderAllocation(deps, req, res, caseId, values, undefined, answer.problem.detail);
      return renderAllocation(deps, req, res, caseId, values, mapProblem(answer.problem, {
        heldAt: { href: '#heldAt-day', field: 'heldAt', missing: 'Enter when the strategy discussion was held' },
        agencies: { href: '#agencies', field: 'agencies', missing: 'Select the agencies that took part' },
      }));
    }
    redirect(deps.cfg, req, res, `/allocations/${caseId}?done=discussion`);
  });

  return router;
}
