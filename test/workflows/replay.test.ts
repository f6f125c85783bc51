// Histories recorded from the workflow tests (`npm run record-histories`) are replayed
// against today's workflow code. A change that would break cases already running (a
// determinism error) fails here, before it reaches a front door with open cases.
// Change running workflows through patched() → deprecatePatch() → removal, each patch
// with a generation of its own beside the baseline (docs/architecture.md "Changing a
// running workflow").
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { dataConverter } from '../../shared/payload-codec.js';
import { CONTACT_WORKFLOW, PARTNER_CONTACT_WORKFLOW } from '../../workflows/messages.js';
import { currentHistoriesDir, historiesDir } from '../support/workflow-env.js';

// One folder per generation of the workflow code; every generation kept must replay.
const files = readdirSync(historiesDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();
const historyOf = (file: string) => historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8')));
const workflowTypeOf = (file: string) => historyOf(file).events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

describe('replay of recorded contact histories', () => {
  it('has histories to replay: every path the workflow tests record, in the current generation', () => {
    const current = files.filter((f) => f.startsWith(`${basename(currentHistoriesDir)}/`));
    // Ten police contact paths (deadlines, returns, declines, webhooks, amendments, s47,
    // police updates) and three partner contact paths (rated late, rated red, a refusing webhook).
    expect(current.length).toBeGreaterThanOrEqual(12);
    // Police notifications and contacts from anyone else: both workflow types have histories.
    const types = new Set(current.map(workflowTypeOf));
    expect([...types].sort()).toEqual([CONTACT_WORKFLOW, PARTNER_CONTACT_WORKFLOW].sort());
  });

  it.each(files)('%s replays without a determinism error', async (file) => {
    await Worker.runReplayHistory({ workflowBundle: { code: inject('workflowBundleCode') }, dataConverter: dataConverter() }, historyOf(file), file);
  });
});
