// The case card the agenda and the queues show: a case carried over from a meeting that
// did not reach it says so, and how often.
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../shared/config.js';
import { createViews } from '../../web/render.js';

const views = createViews(loadCalendar());
const card = (item: Record<string, unknown>) =>
  views
    .renderString('{% from "partials/macros.njk" import caseCard %}{{ caseCard(item, "/cases/C-1", "Work on") }}', {
      item: { caseId: 'C-1', stage: 'awaiting_decision', rating: 'amber', receivedAt: '2026-11-23T11:00:00.000Z', decisionDueAt: '2026-11-24T11:00:00.000Z', partnerInformation: [], ...item },
    })
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('the case card', () => {
  it('tags a case carried over, with the count when more than once, and not one never carried', () => {
    expect(card({ carriedOverFrom: [] })).not.toContain('Carried over');
    expect(card({ carriedOverFrom: ['2026-11-24'] })).toContain('Carried over');
    expect(card({ carriedOverFrom: ['2026-11-24'] })).not.toContain('×');
    expect(card({ carriedOverFrom: ['2026-11-24', '2026-11-25'] })).toContain('Carried over ×2');
  });
});

describe('a card says whom the case is about and its nearest deadline', () => {
  const children = [
    { personId: 'CH-1', givenName: 'Ava', familyName: "O'Testcase", dateOfBirth: '2017-03-14' },
    { personId: 'CH-2', givenName: 'Leo', familyName: "O'Testcase" },
  ];
  it('heads the card with the children and their ages, the incident and the case beneath', () => {
    const text = card({ aboutChildren: children, incidentType: 'domestic_abuse', postcodeDistrict: 'DN15' });
    expect(text).toMatch(/Ava O&#39;Testcase \(\d+ years\), Leo O&#39;Testcase/);
    expect(text).toContain('Domestic abuse, DN15');
    expect(text).toContain('C-1');
  });
  it('names the deadline it counts down to: the statutory backstop when it falls first', () => {
    const dueAt = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
    expect(card({ nearestDeadline: { kind: 'statutory', dueAt } })).toContain('Statutory backstop:');
    expect(card({ nearestDeadline: { kind: 'statutory', dueAt } })).toContain('Statutory backstop due');
    expect(card({ stage: 'awaiting_allocation', nearestDeadline: { kind: 'acceptance', dueAt } })).toContain('Acceptance due');
  });
});
