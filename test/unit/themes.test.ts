// Themes and hotspots: the exact Poisson test, the council's localities file, and the
// emerging-theme rule on synthetic weeks with one planted hotspot.
import { describe, expect, it } from 'vitest';
import { defaultEmergingRule, disclosableCount, themeTrends, type WeeklyThemeCount } from '../../shared/themes/emerging.js';
import { loadLocalities, parseLocalities, UNMAPPED_LOCALITY } from '../../shared/themes/localities.js';
import { poissonPmf, poissonRateRiseTest, poissonUpperTail } from '../../shared/themes/poisson.js';

describe('the exact Poisson test', () => {
  it('gives the textbook tails', () => {
    // P(X ≥ 10 | 3) = 0.0011025 (R: ppois(9, 3, lower.tail = FALSE)).
    expect(poissonUpperTail(10, 3)).toBeCloseTo(0.0011025, 6);
    expect(poissonUpperTail(3, 3)).toBeCloseTo(1 - Math.exp(-3) * 8.5, 12);
    expect(poissonUpperTail(0, 2)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
    // Far in the tail it keeps its precision (not 1 - 0.999…): R gives 1.854727e-19.
    expect(poissonUpperTail(50, 10) / 1.854727e-19).toBeCloseTo(1, 5);
    // Large counts do not overflow.
    expect(poissonPmf(1000, 1000)).toBeCloseTo(0.01261, 4);
  });

  it('compares two windows exactly, as a binomial given their total', () => {
    // 5 recent, 0 before, recent window 4 of 30 weeks: (4/30)^5.
    expect(poissonRateRiseTest(5, 0, 4 / 30)).toBeCloseTo((4 / 30) ** 5, 12);
    // R: binom.test(8, 20, 0.25, alternative = "greater")$p.value = 0.1018119.
    expect(poissonRateRiseTest(8, 12, 0.25)).toBeCloseTo(0.1018119, 6);
    expect(poissonRateRiseTest(0, 9, 0.25)).toBe(1);
    expect(() => poissonRateRiseTest(1, 1, 1)).toThrow(/recentShare/);
  });
});

describe('localities', () => {
  const localities = parseLocalities(
    JSON.stringify({ localities: [{ name: 'North', postcodes: ['DN15'] }, { name: 'South', postcodes: ['DN17 2', 'DN16'] }, { name: 'Isle', postcodes: ['DN17'] }] }),
    'test',
  );

  it('map a postcode by its sector before its district', () => {
    expect(localities.of('DN15 0ZZ')).toBe('North');
    expect(localities.of('dn17 2ab')).toBe('South');
    expect(localities.of('DN17 4AB')).toBe('Isle');
    expect(localities.of('DN172AB')).toBe('South');
    // A district or a sector alone (a contact's row keeps the district).
    expect(localities.of('DN15')).toBe('North');
    expect(localities.of('DN17 2')).toBe('South');
    expect(localities.of('DN17')).toBe('Isle');
    expect(localities.of('LS1 1AA')).toBe(UNMAPPED_LOCALITY);
    expect(localities.of(undefined)).toBe(UNMAPPED_LOCALITY);
  });

  it('refuse a file a council got wrong, naming the entry', () => {
    const file = (localities: unknown) => JSON.stringify({ localities });
    expect(() => parseLocalities('{', 'LOCALITIES_FILE')).toThrow('LOCALITIES_FILE: not valid JSON');
    expect(() => parseLocalities(file([{ name: 'A', postcodes: ['DN15'] }, { name: 'B', postcodes: ['dn15'] }]), 'f')).toThrow('f: postcode DN15 is in both "A" and "B"');
    expect(() => parseLocalities(file([{ name: 'A', postcodes: ['Scunthorpe'] }]), 'f')).toThrow(/localities\.0\.postcodes\.0: a postcode district/);
    expect(() => parseLocalities(file([{ name: 'A', postcodes: ['DN15'] }, { name: 'A', postcodes: ['DN16'] }]), 'f')).toThrow('locality "A" is listed twice');
    expect(() => parseLocalities(file([]), 'f')).toThrow(/localities/);
  });

  it('ship the synthetic council, and name an unreadable LOCALITIES_FILE', () => {
    const shipped = loadLocalities({});
    expect(shipped.of('DN15 0ZZ')).toBe('Scunthorpe North');
    expect(shipped.of('DN20 0ZZ')).toBe('Brigg and the Wolds');
    expect(() => loadLocalities({ LOCALITIES_FILE: '/nowhere/localities.json' })).toThrow('LOCALITIES_FILE: cannot read /nowhere/localities.json');
  });
});

/** Seeded weeks of counts: every locality × theme at its own steady rate, one planted hotspot. */
function syntheticWeeks(seed: number, hotspot: { locality: string; theme: string; factor: number }): { counts: WeeklyThemeCount[]; lastWeek: string } {
  // mulberry32: a small generator good enough for sampling (a plain LCG's low bits are not).
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Knuth's Poisson sampler: fine for the small weekly means here.
  const poisson = (mean: number) => {
    let k = 0;
    for (let p = random(); p > Math.exp(-mean); p *= random()) k++;
    return k;
  };
  const localities = ['Scunthorpe North', 'Scunthorpe South', 'Isle of Axholme', 'Brigg and the Wolds', 'Barton and the Estuary', 'Winterton and the Villages'];
  const themes = ['incident:domestic_abuse', 'incident:missing_child', 'factor:11A', 'factor:24A', 'factor:10A', 'factor:3A', 'factor:13A', 'factor:21'];
  const rates = new Map(localities.flatMap((l, i) => themes.map((t, j) => [`${l}|${t}`, 0.3 + ((i * 7 + j * 3) % 10) * 0.35] as const)));
  const weeks = 30;
  const lastWeek = '2026-11-30';
  const counts: WeeklyThemeCount[] = [];
  for (let w = 0; w < weeks; w++) {
    const week = new Date(Date.parse(`${lastWeek}T00:00:00Z`) - (weeks - 1 - w) * 7 * 86_400_000).toISOString().slice(0, 10);
    const recent = w >= weeks - 4;
    for (const locality of localities) {
      for (const theme of themes) {
        const planted = recent && locality === hotspot.locality && theme === hotspot.theme;
        const mean = rates.get(`${locality}|${theme}`)! * (planted ? hotspot.factor : 1);
        counts.push({ locality, theme, week, count: poisson(mean) });
      }
    }
  }
  return { counts, lastWeek };
}

describe('emerging themes', () => {
  const hotspot = { locality: 'Isle of Axholme', theme: 'factor:24A', factor: 4 };

  it('flag the planted hotspot and no other in a year like the generator\'s', () => {
    const { counts, lastWeek } = syntheticWeeks(1, hotspot);
    const trends = themeTrends(counts, lastWeek);
    expect(trends).toHaveLength(48);
    expect(trends.filter((t) => t.emerging).map((t) => `${t.locality} ${t.theme}`)).toEqual([`${hotspot.locality} ${hotspot.theme}`]);
  });

  it('find a fourfold rise nearly always and raise a false flag rarely (40 synthetic councils)', () => {
    let found = 0;
    let falseFlags = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { counts, lastWeek } = syntheticWeeks(seed, hotspot);
      const flagged = themeTrends(counts, lastWeek).filter((t) => t.emerging);
      if (flagged.some((t) => t.locality === hotspot.locality && t.theme === hotspot.theme)) found++;
      if (flagged.some((t) => t.locality !== hotspot.locality || t.theme !== hotspot.theme)) falseFlags++;
    }
    // Bonferroni at alpha 0.05 bounds a false flag to 1 run in 20; with these seeds: 1 of 40.
    expect(falseFlags).toBeLessThanOrEqual(2);
    // A fourfold rise from about 1.35 a week: found in 36 of 40.
    expect(found).toBeGreaterThanOrEqual(34);
  });

  it('need a minimum count: three contacts where none were seen is not a pattern', () => {
    const trends = themeTrends([{ locality: 'North', theme: 'factor:11A', week: '2026-11-30', count: 3 }], '2026-11-30');
    expect(trends[0]).toMatchObject({ recent: 3, baseline: 0, emerging: false });
    expect(trends[0].pValue).toBeLessThan(0.01);
    const five = themeTrends([{ locality: 'North', theme: 'factor:11A', week: '2026-11-30', count: defaultEmergingRule.minCount }], '2026-11-30');
    expect(five[0].emerging).toBe(true);
  });

  it('read only the recent and baseline windows', () => {
    const old = { locality: 'North', theme: 'factor:11A', week: '2025-01-06', count: 100 };
    const later = { locality: 'North', theme: 'factor:11A', week: '2026-12-07', count: 100 };
    expect(themeTrends([old, later], '2026-11-30')).toEqual([]);
  });
});

describe('counts that leave the front door', () => {
  it('are "fewer than N" below the threshold', () => {
    expect(disclosableCount(3, 5)).toBe('fewer than 5');
    expect(disclosableCount(5, 5)).toBe(5);
    expect(disclosableCount(0, 5)).toBe(0);
  });
});
