// Ids reveal nothing: a case's or a child's id cannot be computed from a force's reference or
// a child's details without the id key, and stays the same for the same details (resends).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { caseIdFor, caseIdForReferral, idKeyFrom, stableId } from '../../shared/ids.js';

const plainDigest = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 20).toUpperCase();

/** The id a fresh process computes under another key (the key is read once per process). */
function idsUnderKey(key: string): { caseId: string; childId: string } {
  const script = `import { caseIdFor, stableId } from './shared/ids.ts';
console.log(JSON.stringify({ caseId: caseIdFor('HUM', 'HUM-26-118734'), childId: stableId('CH', 'nhs:9990001234') }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, PITSTOP_ID_KEY: key },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim()) as { caseId: string; childId: string };
}

describe('ids', () => {
  it('are the same for the same details, so a resend finds its case', () => {
    expect(caseIdFor('HUM', 'HUM-26-118734')).toBe(caseIdFor('HUM', 'HUM-26-118734'));
    expect(caseIdForReferral('school-1', { reference: 'R1' })).toBe(caseIdForReferral('school-1', { reference: ' r1 ' }));
    expect(stableId('CH', 'nhs:9990001234')).toMatch(/^CH-[0-9A-F]{20}$/);
  });

  it('cannot be computed from the details alone (an unkeyed digest of them is not the id)', () => {
    expect(caseIdFor('HUM', 'HUM-26-118734')).not.toBe(`C-${plainDigest('HUM\u0000HUM-26-118734')}`);
    expect(stableId('CH', 'nhs:9990001234')).not.toBe(`CH-${plainDigest('nhs:9990001234')}`);
  });

  it('change with the key: a council with its own key has ids nobody else can compute', () => {
    const mine = { caseId: caseIdFor('HUM', 'HUM-26-118734'), childId: stableId('CH', 'nhs:9990001234') };
    const other = idsUnderKey('another-council-id-key-of-at-least-32-chars');
    expect(other.caseId).toMatch(/^C-[0-9A-F]{20}$/);
    expect(other.caseId).not.toBe(mine.caseId);
    expect(other.childId).not.toBe(mine.childId);
  });

  it('refuse a short key', () => {
    expect(() => idKeyFrom({ PITSTOP_ID_KEY: 'short' })).toThrow(/PITSTOP_ID_KEY must be at least 32 characters/);
    expect(idKeyFrom({})).toMatch(/development/);
  });
});
