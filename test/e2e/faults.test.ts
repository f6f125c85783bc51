// `npm run test:faults` small (bench/faults.ts): under `npm start`, 50 police notifications
// in flight while the worker, the API, the Temporal dev server and FerretDB are each killed
// with SIGKILL once, then outcomes told while the force's webhook is down: nothing
// acknowledged is lost or doubled, every part comes back by itself, each outcome arrives once.
import { describe, expect, it } from 'vitest';
import { runFaults } from '../../bench/faults.js';

describe('faults injected under npm start', () => {
  it('lose and double nothing, and heal by themselves', async () => {
    const f = await runFaults({ notifications: 50, sendingMs: 25_000, decided: 3, webhookDownMs: 8_000 });
    expect(f).toMatchObject({ sent: 50, lost: 0, duplicated: 0, 'wrong stage': 0, 'outcomes delivered': 3, 'outcomes twice': 0, 'npm start stopped': false });
    expect(f['resend accepted']).toBe(f.refused);
    expect(Object.keys(f['heal (s)'])).toEqual(['worker', 'API', 'Temporal dev server', 'FerretDB', 'police webhook']);
  }, 400_000);
});
