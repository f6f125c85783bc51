// A stuck case's workflow history in a few readable lines (its workflow tasks' attempts,
// failures and timeouts, its local activity markers), for a test that waits on a case to say why.
import { Client, Connection } from '@temporalio/client';
import { writeFileSync } from 'node:fs';
import { inject } from 'vitest';
import { workflowIdFor } from '../../shared/ids.js';
import { dataConverter } from '../../shared/payload-codec.js';

/** One line per event of each case's history; the full histories written to `dir` if given. */
export async function historiesOf(caseIds: string[], dir?: string): Promise<string> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  try {
    const client = new Client({ connection, namespace: 'default', dataConverter: dataConverter() });
    const out: string[] = [];
    for (const caseId of caseIds) {
      const handle = client.workflow.getHandle(workflowIdFor(caseId));
      const history = await handle.fetchHistory();
      if (dir) writeFileSync(`${dir}/${caseId}.json`, JSON.stringify(history, null, 1));
      out.push(`--- ${workflowIdFor(caseId)}`);
      const t0 = Number(history.events?.[0]?.eventTime?.seconds ?? 0);
      for (const e of history.events ?? []) {
        const at = Number(e.eventTime?.seconds ?? 0) - t0 + Number(e.eventTime?.nanos ?? 0) / 1e9;
        const attrs = Object.entries(e).find(([k, v]) => k.endsWith('Attributes') && v)?.[1] as Record<string, unknown> | undefined;
        const detail = attrs
          ? JSON.stringify(attrs, (k, v) => (k === 'payloads' || k === 'data' || k === 'input' || k === 'header' || k === 'details' ? '…' : v)).slice(0, 400)
          : '';
        out.push(`${e.eventId} +${at.toFixed(1)}s type=${e.eventType} ${detail}`);
      }
    }
    return out.join('\n');
  } finally {
    await connection.close();
  }
}
