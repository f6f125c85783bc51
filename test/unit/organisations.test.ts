// Where a case's parts go when a police update names a child's school or GP practice the
// case did not name (shared/organisations.ts `readdressedOrganisations`).
import { describe, expect, it } from 'vitest';
import { readdressedOrganisations } from '../../shared/organisations.js';

const before = { education: ['990001'], health: ['hv-north'] };

describe('a police update naming a new school or GP practice', () => {
  it("moves an agency's open part to the organisations now named", () => {
    const r = readdressedOrganisations(before, [{ schoolUrn: '990002', gpPracticeCode: 'Z99001' }], () => false);
    expect(r.organisations).toEqual({ education: ['990002'], health: ['Z99001'] });
    expect(r.moved).toEqual({ education: { from: ['990001'], to: ['990002'] }, health: { from: ['hv-north'], to: ['Z99001'] } });
  });

  it('keeps an organisation that has answered or holds the allocation beside the new one', () => {
    const r = readdressedOrganisations(before, [{ schoolUrn: '990002' }], (agency) => agency === 'education');
    expect(r.organisations).toEqual({ education: ['990001', '990002'], health: ['hv-north'] });
    expect(r.moved).toEqual({ education: { from: ['990001'], to: ['990001', '990002'] } });
  });

  it('changes nothing when no new school or practice is named, nor when one is left out', () => {
    expect(readdressedOrganisations(before, [{ schoolUrn: '990001' }], () => false)).toEqual({ organisations: before });
    expect(readdressedOrganisations(before, [{}], () => false)).toEqual({ organisations: before });
  });

  it('names a second child\'s school beside the first child\'s', () => {
    const r = readdressedOrganisations(before, [{ schoolUrn: '990001' }, { schoolUrn: '990002' }], () => false);
    expect(r.organisations.education).toEqual(['990001', '990002']);
  });
});
