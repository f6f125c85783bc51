// The lists people work from, the managers' figures and the audit trail.
import { referralOutcomes } from '../../shared/case/rules.js';
import { agencies, contactSources, ragRatings, triageOutcomes } from '../../shared/codes.js';
import type { AuditPage, BreakGlassReport } from '../schemas/audit.js';
import type { Figures } from '../schemas/figures.js';
import type { QueueName } from '../schemas/requests.js';
import type { Agenda, InformationRequestQueue, Queue } from '../schemas/work.js';
import type { FigureCounts } from '../queries/figures.js';
import type { OpenRequest } from '../queries/work.js';
import type { AuditRecord, ContactRecord } from '../queries/records.js';
import type { Principal } from '../auth/roles.js';
import { agencyOf } from '../policies.js';
import type { AgencyCaseSummary } from '../schemas/case-views.js';
import type { CaseSummary } from '../schemas/cases.js';
import { presentAgencySummary } from './case-views.js';
import { presentCaseSummary } from './cases.js';
import { childrenUnnamed, type ChildrenOf } from '../queries/family.js';
import type { QueuePage } from '../queries/work.js';

/**
 * Each role's own view of a case in a list: the front door's summary for managers and the
 * panel; for a partner or a lead agency worker the same as their case page shows of their
 * own organisation's part (case-views.ts), never the front door's assessment.
 */
export function summaryFor(p: Principal, childrenOf: ChildrenOf = childrenUnnamed, linked?: ReadonlyMap<string, string[]>): (c: ContactRecord) => CaseSummary | AgencyCaseSummary {
  if (p.role !== 'partner_practitioner' && p.role !== 'lead_agency_worker') return (c) => presentCaseSummary(c, childrenOf, linked);
  const who = { agency: agencyOf(p), organisation: p.organisation };
  return (c) => presentAgencySummary(c, who, childrenOf);
}

export function presentAgenda(
  p: Principal,
  agenda: { date: string; meetingTime: string; cases: ContactRecord[] },
  themes: Agenda['themes'] = [],
  childrenOf: ChildrenOf = childrenUnnamed,
  linked?: ReadonlyMap<string, string[]>,
): Agenda {
  return { date: agenda.date, meetingTime: agenda.meetingTime, items: agenda.cases.map(summaryFor(p, childrenOf, linked)), themes };
}

export function presentQueue(p: Principal, queue: QueueName, cases: ContactRecord[], page: QueuePage, childrenOf: ChildrenOf = childrenUnnamed): Queue {
  return { queue, items: cases.map(summaryFor(p, childrenOf)), ...page };
}

export function presentInformationRequests(p: Principal, open: OpenRequest[], childrenOf: ChildrenOf = childrenUnnamed): InformationRequestQueue {
  const who = { agency: agencyOf(p), organisation: p.organisation };
  return {
    queue: 'information_requests',
    items: open.map(({ contact, request: r }) => ({
      ...presentAgencySummary(contact, who, childrenOf),
      request: { agency: r.agency, status: r.status, requestedAt: r.requestedAt, dueAt: r.dueAt, receivedAt: r.receivedAt, late: r.late ?? false },
    })),
  };
}

export const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
const countsOf = (keys: readonly string[], counts: FigureCounts['byOutcome']) => Object.fromEntries(keys.map((k) => [k, counts.get(k) ?? 0]));

export function presentFigures(f: FigureCounts): Figures {
  const contacts = sum(f.byRecontact.values());
  const outcomes = countsOf(triageOutcomes, f.byOutcome);
  const decided = sum(Object.values(outcomes));
  const referrals = sum(referralOutcomes.map((o) => outcomes[o]));
  const breached = f.byBreached.get(true) ?? 0;
  return {
    period: { from: f.from.toISOString(), to: f.to.toISOString() },
    contacts,
    decided,
    byOutcome: outcomes,
    byChildOutcome: countsOf(triageOutcomes, f.byChildOutcome),
    childrenDecided: sum(f.byChildOutcome.values()),
    // The PIT Stop's headline: about 70% before, about 30% after.
    noFurtherActionShare: share(outcomes.no_further_action, decided),
    referralConversion: share(referrals, decided),
    earlyHelpShare: share(outcomes.early_help + outcomes.targeted_family_support, decided),
    recontactShare: share(f.byRecontact.get(true) ?? 0, contacts),
    breached,
    breachedShare: share(breached, contacts),
    statutoryDeadlineMissed: f.byStatutoryMiss.get(true) ?? 0,
    openBacklogByRating: countsOf(ragRatings, f.openByRating),
    awaitingAcceptanceByLeadAgency: countsOf(agencies, f.awaitingAcceptanceByLeadAgency),
    bySource: countsOf(Object.keys(contactSources), f.bySource),
  };
}

/** Break-glass reads, newest first (at most 500), and each person's count over all, most first. */
export function presentBreakGlass(entries: AuditRecord[]): BreakGlassReport {
  const people = new Map<string, BreakGlassReport['byPerson'][number]>();
  for (const e of entries) {
    const p = people.get(e.actor.id) ?? { id: e.actor.id, name: e.actor.name, role: e.actor.role, agency: e.actor.agency, reads: 0, lastAt: e.at.toISOString() };
    p.reads += 1;
    if (e.at.toISOString() > p.lastAt) p.lastAt = e.at.toISOString();
    people.set(e.actor.id, p);
  }
  return {
    items: presentAuditPage(entries.slice(0, 500), { page: 1, pageSize: 500 }).items,
    byPerson: [...people.values()].sort((a, b) => b.reads - a.reads || a.id.localeCompare(b.id)),
  };
}

export function presentAuditPage(items: AuditRecord[], page: { page: number; pageSize: number }): AuditPage {
  return {
    items: items.map((e) => ({
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      caseId: e.caseId,
      resource: e.resource,
      reason: e.reason,
      requestId: e.requestId,
      outcome: e.outcome,
      timelineEntry: e.timelineEntry,
      lookedUp: e.lookedUp,
    })),
    ...page,
  };
}
