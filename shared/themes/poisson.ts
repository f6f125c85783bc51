// The exact Poisson test the emerging-theme rule uses. Counts of contacts about one theme in
// one locality arrive independently at a locality's own rate, so a week's count is Poisson;
// a rise is "emerging" when a count at least as high as the one seen would be rare at the
// baseline rate. Exact, not a normal approximation: the counts that matter are small.

/** ln(k!) by summing logs: exact enough for the counts a front door sees (thousands at most). */
const logFactorials = [0, 0];
/** Sums kept for counts up to this: far beyond any week's count at one front door. */
const KEPT_UP_TO = 100_000;
function logFactorial(k: number): number {
  if (!Number.isInteger(k) || k > KEPT_UP_TO) {
    let sum = 0;
    for (let i = 2; i <= k; i++) sum += Math.log(i);
    return sum;
  }
  // Summed in the same order (log 2 + log 3 + … + log k), each sum kept for the next call.
  for (let i = logFactorials.length; i <= k; i++) logFactorials.push(logFactorials[i - 1] + Math.log(i));
  return k < 2 ? 0 : logFactorials[k];
}

/** P(X = k) for X ~ Poisson(mean), in log space so large counts do not overflow. */
export function poissonPmf(k: number, mean: number): number {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`count must be a whole number ≥ 0, not ${k}`);
  if (!(mean >= 0)) throw new RangeError(`mean must be ≥ 0, not ${mean}`);
  if (mean === 0) return k === 0 ? 1 : 0;
  return Math.exp(k * Math.log(mean) - mean - logFactorial(k));
}

/** P(X ≥ k) for X ~ Poisson(mean): the one-sided p-value of seeing k or more. */
export function poissonUpperTail(k: number, mean: number): number {
  if (k <= 0) return 1;
  if (mean === 0) return 0;
  if (k > mean) {
    // Above the mean the terms fall: sum the (small) tail itself, keeping its precision.
    let tail = 0;
    let term = poissonPmf(k, mean);
    for (let i = k; term > tail * 1e-17 && term > 0; i++) {
      tail += term;
      term = (term * mean) / (i + 1);
    }
    return Math.min(1, tail);
  }
  // At or below the mean the tail is large: one minus the head P(X ≤ k-1).
  let head = 0;
  let term = Math.exp(-mean);
  for (let i = 0; i < k; i++) {
    head += term;
    term = (term * mean) / (i + 1);
  }
  return Math.max(0, 1 - head);
}

/** ln C(n, k). */
function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/**
 * The exact test that two Poisson counts share one rate (the conditional, or C-, test): given
 * `recent + baseline` contacts in all, under one rate each falls in the recent window with
 * probability `recentShare` (its share of the time), so the recent count is binomial. Returns
 * P(X ≥ recent): small when the recent window holds more than its share. Unlike a test against
 * the baseline's rate taken as known, it allows for that rate being itself an estimate from a
 * few contacts, which would otherwise flag chance rises in quiet localities.
 */
export function poissonRateRiseTest(recent: number, baseline: number, recentShare: number): number {
  if (!(recentShare > 0 && recentShare < 1)) throw new RangeError(`recentShare must be between 0 and 1, not ${recentShare}`);
  const n = recent + baseline;
  if (recent <= 0) return 1;
  let tail = 0;
  for (let k = recent; k <= n; k++) tail += Math.exp(logChoose(n, k) + k * Math.log(recentShare) + (n - k) * Math.log1p(-recentShare));
  return Math.min(1, tail);
}
