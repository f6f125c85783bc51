// Every step's form is built from the one steps table (shared/step-forms.ts) and its zod
// schema: what the form asks, what it sends the API, and where the API's refusal shows.
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../api/schemas/problem.js';
import { caseStepRoutes } from '../../api/steps.js';
import { loadCalendar } from '../../shared/config.js';
import { fieldsOfSchema, stepFormFields } from '../../shared/step-form-fields.js';
import { stepForms } from '../../shared/step-forms.js';
import { ratingChangeSchema } from '../../shared/schemas/steps.js';
import { z } from '../../shared/schemas/zod.js';
import { readStepForm, stepErrors } from '../../web/forms.js';
import { createViews } from '../../web/render.js';
import { fieldViews, stepFormView } from '../../web/step-form-view.js';

const views = createViews(loadCalendar());
const timeZone = 'Europe/London';
const render = (fields: unknown) => views.renderString('{% from "partials/step-form.njk" import stepFields %}{{ stepFields(fields) }}', { fields });
const refused = (...errors: { path: string; code: string; message: string }[]) =>
  ({ type: 'about:blank', title: 'Invalid', status: 400, code: 'validation', errors }) as unknown as Problem;

describe('the steps table', () => {
  it('gives the API its paths and summaries, and the forms their fields, from the same schemas', () => {
    for (const route of caseStepRoutes) {
      expect(route.path).toBe(stepForms[route.step].path);
      expect(route.schema).toBe(stepForms[route.step].schema);
    }
    expect(stepFormFields('recordDecision').map((f) => [f.name, f.kind, f.optional])).toEqual([
      ['levelOfNeed', 'radios', false],
      ['outcome', 'radios', false],
      ['leadAgency', 'select', true],
      ['proposedBy', 'select', false],
      ['factors', 'checkboxes', true],
      ['rationale', 'textarea', false],
      ['partnerActions', 'each-choice', true],
      // The family's consent to early help: an optional group, its status needed once any of it is given.
      ['earlyHelpConsent', 'radios', false],
      ['earlyHelpConsentBy', 'input', true],
      ['earlyHelpConsentNotes', 'textarea', true],
    ]);
  });

  it("sends the family's consent to early help only when some of it is given", () => {
    const form = { levelOfNeed: '2', outcome: 'early_help', leadAgency: 'education', proposedBy: 'education', factors: ['3B'], rationale: 'Because.' };
    expect(readStepForm('recordDecision', form, { timeZone: 'Europe/London' }).payload.earlyHelpConsent).toBeUndefined();
    const given = readStepForm('recordDecision', { ...form, earlyHelpConsent: 'refused', earlyHelpConsentBy: 'Father' }, { timeZone: 'Europe/London' });
    expect(JSON.parse(JSON.stringify(given.payload.earlyHelpConsent))).toEqual({ status: 'refused', by: 'Father' });
    expect(given.values).toMatchObject({ earlyHelpConsent: 'refused', earlyHelpConsentBy: 'Father' });
  });

  it('shows a field added to a step schema on the page, without any HTML written for it', () => {
    const fields = fieldsOfSchema(z.object({ ...ratingChangeSchema.shape, reviewBy: z.enum(['social_care', 'police']), note: z.string().max(50).optional() }), stepForms.changeRating.fields);
    const html = render(fieldViews(fields, {}));
    expect(html).toContain('name="reviewBy"');
    expect(html).toContain('Review by');
    expect(html).toMatch(/<input[^>]*id="note"/);
    expect(html).toContain('Note (optional)');
  });
});

describe('a step form read', () => {
  it("sends the decision as the API's body: numbers, the chosen actions with their own fields, the register", () => {
    const { payload, values } = readStepForm('recordDecision', {
      levelOfNeed: '2', outcome: 'early_help', leadAgency: '', proposedBy: 'education', factors: ['3B'], rationale: 'Because.',
      partnerActions: ['refer_to_marac', 'notify_school'], 'action-notify_school-agency': 'education', 'action-notify_school-detail': ' ',
      'action-refer_to_marac-agency': '', 'action-refer_to_marac-detail': 'High DASH',
    }, { timeZone, supplied: { attendees: [{ name: 'A', agency: 'police' }] } });
    expect(payload).toEqual({
      levelOfNeed: 2, outcome: 'early_help', leadAgency: undefined, proposedBy: 'education', factors: ['3B'], rationale: 'Because.',
      partnerActions: [{ kind: 'notify_school', agency: 'education', detail: undefined }, { kind: 'refer_to_marac', agency: undefined, detail: 'High DASH' }],
      attendees: [{ name: 'A', agency: 'police' }],
    });
    expect(values['action-refer_to_marac-detail']).toBe('High DASH');
  });

  it('sends only the chosen answer of a question and its own fields', () => {
    expect(readStepForm('authoriseDecision', { action: 'return', authoriseComments: 'x', returnComments: 'Reconsider.' }, { timeZone }).payload)
      .toEqual({ action: 'return', comments: 'Reconsider.' });
    expect(readStepForm('respondToAllocation', { response: 'accept', name: 'Lead', team: '', email: '' }, { timeZone }).payload)
      .toEqual({ response: 'accept', leadProfessional: { name: 'Lead', team: undefined, email: undefined } });
    expect(readStepForm('respondToAllocation', {}, { timeZone }).payload).toEqual({ response: undefined });
    expect(readStepForm('submitPartnerInformation', { currentInvolvement: 'no' }, { timeZone }).payload)
      .toMatchObject({ currentInvolvement: false, noInformationHeld: false });
  });

  it('reads a date and time in office time, and refuses one that is not real before the API', () => {
    const held = readStepForm('recordStrategyDiscussion', { 'heldAt-day': '1', 'heldAt-month': '7', 'heldAt-year': '2026', heldAtTime: '14:30', agencies: ['police', 'health'], outcome: 's47_enquiry' }, { timeZone });
    expect(held.payload).toEqual({ heldAt: '2026-07-01T13:30:00.000Z', agencies: ['police', 'health'], outcome: 's47_enquiry' });
    const bad = readStepForm('recordStrategyDiscussion', { 'heldAt-day': '31', 'heldAt-month': '2', 'heldAt-year': '2026', heldAtTime: '14:30' }, { timeZone });
    expect(bad.invalid?.summary).toEqual([{ text: 'Enter when the strategy discussion was held, a real date and a time like 14:30', href: '#heldAt-day' }]);
  });
});

describe("the API's refusal on a step form", () => {
  it("puts each error on its field by the problem's codes, in GOV.UK's words", () => {
    const values = { partnerActions: ['refer_to_marac', 'notify_school'] };
    const errors = stepErrors('amendDecision', refused(
      { path: 'body.decision.rationale', code: 'required', message: 'must not be empty' },
      { path: 'body.decision.partnerActions.0.agency', code: 'required', message: 'Required' },
      { path: 'body.decision.attendees', code: 'too-small', message: 'record who attended' },
    ), values);
    expect(errors.fields.rationale).toEqual({ text: 'Enter the rationale for the decision' });
    // The first chosen action in the form's order: notify the school.
    expect(errors.fields['action-notify_school-agency']).toEqual({ text: 'Select the agency for "Notify the school"' });
    expect(errors.summary.map((s) => s.href)).toEqual(['#rationale', '#action-notify_school-agency', '#main-content']);
  });

  it("uses the chosen answer's own field, and the first field of an object left out", () => {
    const returned = stepErrors('authoriseDecision', refused({ path: 'body.comments', code: 'required', message: 'Required' }), { action: 'return' });
    expect(returned.fields.returnComments).toEqual({ text: 'Enter your comments for the panel: why the decision goes back' });
    const accepted = stepErrors('respondToAllocation', refused({ path: 'body.leadProfessional', code: 'required', message: 'Required' }), { response: 'accept' });
    expect(accepted.summary).toEqual([{ text: 'Enter the name of the lead professional', href: '#name' }]);
    const register = stepErrors('recordDecision', refused({ path: 'body.attendees', code: 'required', message: 'Required' }), {}, { attendees: '/pitstop/register?date=2026-11-23' });
    expect(register.summary).toEqual([{ text: 'Take the register: record who attended the PIT Stop', href: '/pitstop/register?date=2026-11-23' }]);
  });

  it('renders the error on the field, and what was sent back in it', () => {
    const html = render(stepFormView('changeRating', { reason: 'Third incident' }, { summary: [], fields: { reason: { text: 'Enter the reason' } } }));
    expect(html).toMatch(/id="reason-error"[\s\S]*Enter the reason/);
    expect(html).toContain('Third incident</textarea>');
  });
});
