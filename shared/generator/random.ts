// Deterministic pseudo-random numbers for synthetic data: the same seed gives the same
// records on every machine (mulberry32, 32-bit state), never Math.random.

export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** One of `xs`, each as likely. */
  pick<T>(xs: readonly T[]): T;
  /** One of the keys of `weights`, each as likely as its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** A Poisson count with mean `mean` (Knuth's method: the means here are small). */
  poisson(mean: number): number;
  /** An integer in [from, to], both included. */
  between(from: number, to: number): number;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    next,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    weighted(weights) {
      const entries = Object.entries(weights) as [never, number][];
      const total = entries.reduce((a, [, w]) => a + w, 0);
      let x = next() * total;
      for (const [k, w] of entries) if ((x -= w) < 0) return k;
      return entries[entries.length - 1][0];
    },
    poisson(mean) {
      const limit = Math.exp(-mean);
      let k = 0;
      for (let p = next(); p > limit; p *= next()) k++;
      return k;
    },
    between: (from, to) => from + Math.floor(next() * (to - from + 1)),
  };
}

/** A name made of letters only (person matching ignores digits in names): 0 → a, 26 → ba. */
export function letters(i: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return s;
}
