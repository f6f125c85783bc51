// A step's fields as the Design System's components, for views/partials/step-form.njk:
// each field becomes one component's parameters (label, hint, items, value, error), and
// the fields an answer reveals are nested under that answer. Words come from the steps
// table (shared/step-forms.ts); a page only overrides what depends on the case (the
// version being authorised, the agency asked to lead).
import type { CaseStep } from '../shared/case/steps.js';
import { stepFormFields, type FormField } from '../shared/step-form-fields.js';
import { asList, asText, choiceText, type FormErrors, type FormValues } from './forms.js';
import { levelOfNeedLabels, partnerActionDefaultAgency } from './labels.js';
import { stepForms } from '../shared/step-forms.js';

export interface FieldView {
  component: 'radios' | 'select' | 'checkboxes' | 'textarea' | 'character-count' | 'input' | 'date';
  params: Record<string, unknown>;
  /** Items whose answer reveals fields: rendered inside the item (`conditional`). */
  items?: { item: Record<string, unknown>; reveal: FieldView[] }[];
}

export interface StepFormOptions {
  /** A field's label or legend for this case, by the form's name. */
  labels?: Record<string, string>;
  hints?: Record<string, string>;
  /** Only these choices (the proposer: one of the agencies at the meeting). */
  only?: Record<string, readonly string[]>;
}

const labelText = (f: FormField, opts: StepFormOptions) => `${opts.labels?.[f.name] ?? f.text.label}${f.optional && f.kind !== 'check' ? ' (optional)' : ''}`;

function view(f: FormField, values: FormValues, errors: FormErrors | undefined, opts: StepFormOptions, nested: boolean): FieldView[] {
  const size = nested ? undefined : (f.text.size ?? 'm');
  const hint = opts.hints?.[f.name] ?? f.text.hint;
  const common = {
    name: f.name,
    errorMessage: errors?.fields[f.name],
    hint: hint ? { text: hint } : undefined,
  };
  const legend = { legend: { text: labelText(f, opts), classes: size ? `govuk-fieldset__legend--${size}` : undefined } };
  const label = { text: labelText(f, opts), classes: size ? `govuk-label--${size}` : undefined };
  const value = asText(values[f.name]);
  const choices = f.choices.map(String).filter((c) => !opts.only?.[f.name] || opts.only[f.name].includes(c));
  switch (f.kind) {
    case 'radios':
    case 'yes-no': {
      const answers = f.kind === 'yes-no' ? ['yes', 'no'] : choices;
      const items = answers.map((c) => ({
        item: { value: c, text: f.kind === 'yes-no' ? (c === 'yes' ? 'Yes' : 'No') : choiceText(f, c), hint: hintFor(f, c), checked: value === c },
        reveal: (f.reveals?.[c] ?? []).flatMap((r) => view(r, values, errors, opts, true)),
      }));
      return [{ component: 'radios', params: { ...common, idPrefix: f.name, fieldset: legend, classes: f.kind === 'yes-no' ? 'govuk-radios--inline' : undefined }, items }];
    }
    case 'select':
      return [{ component: 'select', params: { ...common, id: f.name, label, items: [{ value: '', text: f.text.select, selected: value === '' }, ...choices.map((c) => ({ value: c, text: choiceText(f, c), selected: value === c }))] } }];
    case 'checkboxes':
    case 'each-choice': {
      const chosen = asList(values[f.name]);
      const items = choices.map((c) => ({
        item: { value: c, text: choiceText(f, c), checked: chosen.includes(c) },
        reveal: (f.item?.fields ?? []).flatMap((sub) => view({ ...sub, name: sub.name.replace('*', c) }, values, errors, opts, true)),
      }));
      return [{ component: 'checkboxes', params: { ...common, idPrefix: f.name, classes: f.text.classes, fieldset: legend }, items }];
    }
    case 'check':
      return [{ component: 'checkboxes', params: { ...common, idPrefix: f.name, items: [{ value: 'yes', text: f.text.label, checked: value === 'yes' }] } }];
    case 'date-time': {
      const part = (p: string, width: number) => ({ name: p, classes: `govuk-input--width-${width}${common.errorMessage ? ' govuk-input--error' : ''}`, value: asText(values[`${f.name}-${p}`]) });
      return [
        { component: 'date', params: { ...common, id: f.name, namePrefix: f.name, fieldset: legend, items: [part('day', 2), part('month', 2), part('year', 4)] } },
        { component: 'input', params: { id: `${f.name}Time`, name: `${f.name}Time`, label: { text: 'Time held', classes: 'govuk-label--s' }, hint: { text: '24-hour clock, for example 14:30' }, classes: 'govuk-input--width-5', value: asText(values[`${f.name}Time`]) } },
      ];
    }
    case 'textarea':
      if (f.text.countCharacters) return [{ component: 'character-count', params: { ...common, id: f.name, label, value, rows: f.text.rows, maxlength: f.text.countCharacters } }];
      return [{ component: 'textarea', params: { ...common, id: f.name, label, value, rows: f.text.rows } }];
    default:
      return [{ component: 'input', params: { ...common, id: f.name, label, value, type: f.kind === 'email' ? 'email' : undefined, autocomplete: 'off', spellcheck: false } }];
  }
}

/** A hint under a choice: the table's, or the level of need's meaning. */
const hintFor = (f: FormField, c: string) => {
  const h = f.text.hints?.[c] ?? (f.text.words === 'levelOfNeed' ? levelOfNeedLabels[Number(c)]?.hint : undefined);
  return h ? { text: h } : undefined;
};

/** Fields (of a step, or read from any schema) ready for the `stepFields` macro. */
export const fieldViews = (fields: FormField[], values: FormValues, errors?: FormErrors, opts: StepFormOptions = {}): FieldView[] =>
  fields.flatMap((f) => view(f, values, errors, opts, false));

/** Every field of a step's form, ready for the `stepFields` macro. */
export const stepFormView = (step: CaseStep, values: FormValues, errors?: FormErrors, opts: StepFormOptions = {}) =>
  fieldViews(stepFormFields(step), values, errors, opts);

/**
 * The joint decision's options for the case: the proposer is one of the agencies at the
 * meeting (the API checks it too), and the rationale's hint gives the council's minimum.
 */
export function decisionFormOptions(proposerAgencies: readonly string[] | undefined, minRationaleLength: number | undefined): StepFormOptions {
  const base = (stepForms.recordDecision.fields.rationale.hint ?? '').replace(/\.$/, '');
  return {
    only: proposerAgencies?.length ? { proposedBy: proposerAgencies } : undefined,
    hints: { rationale: `${base}${minRationaleLength && minRationaleLength > 1 ? `, at least ${minRationaleLength} characters` : ''}.` },
  };
}

/** A new decision's form: each partner action starts with the agency that usually takes it. */
export const newDecisionValues = (): FormValues =>
  Object.fromEntries(Object.entries(partnerActionDefaultAgency).map(([kind, agency]) => [`action-${kind}-agency`, agency]));
