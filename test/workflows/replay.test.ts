// Histories recorded from the workflow tests (`npm run record-histories`) are replayed
// against today's workflow code. A change that would break cases already running (a
// determinism error) fails here, before it reaches a front door with open cases.
// Change running workflows through patched() → deprecatePatch() → removal.
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { dataConverter } from '../../shared/payload-codec.js';
import { historiesDir } from '../support/workflow-env.js';

// One folder per generation of the workflow code; every generation must still replay.
const files = readdirSync(historiesDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('replay of recorded contact histories', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s replays without a determinism error', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(historiesDir, file), 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: { code: inject('workflowBundleCode') }, dataConverter: dataConverter() }, history, file);
  });
});
