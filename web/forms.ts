// Forms ↔ the API. A form's fields become the API's JSON as they are (no second set of
// rules here); the API's refusal comes back as problem+json whose errors[].path names
// each field (`body.rationale`), and becomes the Design System's error summary (each
// message linking to its field) and the message above the field.
import type { FieldErrorCode, Problem } from '../api/schemas/problem.js';
import { agencies } from '../shared/codes.js';
import type { CaseStep } from '../shared/case/steps.js';
import { stepFormFields, type FormField } from '../shared/step-form-fields.js';
import { stepForms, type ChoiceWords } from '../shared/step-forms.js';
import { zonedInstant } from '../shared/working-time.js';
import { agencyLabels, factorLabels, humanise, inWords, levelOfNeedLabels, outcomeLabels, partnerActionLabels, ratingLabels } from './labels.js';

export interface ErrorSummaryItem {
  text: string;
  href: string;
}

export interface FormErrors {
  summary: ErrorSummaryItem[];
  /** Field name → the Design System's errorMessage ({ text }). */
  fields: Record<string, { text: string }>;
}

export type FormBody = Record<string, string | string[] | undefined>;

export const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
export const asText = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
/** An empty text box is "not given" (optional fields), not an empty string. */
export const optionalText = (v: string | string[] | undefined): string | undefined => {
  const t = asText(v).trim();
  return t === '' ? undefined : t;
};

const sentence = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/** The API's codes for a field left empty, or given something that is not one of the choices. */
const nothingValidGiven = new Set<FieldErrorCode>(['required', 'not-a-choice', 'wrong-type']);

export interface FieldRule {
  /** The element the summary links to. */
  href: string;
  /** The field whose errorMessage shows it. */
  field: string;
  /** What to say when nothing (or nothing valid) was given, GOV.UK style: "Select…", "Enter…". */
  missing?: string;
}

/**
 * Maps a problem's errors to fields. `rules` is matched on the path without `body.`
 * (`rationale`, `partnerActions.0.agency`); the longest matching prefix wins. Paths no rule
 * knows still reach the summary, linked to the form.
 */
export function mapProblem(problem: Problem, rules: Record<string, FieldRule>, fallbackHref = '#main-content'): FormErrors {
  const out: FormErrors = { summary: [], fields: {} };
  const errors: { path: string; code?: FieldErrorCode; message: string }[] = problem.errors?.length
    ? problem.errors
    : [{ path: 'body', message: problem.detail ?? problem.title ?? 'The request was refused' }];
  for (const e of errors) {
    const path = e.path.replace(/^body\.?/, '');
    const key = Object.keys(rules)
      .filter((k) => path === k || path.startsWith(`${k}.`))
      .sort((a, b) => b.length - a.length)[0];
    const rule = key ? rules[key] : undefined;
    const text = rule?.missing && e.code && nothingValidGiven.has(e.code) ? rule.missing : sentence(inWords(e.message));
    if (rule && out.fields[rule.field]) continue; // one message per field
    out.summary.push({ text, href: rule?.href ?? fallbackHref });
    if (rule) out.fields[rule.field] = { text };
  }
  return out;
}

export const agencyOptions = agencies.map((a) => ({ value: a, text: agencyLabels[a] }));

// --- Every step's form, from the steps table (shared/step-forms.ts) -----------------
// One reader (form → the API's body), one error mapper (problem+json → the fields) and
// one view (the fields → the Design System's components, rendered by
// views/partials/step-form.njk) for every step.

/** What a form sent, by the form's names, to show again. */
export type FormValues = Record<string, string | string[]>;

const wordTables: Record<ChoiceWords, (v: string) => string | undefined> = {
  agency: (v) => agencyLabels[v as keyof typeof agencyLabels],
  rating: (v) => ratingLabels[v as keyof typeof ratingLabels],
  outcome: (v) => outcomeLabels[v as keyof typeof outcomeLabels],
  levelOfNeed: (v) => levelOfNeedLabels[Number(v)]?.name,
  factor: (v) => `${v} ${factorLabels[v as keyof typeof factorLabels] ?? ''}`.trim(),
  partnerAction: (v) => partnerActionLabels[v as keyof typeof partnerActionLabels],
};

export function choiceText(f: FormField, value: string | number): string {
  const v = String(value);
  const words = f.text.words;
  return (typeof words === 'string' ? wordTables[words](v) : words?.[v]) ?? humanise(v);
}
/** An each-choice item's field, named for its choice: `action-notify_school-agency`. */
const forChoice = (f: FormField, choice: string | number): FormField => ({ ...f, name: f.name.replace('*', String(choice)) });

function setAt(target: Record<string, unknown>, path: string[], value: unknown) {
  let at = target;
  for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
  at[path.at(-1)!] = value;
}
function getAt(source: unknown, path: string[]): unknown {
  return path.reduce<unknown>((at, k) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[k] : undefined), source);
}

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;
/** A local date and time (office time zone) as an ISO instant, or undefined if not real. */
function localInstant(day: string, month: string, year: string, time: string, timeZone: string): string | undefined {
  const [d, m, y] = [day, month, year].map(Number);
  const t = TIME.exec(time);
  if (!Number.isInteger(d) || !Number.isInteger(m) || !Number.isInteger(y) || y < 2000 || !t) return undefined;
  const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (new Date(`${date}T12:00:00Z`).toISOString().slice(0, 10) !== date) return undefined;
  return new Date(zonedInstant(date, `${t[1].padStart(2, '0')}:${t[2]}`, timeZone)).toISOString();
}

/** One field's value for the API, from what the form sent (kept in `values` to show again). */
function readField(f: FormField, body: FormBody, values: FormValues, timeZone: string): { value: unknown; invalid?: string } {
  const text = asText(body[f.name]);
  switch (f.kind) {
    case 'checkboxes':
      return { value: (values[f.name] = asList(body[f.name])) };
    case 'each-choice': {
      const chosen = (values[f.name] = asList(body[f.name]));
      const items = f.choices.filter((c) => chosen.includes(String(c))).map((c) => {
        const item: Record<string, unknown> = { [f.item!.key]: c };
        for (const sub of f.item!.fields) setAt(item, sub.path, readField(forChoice(sub, c), body, values, timeZone).value);
        return item;
      });
      for (const c of f.choices) for (const sub of f.item!.fields) readField(forChoice(sub, c), body, values, timeZone);
      return { value: items };
    }
    case 'date-time': {
      const [day, month, year, time] = ['-day', '-month', '-year', 'Time'].map((p) => (values[`${f.name}${p}`] = asText(body[`${f.name}${p}`]).trim()));
      // Read in office time: turning it into an instant is the page's job (the API takes one).
      // An optional date left wholly blank is not given (not a date that is not real).
      if (f.optional && !day && !month && !year && !time) return { value: undefined };
      const at = localInstant(day, month, year, time, timeZone);
      return at ? { value: at } : { value: undefined, invalid: f.text.invalid ?? f.text.missing ?? `Enter ${f.text.label.toLowerCase()}` };
    }
    default:
      values[f.name] = text;
  }
  if (f.kind === 'yes-no') return { value: text === 'yes' ? true : text === 'no' ? false : undefined };
  if (f.kind === 'check') return { value: text === 'yes' };
  if (f.kind === 'radios' || f.kind === 'select') {
    if (text === '') return { value: undefined };
    return { value: f.choices.find((c) => String(c) === text) ?? text };
  }
  return { value: f.optional ? optionalText(text) : text };
}

/**
 * Reads a step's form: what to show again, and the API's body (a union's chosen answer
 * with its own fields only; `supplied` adds what the page knows, such as the register).
 * A date and time that is not a real one is the page's error, before the API.
 */
export function readStepForm(step: CaseStep, body: FormBody, opts: { timeZone: string; supplied?: Record<string, unknown> }) {
  const values: FormValues = {};
  const payload: Record<string, unknown> = {};
  const invalid: FormErrors = { summary: [], fields: {} };
  const read = (fields: FormField[]) => {
    for (const f of fields) {
      const { value, invalid: problem } = readField(f, body, values, opts.timeZone);
      if (problem) {
        invalid.summary.push({ text: problem, href: `#${f.name}-day` });
        invalid.fields[f.name] = { text: problem };
      }
      setAt(payload, f.path, value);
      if (f.reveals) for (const [answer, revealed] of Object.entries(f.reveals)) {
        if (answer === value) read(revealed);
        else for (const r of revealed) readField(r, body, values, opts.timeZone);
      }
    }
  };
  const fields = stepFormFields(step);
  read(fields);
  // An optional group (the family's consent to early help) left wholly blank is not given.
  for (const f of fields) {
    const group = f.within && getAt(payload, f.within);
    if (group && typeof group === 'object' && Object.values(group).every((v) => v === undefined)) setAt(payload, f.within!, undefined);
  }
  for (const [path, value] of Object.entries(opts.supplied ?? {})) setAt(payload, path.split('.'), value);
  return { values, payload, invalid: invalid.summary.length ? invalid : undefined };
}

/** The form's values for something already recorded (an authorised decision to amend). */
export function stepValuesFrom(step: CaseStep, data: unknown, extra: FormValues = {}): FormValues {
  const values: FormValues = {};
  for (const f of stepFormFields(step)) {
    const v = getAt(data, f.path);
    if (f.kind === 'checkboxes') values[f.name] = Array.isArray(v) ? v.map(String) : [];
    else if (f.kind === 'each-choice') {
      const items = Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
      values[f.name] = items.map((i) => String(i[f.item!.key]));
      for (const i of items) for (const sub of f.item!.fields) values[forChoice(sub, String(i[f.item!.key])).name] = String(getAt(i, sub.path) ?? '');
    } else if (v !== undefined && v !== null) values[f.name] = f.kind === 'yes-no' || f.kind === 'check' ? (v ? 'yes' : 'no') : String(v);
  }
  return { ...extra, ...values };
}

/**
 * The API's refusal on the step's fields. A union's answer brings its own fields; an
 * each-choice item's error (`partnerActions.1.agency`) is the n-th chosen item's field.
 * `supplied` says where to send the person for what the page supplies (the register).
 */
export function stepErrors(step: CaseStep, problem: Problem, values: FormValues, supplied: Record<string, string> = {}): FormErrors {
  const rules: Record<string, FieldRule> = {};
  const objects: Record<string, string> = {};
  const add = (f: FormField, prefix: string[] = []) => {
    const key = [...prefix, ...f.path].join('.');
    const rule = { href: `#${f.name}${f.kind === 'date-time' ? '-day' : ''}`, field: f.name, missing: f.text.missing };
    rules[key] = rule;
    // A whole object left out (no lead professional at all): its first field.
    for (let i = prefix.length + 1; i < prefix.length + f.path.length; i++) objects[[...prefix, ...f.path].slice(0, i).join('.')] ??= key;
    const chosen = asList(values[f.name]);
    if (f.reveals) for (const r of f.reveals[asText(values[f.name])] ?? []) add(r);
    if (f.item) {
      f.choices.filter((c) => chosen.includes(String(c))).forEach((c, i) => {
        for (const sub of f.item!.fields) {
          const named = forChoice(sub, c);
          add({ ...named, text: { ...sub.text, missing: sub.text.missing && `${sub.text.missing} "${choiceText(f, c)}"` } }, [...f.path, String(i)]);
        }
      });
    }
  };
  for (const f of stepFormFields(step)) add(f);
  // What the page supplies (the register): the person is sent where it is given.
  for (const [path, text] of Object.entries(stepForms[step].fields)) {
    if (text.supplied) rules[path] = { href: supplied[path] ?? '#main-content', field: path.split('.').at(-1)!, missing: text.missing };
  }
  const errors = problem.errors?.map((e) => {
    const path = e.path.replace(/^body\.?/, '');
    return objects[path] ? { ...e, path: `body.${objects[path]}` } : e;
  });
  return mapProblem(errors ? { ...problem, errors } : problem, rules);
}
