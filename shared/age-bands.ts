// A child's age band at a contact, as the children in need census and the managers count
// them: under 1, 1-4, 5-9, 10-15, 16 and over (16-17; 18 and over when a young adult is
// named), or not known without a date of birth. Age in whole years on the contact's date.

export const ageBands = ['under 1', '1-4', '5-9', '10-15', '16-17', '18 and over', 'not known'] as const;
export type AgeBand = (typeof ageBands)[number];

/** Whole years from `dateOfBirth` (YYYY-MM-DD) to the date of `at` (UTC). */
export function ageInYears(dateOfBirth: string, at: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  const on = at.toISOString().slice(0, 10);
  const [ay, am, ad] = on.split('-').map(Number);
  return ay - y - (am < m || (am === m && ad < d) ? 1 : 0);
}

export function ageBandOf(dateOfBirth: string | undefined, at: Date): AgeBand {
  if (!dateOfBirth || !/^\d{4}-\d{2}-\d{2}/.test(dateOfBirth)) return 'not known';
  const age = ageInYears(dateOfBirth.slice(0, 10), at);
  if (age < 0) return 'not known';
  return age < 1 ? 'under 1' : age < 5 ? '1-4' : age < 10 ? '5-9' : age < 16 ? '10-15' : age < 18 ? '16-17' : '18 and over';
}

/** The bands of a contact's children, each once, in the bands' order. */
export function ageBandsOf(children: readonly { dateOfBirth?: string }[], at: Date): AgeBand[] {
  const seen = new Set(children.map((c) => ageBandOf(c.dateOfBirth, at)));
  return ageBands.filter((b) => seen.has(b));
}
