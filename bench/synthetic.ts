// Synthetic names for the benchmarks: never a real person.

/** A name made of letters only (person matching ignores digits in names): 0 → a, 26 → ba. */
export function letters(i: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return s;
}
