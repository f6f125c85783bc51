// The public half of the steps table (api/steps.ts holds the other half: the workflow
// update, the audit action, the reason kept): for each human step, where the API takes it,
// its input schema, and how a form asks for each field. The fields themselves come from
// the zod schema (shared/schemas/steps.ts): a field's kind, its choices and whether it is
// optional are read from it, so a field added to a step's schema appears on the step's
// page (with its humanised name until it is given words here). The web pages render every
// step form from this (web/forms.ts, web/views/partials/step-form.njk).
import type { CaseStep } from './case/steps.js';
import {
  addressConfidentialitySchema,
  allocationResponseSchema,
  duplicateSchema,
  amendmentSchema,
  authorisationSchema,
  decisionStepSchema,
  partnerInformationSchema,
  ratingChangeSchema,
  strategyDiscussionSchema,
  conferenceSchema,
} from './schemas/steps.js';
import type { z } from './schemas/zod.js';

/** The words for a field's choices: one of the web's label tables (web/labels.ts). */
export type ChoiceWords = 'agency' | 'rating' | 'outcome' | 'levelOfNeed' | 'factor' | 'partnerAction';

/** How a form asks for one field, beside what its schema says of it. */
export interface FieldText {
  label: string;
  hint?: string;
  /** GOV.UK's message when nothing (or nothing valid) is given: "Select…", "Enter…". */
  missing?: string;
  /** The words for the choices: a label table by name, or words for each value. */
  words?: ChoiceWords | Record<string, string>;
  /** A hint under each choice. */
  hints?: Record<string, string>;
  /** Offered as a drop-down with this first line, rather than as radios. */
  select?: string;
  /** The page supplies it (the meeting's register): not asked on the form. */
  supplied?: true;
  /** The form's name (and the element's id) where it is not the field's own name. */
  name?: string;
  /** Each chosen item's fields are named `${itemName}-${choice}-${field}`. */
  itemName?: string;
  /** `s` for a smaller label or legend than the usual `m`. */
  size?: 's' | 'm';
  rows?: number;
  classes?: string;
  /** A date and time that is not a real one (checked by the page before the API). */
  invalid?: string;
  /** A text area with the Design System's character count, up to this many characters. */
  countCharacters?: number;
}

export interface StepFormText {
  /** The path segment under /api/v1/cases/{id}/. */
  path: string;
  summary: string;
  tag: string;
  /** The button. */
  submit: string;
  schema: z.ZodTypeAny;
  /** By the field's path in the body: `rationale`, `leadProfessional.name`, `decision.outcome`. */
  fields: Record<string, FieldText>;
}

const rating = (initial: boolean): Record<string, FieldText> => ({
  rating: {
    label: initial ? 'Rating' : 'New rating',
    words: 'rating',
    hints: { red: 'Decision within 4 working hours', amber: 'Decision within 1 working day', green: 'Decision within 3 working days' },
    missing: 'Select the rating',
  },
  reason: initial
    ? { label: 'Reason for the rating', hint: 'Why this rating: it is recorded on the case.', missing: 'Enter the reason for changing the rating' }
    : { label: 'Reason for the change', hint: 'The triage can change the rating only with a recorded reason.', missing: 'Enter the reason for changing the rating' },
});

const decision: Record<string, FieldText> = {
  levelOfNeed: { label: 'Level of need', hint: 'From the local threshold document.', words: 'levelOfNeed', missing: 'Select the level of need' },
  outcome: { label: 'Outcome', hint: 'The response the partners agree: help at the lowest level that meets the need.', words: 'outcome', missing: 'Select the outcome' },
  leadAgency: {
    label: 'Lead agency',
    hint: "The most appropriate agency to lead. Early help must name one; social care outcomes default to children's social care and targeted family support to early help.",
    words: 'agency',
    select: 'Select the lead agency',
    missing: 'Select the lead agency',
  },
  proposedBy: {
    label: 'Agency that proposed this response',
    hint: 'One of the agencies at the meeting: decisions are jointly accountable.',
    words: 'agency',
    select: 'Select the agency',
    missing: 'Select the agency that proposed the response',
  },
  factors: { label: 'Factors', hint: 'Children in need census codes. 21 (no factors identified) is never combined with another.', words: 'factor', classes: 'pitstop-columns' },
  rationale: {
    label: 'Rationale',
    hint: 'Why this level of need and this response: every decision at the front door must have a clear rationale.',
    rows: 6,
    countCharacters: 10_000,
    missing: 'Enter the rationale for the decision',
  },
  attendees: { label: 'Attended', supplied: true, missing: 'Take the register: record who attended the PIT Stop' },
  /** The page names the day's meeting: the API takes its register as the attendees. */
  meetingDate: { label: 'Meeting', supplied: true, missing: "Open today's meeting and take its register" },
  /** A row per child on the page (web/child-decisions.ts): the family's unless changed. */
  children: { label: 'Each child', supplied: true },
  partnerActions: {
    label: 'Partner actions',
    hint: 'What partners will do beside the lead agency. High-risk domestic abuse (DASH high, or 14 or more ticks) and escalation (3 or more domestic abuse incidents in 12 months) must be referred to MARAC.',
    words: 'partnerAction',
    itemName: 'action',
  },
  'partnerActions.agency': { label: 'Agency', words: 'agency', select: 'Select the agency', missing: 'Select the agency for' },
  'partnerActions.detail': { label: 'Detail' },
  'earlyHelpConsent.status': {
    label: "The family's consent to early help",
    hint: 'Early help is consensual: needed when the outcome, for the family or any child, is early help or targeted family support.',
    name: 'earlyHelpConsent',
    words: { given: 'Given', refused: 'Refused', not_yet_sought: 'Not yet sought' },
    hints: { refused: 'The decision stands and the refusal is recorded; escalate if the need calls for it' },
    missing: "Select the family's consent to early help",
  },
  'earlyHelpConsent.by': { label: 'Who in the family answered', name: 'earlyHelpConsentBy' },
  'earlyHelpConsent.notes': { label: 'Notes on consent', name: 'earlyHelpConsentNotes', rows: 3 },
};

const within = (prefix: string, fields: Record<string, FieldText>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}.${k}`, v]));

const forms = {
  rateContact: {
    path: 'initial-rating', schema: ratingChangeSchema, fields: rating(true), submit: 'Give the rating',
    summary: 'Give the initial RAG rating of a contact with no police grading', tag: 'managers',
  },
  changeRating: {
    path: 'rating', schema: ratingChangeSchema, fields: rating(false), submit: 'Change the rating',
    summary: 'Change the RAG rating with a reason', tag: 'managers',
  },
  submitPartnerInformation: {
    path: 'partner-information', schema: partnerInformationSchema, submit: 'Share with the PIT Stop',
    summary: "Add your agency's information", tag: 'partners',
    fields: {
      currentInvolvement: { label: 'Is your agency working with the child or family now?', missing: 'Select whether your agency is working with the child or family now' },
      involvementSummary: { label: 'Current involvement', hint: 'Who works with the family, and how.', size: 's' },
      history: { label: 'History', hint: 'Earlier involvement your records show.', size: 's' },
      concerns: { label: 'Concerns', size: 's' },
      noInformationHeld: { label: 'We checked our records and hold no information on this family' },
    },
  },
  recordDecision: {
    path: 'decision', schema: decisionStepSchema, submit: 'Record the decision',
    // The linked contacts decided too: the page offers them as checkboxes of its own (pitstop-case.njk).
    fields: { ...decision, alsoDecides: { label: 'Decide these linked contacts too', supplied: true } },
    summary: "Record the PIT Stop's joint decision", tag: 'panel',
  },
  authoriseDecision: {
    path: 'authorisation', schema: authorisationSchema, submit: 'Continue',
    summary: 'Authorise or return a decision', tag: 'managers',
    fields: {
      action: {
        label: 'Your decision',
        words: { authorise: 'Authorise the decision', return: 'Return it to the panel with comments' },
        missing: 'Select whether to authorise the decision or return it to the panel',
      },
      'authorise.comments': { label: 'Comments', rows: 3, missing: 'Enter your comments' },
      // The linked contacts decided with it: the case page offers them as checkboxes of its own.
      'authorise.alsoAuthorises': { label: 'Authorise the linked contacts decided with it too', supplied: true },
      'return.comments': {
        label: 'Comments for the panel',
        hint: 'Why the decision goes back, and what the panel should reconsider.',
        missing: 'Enter your comments for the panel: why the decision goes back',
      },
    },
  },
  amendDecision: {
    path: 'amendments', schema: amendmentSchema, submit: 'Amend the decision',
    summary: 'Amend an authorised decision', tag: 'managers',
    fields: {
      reason: { label: 'Reason for the amendment', missing: 'Enter the reason for the amendment' },
      decidedBy: {
        label: 'Who decided the change',
        words: { manager: 'I did, as the manager', panel: "The panel, at today's meeting", managers: 'Two managers: I propose it, or confirm the same change another manager proposed' },
        hints: {
          panel: 'A step down from a strategy discussion (s47) or an assessment (s17) is the panel\'s decision, or two managers\'',
          managers: 'A step down proposed by one manager waits for a second manager to confirm the same change',
        },
        missing: 'Select who decided the change',
      },
      ...within('decision', decision),
    },
  },
  respondToAllocation: {
    path: 'allocation', schema: allocationResponseSchema, submit: 'Send the response',
    summary: 'Accept or decline an allocation', tag: 'lead agency',
    fields: {
      response: {
        label: 'Does your agency accept the lead?',
        words: { accept: 'Accept and name the lead professional', decline: 'Decline, with a reason' },
        missing: 'Select whether your agency accepts the allocation',
      },
      'accept.leadProfessional': { label: 'Lead professional', missing: 'Enter the name of the lead professional' },
      'accept.leadProfessional.name': { label: 'Lead professional', hint: 'The person who will lead the work with the family.', missing: 'Enter the name of the lead professional' },
      'accept.leadProfessional.team': { label: 'Team or setting' },
      'accept.leadProfessional.email': { label: 'Email', missing: 'Enter an email address in the correct format, like name@example.com' },
      'decline.reason': { label: 'Why your agency declines', hint: 'The panel reconsiders the case with your reason.', missing: 'Enter why your agency declines the allocation' },
    },
  },
  recordStrategyDiscussion: {
    path: 'strategy-discussion', schema: strategyDiscussionSchema, submit: 'Record the strategy discussion',
    summary: 'Record the s47 strategy discussion held', tag: 'lead agency',
    fields: {
      heldAt: {
        label: 'Date held',
        hint: 'For example 27 11 2026',
        missing: 'Enter when the strategy discussion was held',
        invalid: 'Enter when the strategy discussion was held, a real date and a time like 14:30',
      },
      agencies: {
        label: 'Agencies that took part',
        hint: "Children's social care and the police take part in every strategy discussion",
        words: 'agency', classes: 'pitstop-columns', missing: 'Select the agencies that took part',
      },
      outcome: {
        label: 'Outcome',
        words: { s47_enquiry: 'Section 47 enquiry', no_s47_enquiry: 'No section 47 enquiry' },
        missing: 'Select the outcome of the strategy discussion',
      },
      conferenceAt: {
        label: 'Initial child protection conference (if set)',
        hint: 'Within 15 working days of the strategy discussion, for example 11 12 2026',
        invalid: 'Enter the conference date, a real date and a time like 14:30',
      },
    },
  },
  recordConference: {
    path: 'conference', schema: conferenceSchema, submit: 'Record the conference',
    summary: 'Record the initial child protection conference held (s47 enquiry)', tag: 'lead agency',
    fields: {
      heldAt: {
        label: 'Date held',
        hint: 'For example 11 12 2026',
        missing: 'Enter when the conference was held',
        invalid: 'Enter when the conference was held, a real date and a time like 14:30',
      },
      outcome: {
        label: 'Outcome',
        words: { child_protection_plan: 'Child protection plan', no_child_protection_plan: 'No child protection plan' },
        missing: 'Select the outcome of the conference',
      },
      lateReason: {
        label: 'Why it was held after its deadline (if it was)',
        hint: 'The conference is due within 15 working days of the strategy discussion.',
        rows: 3,
      },
    },
  },
  markAddressConfidential: {
    path: 'address-confidentiality', schema: addressConfidentialitySchema, submit: 'Mark the address confidential',
    summary: "Mark the family's address confidential (a refuge): withheld from everyone outside the front door", tag: 'managers',
    fields: {
      reason: { label: 'Why the address is confidential', hint: 'For example: the family has moved to a refuge. Kept on the case, not in the audit trail.', missing: 'Enter why the address is confidential', rows: 3 },
    },
  },
  markDuplicate: {
    path: 'duplicate', schema: duplicateSchema, submit: 'Mark as a duplicate',
    summary: 'Mark the contact a duplicate of a linked contact: closed as a duplicate of it, not decided separately', tag: 'managers',
    fields: {
      duplicateOf: { label: 'The case it duplicates', hint: 'The case id of the linked contact that is decided, for example C-HUM-…', missing: 'Enter the case it duplicates' },
      reason: { label: 'Why it is a duplicate', hint: 'Kept on the case, not in the audit trail.', missing: 'Enter why it is a duplicate', rows: 3 },
    },
  },
} satisfies { [N in CaseStep]: StepFormText };

/** Each step's schema, as its type: the one the form asks for and the API validates with. */
export type StepSchema<N extends CaseStep> = (typeof forms)[N]['schema'];

export const stepForms: { [N in CaseStep]: Omit<StepFormText, 'schema'> & { schema: StepSchema<N> } } = forms;
