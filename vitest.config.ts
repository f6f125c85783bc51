import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-logging.ts'],
    // Two cores: test files share the servers and run one after another, which keeps
    // timings steady; each file uses its own database and task queue.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The fixtures send every police notification about one synthetic family (Ava and Leo
    // Testcase, domestic abuse): with MARAC's escalation counted, every third contact in a
    // test file would need a MARAC referral. It is counted where it is tested
    // (test/e2e/marac-escalation.test.ts sets it to 3).
    env: { MARAC_ESCALATION_INCIDENTS: '0' },
  },
});
