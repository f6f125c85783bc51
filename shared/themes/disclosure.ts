// Small counts leaving the front door: below the threshold a count is "fewer than N"
// (emerging.ts `disclosableCount`), so a figure about a small locality, age band or week
// cannot point at a family. The council's threshold, SMALL_COUNT_THRESHOLD (default 5),
// checked when the API starts.

export const DEFAULT_SMALL_COUNT_THRESHOLD = 5;

export function smallCountThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SMALL_COUNT_THRESHOLD;
  if (raw === undefined || raw === '') return DEFAULT_SMALL_COUNT_THRESHOLD;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error(`SMALL_COUNT_THRESHOLD must be a whole number from 1 to 100: got "${raw}"`);
  return n;
}
