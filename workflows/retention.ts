// The retention schedule's workflow (started daily by the Temporal schedule the worker
// keeps, worker/retention-schedule.ts): finds the closed cases whose records have expired
// (shared/retention.ts) and erases them one by one, a batch at a time, until none is left;
// a long first run continues as new to keep its history short. `asOf`: the moment the
// rules are applied at (default: now).
import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import type { ErasureResult, RetentionActivities } from '../shared/retention.js';

const { findExpiredCases, eraseExpiredCase } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const BATCH = 100;
const BATCHES_PER_RUN = 10;

export interface RetentionInput {
  asOf?: string;
}

export interface RetentionReport {
  asOf: string;
  erased: number;
  kept: Partial<Record<NonNullable<ErasureResult['kept']>, number>>;
}

export async function retentionWorkflow(input: RetentionInput = {}, sofar?: RetentionReport): Promise<RetentionReport> {
  const asOf = input.asOf ?? new Date(Date.now()).toISOString();
  const report: RetentionReport = sofar ?? { asOf, erased: 0, kept: {} };
  // A case kept (held, open) is found again: each batch asks past the ones kept so far.
  const skipped = new Set<string>();
  for (let b = 0; b < BATCHES_PER_RUN; b++) {
    const found = (await findExpiredCases({ asOf, limit: BATCH + skipped.size })).filter((c) => !skipped.has(c.caseId));
    if (found.length === 0) return report;
    for (const c of found) {
      const r = await eraseExpiredCase({ ...c, asOf });
      if (r.erased) report.erased++;
      else {
        skipped.add(c.caseId);
        report.kept[r.kept!] = (report.kept[r.kept!] ?? 0) + 1;
      }
    }
  }
  // More to erase: a new run with the same moment, its history started afresh.
  return continueAsNew<typeof retentionWorkflow>({ asOf }, report);
}
