// The front door manager's work queues: decisions awaiting authorisation, open cases whose
// decision deadline was breached, cases awaiting a decision with no meeting ahead, contacts
// awaiting their initial rating, red contacts received out of hours (the emergency duty
// team's), ... Cards after Hackney's MASH screens.
import { Router, type Request, type Response } from 'express';
import { isCaseId } from '../../shared/ids.js';
import { apiClient } from '../api-client.js';
import type { FrontDoorQueue, QueueCounts } from '../../api/schemas/work.js';
import { guard } from '../guard.js';
import { pagination } from './case-search.js';
import { queueFilterItems, queueViewOf } from './queue-view.js';
import { renderPage } from '../render.js';
import type { WebDeps } from '../deps.js';

const queuePages = {
  'awaiting-authorisation': { api: 'awaiting_authorisation', title: 'Awaiting authorisation', action: 'Review', empty: 'No decision is waiting for authorisation.' },
  breached: { api: 'breached', title: 'Breached', action: 'Work on', empty: 'No open case has breached its decision deadline.' },
  'strategy-discussions': {
    api: 'strategy_discussions',
    title: 'Strategy discussions',
    action: 'Review',
    empty: 'No s47 decision is waiting for its strategy discussion to be recorded.',
  },
  'conferences-due': {
    api: 'conferences_due',
    title: 'Conferences due',
    action: 'Review',
    empty: 'No section 47 enquiry is waiting for its initial child protection conference to be recorded.',
  },
  'no-meeting-ahead': {
    api: 'no_meeting_ahead',
    title: 'No meeting ahead',
    action: 'Work on',
    empty: 'Every case awaiting a decision is on a meeting today or later.',
  },
  'awaiting-rating': {
    api: 'awaiting_rating',
    title: 'Awaiting rating',
    action: 'Rate',
    empty: 'No referral or call is waiting for its initial rating.',
  },
  'out-of-hours': {
    api: 'out_of_hours',
    title: 'Out of hours',
    action: 'Work on',
    empty: 'No red contact received out of hours is waiting for its decision.',
  },
  'police-feedback-failed': {
    api: 'police_feedback_failed',
    title: 'Police feedback failed',
    action: 'Review',
    empty: "Every outcome reached the police. When a force's system never takes one, the case appears here: tell the force directly.",
  },
} as const;
type QueuePage = keyof typeof queuePages;

const notices: Record<string, string> = {
  authorised: 'Decision authorised',
  authorisedTogether: 'Decision authorised, with the linked contacts decided with it',
  returned: 'Decision returned to the panel',
};

export function queuePageRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();

  async function show(req: Request, res: Response, name: QueuePage) {
    const api = apiClient(auth, req, res);
    // The queue's page shown is read (each case on it audited as consulted); the others only
    // counted for the tabs, as Hackney's stage tabs show them (counts name no case).
    const names = Object.keys(queuePages) as QueuePage[];
    const view = queueViewOf(req.query as Record<string, unknown>);
    const [{ items, total, pageSize }, { counts }] = await Promise.all([
      api.get<FrontDoorQueue>(`/queues/${queuePages[name].api}?${view.params}&page=${view.page}`),
      api.get<QueueCounts>(`/queues?queues=${names.map((n) => queuePages[n].api).join(',')}`),
    ]);
    const done = typeof req.query.done === 'string' ? notices[req.query.done] : undefined;
    const caseId = typeof req.query.case === 'string' && isCaseId(req.query.case) ? req.query.case : undefined;
    const red = items.filter((i) => i.rating === 'red').length;
    const page = queuePages[name];
    renderPage(views, cfg, req, res, 'queue.njk', {
      pageTitle: page.title,
      heading: page.title,
      path: `/queues/${name}`,
      items,
      total,
      filters: view.filters,
      filterItems: queueFilterItems(view.filters),
      pagination: pagination(view.params, view.page, Math.max(1, Math.ceil(total / pageSize)), `/queues/${name}`),
      action: page.action,
      empty: page.empty,
      tabs: names.map((n) => ({ href: `/queues/${n}`, text: queuePages[n].title, count: counts[queuePages[n].api] ?? 0, current: n === name })),
      notice: done
        ? { type: 'success', title: done, text: caseId ? `Case ${caseId}.` : undefined }
        : red
          ? { title: 'Red contacts', text: `${red} red contact${red === 1 ? '' : 's'} in this queue: police red and amber notifications come first.` }
          : undefined,
    });
  }

  for (const name of Object.keys(queuePages) as QueuePage[]) {
    router.get(`/queues/${name}`, guard('queues'), (req, res) => show(req, res, name));
  }
  return router;
}
