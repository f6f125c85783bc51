// What a partner agency reads of its referrals' outcomes.
import type { Agency } from '../../shared/codes.js';
import type { OutboxRecord } from '../queries/records.js';
import type { Outbox } from '../schemas/referrals.js';
import { caseUrl } from './cases.js';

export function presentOutbox(agency: Agency, entries: OutboxRecord[]): Outbox {
  return {
    agency,
    items: entries.map((e) => ({
      id: e._id,
      caseId: e.caseId,
      url: caseUrl(e.caseId),
      ...(e.referrerReference ? { referrerReference: e.referrerReference } : {}),
      source: e.source,
      kind: e.kind,
      decisionVersion: e.decisionVersion,
      ...(e.outcome ? { outcome: e.outcome } : {}),
      ...(e.duplicateOf ? { duplicateOf: e.duplicateOf } : {}),
      ...(e.levelOfNeed !== undefined ? { levelOfNeed: e.levelOfNeed } : {}),
      ...(e.leadAgency ? { leadAgency: e.leadAgency } : {}),
      decidedAt: e.decidedAt.toISOString(),
      postedAt: e.postedAt.toISOString(),
    })),
  };
}
