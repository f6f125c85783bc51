// The auditor's view of the audit log (GET /api/v1/audit): who consulted or changed what,
// when, and why, by case and by user; and, for a subject access request or a misuse
// inquiry, who accessed anything about one child across their cases
// (GET /api/v1/audit/children/{personId}). Reading it is itself audited by the API.
import { Router } from 'express';
import { isCaseId } from '../../shared/ids.js';
import { apiClient } from '../api-client.js';
import { guard } from '../guard.js';
import { renderPage } from '../render.js';
import type { FormErrors } from '../forms.js';
import type { WebDeps } from '../deps.js';
import type { AuditPage, ChildAccessReport } from '../../api/schemas/audit.js';

const PAGE_SIZE = 50;

/** The audit log's actions in words. */
export const auditActionLabels: Record<string, string> = {
  'notification.submit': 'Notification submitted',
  'notification.resend': 'Notification resent',
  'case.read': 'Case consulted',
  'case.timeline.read': 'Timeline consulted',
  'case.partner_information.read': 'Partner information consulted',
  'case.list': 'Cases searched',
  'agenda.read': 'Agenda consulted',
  'queue.read': 'Queue consulted',
  'queue.information_requests.read': 'Information requests consulted',
  'person.contacts.read': "Chronology or adult's history consulted",
  'person.household.read': 'Household consulted',
  'person.rectify': "Person's details corrected",
  'person.merge': 'Two person records merged',
  'person.split': 'A person split',
  'person.subject_access': 'Subject access export',
  'person.disclosures.read': 'Disclosures about a person consulted',
  'legal_hold.place': 'Legal hold placed',
  'legal_hold.lift': 'Legal hold lifted',
  'legal_hold.read': 'Legal hold consulted',
  'disclosure.annex_a': 'Annex A list disclosed',
  'case.rating.change': 'Rating changed',
  'case.partner_information.add': 'Partner information added',
  'case.decision.record': 'Decision recorded',
  'case.decision.authorise': 'Decision authorised or returned',
  'case.decision.amend': 'Decision amended',
  'case.allocation.respond': 'Allocation answered',
  'case.strategy_discussion.record': 'Strategy discussion recorded',
  'case.conference.record': 'Child protection conference recorded',
  'case.address.confidential': 'Address marked confidential',
  'disclosure.police_feedback': 'Outcome disclosed to the police',
  'figures.read': 'Figures consulted',
  'access.refused': 'Access refused',
  'audit.read': 'Audit log consulted',
  'audit.child.read': "Child's access report consulted",
  'case.request.refused': 'Request refused',
  'case.not_found': 'Unknown case asked for',
  'notification.update': 'Notification updated by the police',
  'case.read.beyond_need_to_know': 'Case consulted beyond need to know',
  'case.partner_information.read.beyond_need_to_know': 'Partner information consulted beyond need to know',
  'queue.counts.read': 'Queue counts consulted',
  'case.rating.initial': 'Initial rating given',
  'referral.submit': 'Referral submitted',
  'referral.resend': 'Referral resent',
  'outbox.read': 'Referral outcomes consulted',
  'disclosure.referrer_outcome': 'Outcome disclosed to the referrer',
  'themes.read': 'Themes consulted',
  'meeting.read': 'Minutes consulted',
  'meeting.open': 'Meeting opened',
  'meeting.register.add': 'Added to the register',
  'meeting.close': 'Meeting closed',
  'break_glass.read': 'Break-glass reads consulted',
  'payload.decode': "Temporal's payloads decoded",
  'payload.encode': "Temporal's payloads encoded",
};

const PERSON_ID = /^CH-[0-9A-F]{20}$/;

/** What an entry looked up by name, in words. */
const lookedUpText = (l?: { caseId?: string | null; userId?: string | null; personId?: string | null } | null) =>
  [l?.caseId && `case ${l.caseId}`, l?.userId && `user ${l.userId}`, l?.personId && `child ${l.personId}`].filter(Boolean).join(', ');

export function auditPageRoutes({ auth, cfg, views }: WebDeps): Router {
  const router = Router();

  router.get('/audit', guard('audit'), async (req, res) => {
    const caseId = String(req.query.caseId ?? '').trim().toUpperCase();
    const userId = String(req.query.userId ?? '').trim();
    const personId = String(req.query.personId ?? '').trim().toUpperCase();
    const page = Math.max(1, Math.min(10_000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const errors: FormErrors = { summary: [], fields: {} };
    if (caseId && !isCaseId(caseId)) {
      const text = 'Case must be a case id, like C- followed by 20 letters and digits';
      errors.summary.push({ text, href: '#caseId' });
      errors.fields.caseId = { text };
    }
    if (personId && !PERSON_ID.test(personId)) {
      const text = "Child must be a child's person id, like CH- followed by 20 letters and digits";
      errors.summary.push({ text, href: '#personId' });
      errors.fields.personId = { text };
    }
    const params = new URLSearchParams();
    if (caseId && !errors.summary.length) params.set('caseId', caseId);
    if (userId) params.set('userId', userId);
    params.set('page', String(page));
    params.set('pageSize', String(PAGE_SIZE));
    // A child named: who accessed anything about them, across their cases.
    if (personId && !errors.summary.length) params.set('personId', personId);
    const api = apiClient(auth, req, res);
    const search = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
    const result: { items: AuditPage['items']; caseIds?: string[] } = errors.summary.length
      ? { items: [] }
      : personId
        ? ((await api.find<ChildAccessReport>(`/audit/children/${personId}?${search}`)) ?? { items: [], caseIds: [] })
        : await api.get<AuditPage>(`/audit?${params}`);
    const link = (p: number) => {
      const u = new URLSearchParams(params);
      u.set('page', String(p));
      u.delete('pageSize');
      return `/audit?${u}`;
    };
    renderPage(views, cfg, req, res, 'audit.njk', {
      pageTitle: 'Audit log',
      caseId,
      userId,
      personId,
      childCases: result.caseIds,
      entries: result.items.map((e) => ({ ...e, actionText: auditActionLabels[e.action] ?? e.action, lookedUpText: lookedUpText(e.lookedUp) })),
      page,
      // The API pages without a total: a full page means there may be more.
      pagination:
        page > 1 || result.items.length === PAGE_SIZE
          ? {
              previous: page > 1 ? { href: link(page - 1), labelText: `Page ${page - 1}` } : undefined,
              next: result.items.length === PAGE_SIZE ? { href: link(page + 1), labelText: `Page ${page + 1}` } : undefined,
            }
          : undefined,
      errorSummary: errors.summary,
      fieldErrors: errors.fields,
    }, errors.summary.length ? 400 : 200);
  });

  return router;
}
