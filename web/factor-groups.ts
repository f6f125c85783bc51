// The census factors on the decision page, grouped by theme, each group a collapsible
// `details` element (open where a factor is ticked): 42 checkboxes in one list were 1,300 px
// and 63 Tab presses. The same `factors` checkboxes, so the form reads as before.
import type { FieldView } from './step-form-view.js';

const groups: { title: string; codes: RegExp }[] = [
  { title: 'Alcohol and drug misuse', codes: /^[12][A-C]$/ },
  { title: 'Domestic abuse', codes: /^3[A-C]$/ },
  { title: 'Mental health, disability, illness and caring', codes: /^([456][A-C]|7A)$/ },
  { title: 'Abuse and neglect', codes: /^(16A|17A|18[BC]|19[BC]|22A|23A)$/ },
  { title: 'Going missing, exploitation and harm outside the home', codes: /^(10A|11A|12A|13A|14A|15A|24A)$/ },
  { title: 'Private fostering, asylum and other', codes: /^(8[B-F]|9A|20|21)$/ },
];

export interface FactorGroup {
  title: string;
  chosen: number;
  field: FieldView;
}

/** The factors field split into its groups (each a checkboxes field of the group's items); the error on the first. */
export function factorGroups(factors: FieldView | undefined): FactorGroup[] {
  if (!factors?.items) return [];
  return groups.map((g, i) => {
    const items = factors.items!.filter((it) => g.codes.test(String(it.item.value)));
    const params = { ...factors.params, idPrefix: i === 0 ? 'factors' : `factors-${i}`, fieldset: { legend: { text: g.title, classes: 'govuk-visually-hidden' } }, hint: undefined, errorMessage: i === 0 ? factors.params.errorMessage : undefined };
    return { title: g.title, chosen: items.filter((it) => it.item.checked).length, field: { ...factors, params, items } };
  });
}
