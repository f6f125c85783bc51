// Forms ↔ the API. A form's fields become the API's JSON as they are (no second set of
// rules here); the API's refusal comes back as problem+json whose errors[].path names
// each field (`body.rationale`), and becomes the Design System's error summary (each
// message linking to its field) and the message above the field.
import { partnerActionKinds } from '../shared/schemas/steps.js';
import type { FieldErrorCode, Problem } from '../api/schemas/problem.js';
import { agencies, factorCodes, levelsOfNeed, triageOutcomes } from '../shared/codes.js';
import {
  agencyLabels,
  factorLabels,
  inWords,
  levelOfNeedLabels,
  outcomeLabels,
  partnerActionDefaultAgency,
  partnerActionLabels,
} from './labels.js';

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

// --- The joint decision (recording it at the PIT Stop, and amending it) ------------

export interface PartnerActionValue {
  kind: (typeof partnerActionKinds)[number];
  label: string;
  checked: boolean;
  agency: string;
  detail: string;
}

export interface DecisionValues {
  levelOfNeed: string;
  outcome: string;
  leadAgency: string;
  proposedBy: string;
  factors: string[];
  rationale: string;
  actions: PartnerActionValue[];
}

export function emptyDecisionValues(): DecisionValues {
  return {
    levelOfNeed: '',
    outcome: '',
    leadAgency: '',
    proposedBy: '',
    factors: [],
    rationale: '',
    actions: partnerActionKinds.map((kind) => ({ kind, label: partnerActionLabels[kind], checked: false, agency: partnerActionDefaultAgency[kind], detail: '' })),
  };
}

/** The values of a recorded decision, to start an amendment from. */
export function decisionValuesFrom(d: {
  levelOfNeed: number;
  outcome: string;
  leadAgency?: string;
  proposedBy?: string;
  factors?: string[];
  rationale: string;
  partnerActions?: { kind: string; agency: string; detail?: string }[];
}): DecisionValues {
  const v = emptyDecisionValues();
  v.levelOfNeed = String(d.levelOfNeed);
  v.outcome = d.outcome;
  v.leadAgency = d.leadAgency ?? '';
  v.proposedBy = d.proposedBy ?? '';
  v.factors = d.factors ?? [];
  v.rationale = d.rationale;
  for (const a of d.partnerActions ?? []) {
    const slot = v.actions.find((x) => x.kind === a.kind);
    if (slot) Object.assign(slot, { checked: true, agency: a.agency, detail: a.detail ?? '' });
  }
  return v;
}

export function decisionValuesFromForm(body: FormBody): DecisionValues {
  const chosen = new Set(asList(body.partnerActions));
  return {
    levelOfNeed: asText(body.levelOfNeed),
    outcome: asText(body.outcome),
    leadAgency: asText(body.leadAgency),
    proposedBy: asText(body.proposedBy),
    factors: asList(body.factors),
    rationale: asText(body.rationale),
    actions: partnerActionKinds.map((kind) => ({
      kind,
      label: partnerActionLabels[kind],
      checked: chosen.has(kind),
      agency: asText(body[`action-${kind}-agency`]),
      detail: asText(body[`action-${kind}-detail`]),
    })),
  };
}

/** The API's Decision body from the form (attendees come from the meeting's register). */
export function decisionBody(v: DecisionValues) {
  const level = v.levelOfNeed === '' ? undefined : Number(v.levelOfNeed);
  return {
    levelOfNeed: level,
    outcome: v.outcome || undefined,
    leadAgency: v.leadAgency || undefined,
    proposedBy: v.proposedBy || undefined,
    factors: v.factors,
    rationale: v.rationale,
    partnerActions: v.actions
      .filter((a) => a.checked)
      .map((a) => ({ kind: a.kind, agency: a.agency || undefined, detail: a.detail.trim() || undefined })),
  };
}

/** Field rules for a decision; `prefix` is `decision.` inside an amendment. */
export function decisionErrors(
  problem: Problem,
  v: DecisionValues,
  opts: { prefix?: string; registerHref?: string; extraRules?: Record<string, FieldRule> } = {},
): FormErrors {
  const p = opts.prefix ?? '';
  const rules: Record<string, FieldRule> = {
    ...opts.extraRules,
    [`${p}levelOfNeed`]: { href: '#levelOfNeed', field: 'levelOfNeed', missing: 'Select the level of need' },
    [`${p}outcome`]: { href: '#outcome', field: 'outcome', missing: 'Select the outcome' },
    [`${p}leadAgency`]: { href: '#leadAgency', field: 'leadAgency', missing: 'Select the lead agency' },
    [`${p}proposedBy`]: { href: '#proposedBy', field: 'proposedBy', missing: 'Select the agency that proposed the response' },
    [`${p}factors`]: { href: '#factors', field: 'factors' },
    [`${p}rationale`]: { href: '#rationale', field: 'rationale', missing: 'Enter the rationale for the decision' },
    [`${p}attendees`]: { href: opts.registerHref ?? '#main-content', field: 'attendees', missing: 'Take the register: record who attended the PIT Stop' },
    [`${p}partnerActions`]: { href: '#partnerActions', field: 'partnerActions' },
  };
  // partnerActions.N is the N-th ticked action: point at that action's own fields.
  v.actions
    .filter((a) => a.checked)
    .forEach((a, i) => {
      rules[`${p}partnerActions.${i}.agency`] = { href: `#action-${a.kind}-agency`, field: `action-${a.kind}-agency`, missing: `Select the agency for "${a.label}"` };
      rules[`${p}partnerActions.${i}.detail`] = { href: `#action-${a.kind}-detail`, field: `action-${a.kind}-detail` };
    });
  return mapProblem(problem, rules);
}

// --- What the decision fields' macros need ----------------------------------------

export const agencyOptions = agencies.map((a) => ({ value: a, text: agencyLabels[a] }));

export function selectItems(selected: string, placeholder: string) {
  return [{ value: '', text: placeholder, selected: selected === '' }, ...agencyOptions.map((o) => ({ ...o, selected: o.value === selected }))];
}

export function decisionFormView(v: DecisionValues, opts: { proposerAgencies?: readonly string[]; minRationaleLength?: number } = {}) {
  // The proposer must be one of the agencies at the meeting (the API checks it too).
  const proposers = opts.proposerAgencies?.length ? [...new Set(opts.proposerAgencies)] : [...agencies];
  return {
    values: v,
    minRationaleLength: opts.minRationaleLength,
    agencyOptions,
    levelOfNeedItems: levelsOfNeed.map((l) => ({
      value: String(l),
      text: levelOfNeedLabels[l].name,
      hint: { text: levelOfNeedLabels[l].hint },
      checked: v.levelOfNeed === String(l),
    })),
    outcomeItems: triageOutcomes.map((o) => ({ value: o, text: outcomeLabels[o], checked: v.outcome === o })),
    leadAgencyItems: selectItems(v.leadAgency, 'Select the lead agency'),
    proposedByItems: [
      { value: '', text: 'Select the agency', selected: v.proposedBy === '' },
      ...proposers.map((a) => ({ value: a, text: agencyLabels[a as keyof typeof agencyLabels] ?? a, selected: a === v.proposedBy })),
    ],
    factorItems: factorCodes.map((f) => ({ value: f, text: `${f} ${factorLabels[f]}`, checked: v.factors.includes(f) })),
  };
}
