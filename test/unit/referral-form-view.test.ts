// The referral form as the panel and managers read it on the case and PIT Stop pages:
// the referrer (or that the contact is anonymous), the people, the concerns, what the
// family knows; rendered from the same template the pages include.
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../shared/config.js';
import { referralFormSchema } from '../../shared/schemas/referral.js';
import { createViews } from '../../web/render.js';
import { anonymousCall, schoolReferral } from '../support/referrals.js';

const views = createViews(loadCalendar());
const render = (form: unknown, stage = 'awaiting_decision') =>
  views.render('partials/referral-form.njk', {
    c: { stage, ratingDueAt: '2026-11-20T10:00:00.000Z', referralForm: referralFormSchema.parse(form), children: [] },
  });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the referral form on the case page', () => {
  it("shows a school's form: its source, referrer, children, concerns and what the family knows", () => {
    const form = schoolReferral();
    const page = text(render(form));
    expect(page).toContain('Referral form');
    expect(page).toContain('2A School');
    expect(page).toContain('Test Designated Safeguarding Lead, Designated Safeguarding Lead, Example Primary School');
    expect(page).toContain(form.referrer.reference);
    expect(page).toContain(`Mia ${form.children[0].familyName}`);
    expect(page).toContain(form.concerns.summary);
    expect(page).toContain('Breakfast club offered');
    expect(page).toContain('Level 2');
    expect(page).toMatch(/Knows and agrees\. Their views: Father agrees/i);
    expect(page).not.toContain('Initial rating due');
  });

  it('shows an anonymous call with no referrer, and when its rating is due while it waits for one', () => {
    const page = text(render(anonymousCall(), 'awaiting_rating'));
    expect(page).toContain('Anonymous contact');
    expect(page).toContain('9 Anonymous');
    expect(page).toContain('Anonymous: no referrer details kept');
    expect(page).toContain('Initial rating due');
    expect(page).toContain('No adults named.');
    expect(page).toContain('Nothing recorded.');
  });
});
