// People's names as matching compares them. No I/O and no Node modules: the workflow bundle
// (police updates compare the people of two versions) uses it too.

/** Lower-case, accents and punctuation removed, spaces collapsed: for matching people. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
