// The audit trail's sealer (shared/db/audit-chain.ts): one run seals the entries logged
// since the last, into the hash chain. Started by a Temporal schedule every minute with
// overlap skipped (worker/schedules.ts), so one sealer runs at a time; a second started
// by hand would lose the next link's `_id` to the first and stop.
import { store } from './io.js';

export async function auditSealWorkflow(): Promise<{ sealed: number; links: number }> {
  return store.sealAuditTrail();
}
