// One family, each child, on the decision page: a row per child (name, age) with their
// level of need, outcome and lead agency, each "as the family" unless the panel changes it.
// Only what differs from the family's is sent (the decision's optional `children` list).
import { agencies, levelsOfNeed, triageOutcomes } from '../shared/codes.js';
import { ageOn } from './format.js';
import { asText, type FormBody, type FormValues } from './forms.js';
import { agencyLabels, outcomeShortLabels } from './labels.js';

const parts = ['levelOfNeed', 'outcome', 'leadAgency'] as const;
const fieldName = (i: number, part: string) => `child-${i}-${part}`;

/** A child's part of the decision as recorded or sent (only what differs from the family's). */
type ChildDecision = { personId: string; levelOfNeed?: number; outcome?: string; leadAgency?: string };

/**
 * The per-child list for the API from the rows the form sent (`child-N-personId` and the
 * three choices), and the values to show again. Rows left "as the family" send nothing.
 */
export function readChildDecisions(body: FormBody, values: FormValues): ChildDecision[] | undefined {
  const list: ChildDecision[] = [];
  for (let i = 0; i < 30; i++) {
    const personId = asText(body[fieldName(i, 'personId')]);
    if (!personId) break;
    const entry: ChildDecision = { personId };
    for (const part of parts) {
      const v = (values[fieldName(i, part)] = asText(body[fieldName(i, part)]));
      if (v) Object.assign(entry, { [part]: part === 'levelOfNeed' ? Number(v) : v });
    }
    if (Object.keys(entry).length > 1) list.push(entry);
  }
  return list.length ? list : undefined;
}

/** The rows' values from a decision recorded before (a returned decision, shown again). */
export function childDecisionValues(children: readonly { personId: string }[], recorded: readonly ChildDecision[] | undefined): FormValues {
  const values: FormValues = {};
  children.forEach((ch, i) => {
    const own = recorded?.find((c) => c.personId === ch.personId);
    for (const part of parts) if (own?.[part] !== undefined) values[fieldName(i, part)] = String(own[part]);
  });
  return values;
}

const options = {
  levelOfNeed: levelsOfNeed.map((l) => ({ value: String(l), text: `Level ${l}` })),
  outcome: triageOutcomes.map((o) => ({ value: o, text: outcomeShortLabels[o] })),
  leadAgency: agencies.map((a) => ({ value: a, text: agencyLabels[a] })),
};
const headings = { levelOfNeed: 'Level of need', outcome: 'Outcome', leadAgency: 'Lead agency' };

/** A row per child: who they are and a select for each part, the first choice "As the family". */
export function childDecisionRows(children: readonly { personId: string; name: string; age: string }[], values: FormValues) {
  return children.map((ch, i) => ({
    index: i,
    personId: ch.personId,
    name: ch.name,
    age: ch.age,
    selects: parts.map((part) => ({
      id: fieldName(i, part),
      name: fieldName(i, part),
      label: { text: `${headings[part]} for ${ch.name}`, classes: 'govuk-visually-hidden' },
      formGroup: { classes: 'govuk-!-margin-bottom-0' },
      classes: 'govuk-!-width-full',
      items: [{ value: '', text: 'As the family' }, ...options[part]].map((o) => ({ ...o, selected: asText(values[fieldName(i, part)]) === o.value })),
    })),
  }));
}

/** The case's children as the decision pages list them: name and age, by the notification or form. */
export function childrenOf(c: { children?: { personId: string }[]; notification?: unknown; referralForm?: unknown }, today: string) {
  const named = ((c.notification ?? c.referralForm) as { children?: { givenName?: string; familyName?: string; dateOfBirth?: string; unborn?: boolean }[] } | undefined)?.children ?? [];
  return (c.children ?? []).map((ch, i) => {
    const n = named[i];
    return { personId: ch.personId, name: [n?.givenName, n?.familyName].filter(Boolean).join(' ') || `Child ${i + 1}`, age: n?.unborn ? 'unborn' : ageOn(n?.dateOfBirth, today) };
  });
}

/**
 * The family's level, outcome and lead as the page was shown ("level 4, strategy discussion
 * (s47), children's social care"): what "As the family" means for each child. Undefined
 * while none is chosen (a new decision).
 */
export function familyNow(values: FormValues): string | undefined {
  const level = asText(values.levelOfNeed);
  const outcome = asText(values.outcome) as keyof typeof outcomeShortLabels;
  const lead = asText(values.leadAgency) as keyof typeof agencyLabels;
  const said = [level && `level ${level}`, outcomeShortLabels[outcome]?.toLowerCase(), agencyLabels[lead]?.toLowerCase()].filter(Boolean);
  return said.length ? said.join(', ') : undefined;
}
