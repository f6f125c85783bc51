// Ofsted's Annex A codings as ../shared/domain.md gives them.
import { describe, expect, it } from 'vitest';
import { ageInYears, annexChildrenOf, annexDate, annexEthnicity, annexGender, annexSource, annexYesNo, unpackAnnexChild } from '../../shared/annex-a.js';
import { contactSources, ethnicityCodes } from '../../shared/codes.js';
import { referralAsKept } from '../../api/queries/annex-a.js';
import { foldChildHistory, type PersonHistoryEntry } from '../../shared/db/store.js';

describe('Annex A codings', () => {
  it('letters the sources in the census order: e) 2A Schools, q) 6 Police, t) 9 Anonymous', () => {
    expect(annexSource('2A')).toBe('e) 2A: Schools');
    expect(annexSource('6')).toBe('q) 6: Police');
    expect(annexSource('9')).toBe('t) 9: Anonymous');
    expect(annexSource('10')).toBe('u) 10: Unknown');
    expect(annexSource('5D')).toMatch(/^v\) 5D: /);
    expect(new Set(Object.keys(contactSources).map((s) => annexSource(s).slice(0, 2))).size).toBe(Object.keys(contactSources).length);
  });
  it('letters ethnicity a) WBRI … r) OOTH, s) REFU or s) NOBT', () => {
    expect(annexEthnicity('WBRI')).toBe('a) WBRI');
    expect(annexEthnicity('OOTH')).toBe('r) OOTH');
    expect(annexEthnicity('REFU')).toBe('s) REFU');
    expect(annexEthnicity('NOBT')).toBe('s) NOBT');
    expect(ethnicityCodes).toHaveLength(20);
  });
  it('codes gender, yes/no, dates and ages', () => {
    expect(['male', 'female', 'not_stated', 'unknown', 'other', undefined].map(annexGender)).toEqual(['a) Male', 'b) Female', 'c) Not stated/recorded', 'c) Not stated/recorded', 'd) Neither', 'c) Not stated/recorded']);
    expect([true, false, undefined].map(annexYesNo)).toEqual(['a) Yes', 'b) No', 'c) Unknown']);
    expect(annexDate('2026-03-04')).toBe('04/03/2026');
    expect(ageInYears('2017-03-14', '2026-03-13')).toBe(8);
    expect(ageInYears('2017-03-14', '2026-03-14')).toBe(9);
    expect(ageInYears(undefined, '2026-03-14')).toBe('');
  });
});

describe("a child's Annex A details on the case's row", () => {
  it('pack and unpack to the same details, the ones not given left out', () => {
    const ids = ['CH-0123456789ABCDEF0123', 'CH-0123456789ABCDEF0124'];
    const packed = annexChildrenOf(ids, [{ gender: 'female', dateOfBirth: '2017-03-14', ethnicity: 'WBRI' }, {}]);
    expect(packed).toEqual(['CH-0123456789ABCDEF0123|female|2017-03-14|WBRI', 'CH-0123456789ABCDEF0124|||']);
    expect(packed.map(unpackAnnexChild)).toEqual([
      { personId: ids[0], gender: 'female', dateOfBirth: '2017-03-14', ethnicity: 'WBRI' },
      { personId: ids[1] },
    ]);
  });
});

describe("List 3's referral from the children's history logs", () => {
  const at = new Date('2026-03-02T10:00:00Z');
  const log = (...entries: PersonHistoryEntry[]) => foldChildHistory(entries);
  const made: PersonHistoryEntry = { kind: 'referral', caseId: 'C-1', at, withdrawn: false };
  const withdrawn: PersonHistoryEntry = { ...made, withdrawn: true };
  it('takes the date and NFA flag from the entry appended last for the case', () => {
    expect(referralAsKept('C-1', [log(made), log(made)])).toEqual({ referredAt: at, withdrawn: false });
    expect(referralAsKept('C-1', [log(made, withdrawn), undefined])).toEqual({ referredAt: at, withdrawn: true });
    expect(referralAsKept('C-1', [log(made, withdrawn, made)])).toEqual({ referredAt: at, withdrawn: false });
  });
  it('leaves the referral to be read when no log has it, or the logs disagree (made again for other children)', () => {
    expect(referralAsKept('C-1', [log({ kind: 'contact', caseId: 'C-1', at }), undefined])).toBeUndefined();
    expect(referralAsKept('C-1', [log(made, withdrawn), log(made, withdrawn, made)])).toBeUndefined();
  });
});
