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
