// What counts as the same notification, and what a police update changed, in words.
import { describe, expect, it } from 'vitest';
import { canonicalContent, classifyNotification, notificationDifferences } from '../../shared/notification-versions.js';
import { policeNotificationSchema, type PoliceNotification } from '../../shared/schemas/notification.js';
import { example } from '../support/fixtures.js';

const parsed = (change: (n: any) => void = () => {}): PoliceNotification => {
  const n = example();
  change(n);
  return policeNotificationSchema.parse(n);
};

describe('canonicalContent', () => {
  it('ignores when and how it travelled: sentAt, the force name, key order, the order of people and actions, the reference letter case', () => {
    const a = parsed();
    const b = parsed((n) => {
      n.sentAt = '2026-11-20T09:15:00Z';
      n.force.name = 'Humberside Police Service';
      n.policeReference = n.policeReference.toLowerCase();
      n.children.reverse();
      n.adults.reverse();
      n.incident.actionsTaken.reverse();
    });
    const reversedKeys = (x: unknown): unknown =>
      Array.isArray(x) ? x.map(reversedKeys)
        : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).reverse().map(([k, v]) => [k, reversedKeys(v)])) : x;
    expect(canonicalContent(b)).toBe(canonicalContent(a));
    expect(canonicalContent(reversedKeys(a) as PoliceNotification)).toBe(canonicalContent(a));
  });

  it('sees any change to what it says about the children', () => {
    const a = parsed();
    expect(canonicalContent(parsed((n) => (n.children[1].school = 'Example Nursery')))).not.toBe(canonicalContent(a));
    expect(canonicalContent(parsed((n) => (n.dash.score = 12)))).not.toBe(canonicalContent(a));
    expect(canonicalContent(parsed((n) => (n.incident.circumstances += ' More.')))).not.toBe(canonicalContent(a));
  });
});

describe('classifyNotification', () => {
  const v = (version: number, content: string, sentAt: string) => ({ version, content, sentAt });
  const known = [v(1, 'A', '2026-11-20T08:00:00Z'), v(2, 'B', '2026-11-20T10:00:00Z')];

  it('the newest content again is a resend of it, whenever sent', () => {
    expect(classifyNotification(known, { content: 'B', sentAt: '2026-11-21T10:00:00Z' })).toEqual({ kind: 'duplicate', of: 2 });
  });
  it('an earlier version arriving late is a redelivery of that version, not a change back', () => {
    expect(classifyNotification(known, { content: 'A', sentAt: '2026-11-20T08:00:00Z' })).toEqual({ kind: 'duplicate', of: 1 });
    expect(classifyNotification(known, { content: 'A', sentAt: '2026-11-20T10:00:00Z' })).toEqual({ kind: 'duplicate', of: 1 });
  });
  it('an earlier version sent after the newest is the force going back to it: an update', () => {
    expect(classifyNotification(known, { content: 'A', sentAt: '2026-11-20T10:00:01Z' })).toEqual({ kind: 'update' });
  });
  it('an earlier version sent again at the time it was first sent is that version, whatever order the versions arrived in', () => {
    // Two updates raced: the one sent at 09:00:05 arrived first (version 1), the one sent at 09:00:00 second.
    const raced = [v(1, 'B', '2026-11-21T09:00:05Z'), v(2, 'A', '2026-11-21T09:00:00Z')];
    expect(classifyNotification(raced, { content: 'B', sentAt: '2026-11-21T09:00:05Z' })).toEqual({ kind: 'duplicate', of: 1 });
    expect(classifyNotification(raced, { content: 'B', sentAt: '2026-11-21T09:00:06Z' })).toEqual({ kind: 'update' });
  });
  it('new content is an update', () => {
    expect(classifyNotification(known, { content: 'C', sentAt: '2026-11-20T09:00:00Z' })).toEqual({ kind: 'update' });
  });
});

describe('notificationDifferences', () => {
  it('names the children and adults added, removed and changed, and the risk raised', () => {
    const before = parsed();
    const after = parsed((n) => {
      n.children.push({ givenName: 'Mia', familyName: 'Testcase', dateOfBirth: '2025-02-01', presentAtIncident: false, residentAtAddress: true });
      n.children[0].school = 'Example Academy';
      n.adults.pop();
      n.dash = { riskLevel: 'high', score: 17 };
      n.incident.officerConcerns = 'Threats to kill reported.';
    });
    const d = notificationDifferences(before, after);
    expect(d.children.added).toEqual([{ givenName: 'Mia', familyName: 'Testcase', dateOfBirth: '2025-02-01' }]);
    expect(d.children.changed).toEqual([{ givenName: 'Ava', familyName: 'Testcase', dateOfBirth: '2017-03-14', fields: ['school'] }]);
    expect(d.adults.removed).toEqual([{ givenName: 'Jordan', familyName: 'Example', dateOfBirth: '1989-01-11', role: 'suspect' }]);
    expect(d.dashRiskLevel).toEqual({ from: 'medium', to: 'high' });
    expect(d.riskGrading).toBeUndefined();
    expect(d.summary).toEqual([
      'child added: Mia Testcase (born 2025-02-01)',
      "child's details changed: Ava Testcase (born 2017-03-14) (school)",
      'adult removed: Jordan Example (born 1989-01-11), suspect',
      'DASH risk level raised: medium → high',
      'DASH score: 11 → 17',
      'incident.officerConcerns changed',
    ]);
  });

  it('says a lowered grading and a changed incident type', () => {
    const d = notificationDifferences(parsed(), parsed((n) => {
      n.riskGrading = 'standard';
      n.incident.type = 'neglect_or_welfare_concern';
    }));
    expect(d.summary).toContain('police risk grading lowered: medium → standard');
    expect(d.incidentType).toEqual({ from: 'domestic_abuse', to: 'neglect_or_welfare_concern' });
  });
});
