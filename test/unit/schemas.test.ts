// The notification and step schemas: the shared examples pass as they are, and the
// procedures' cross-field rules give field paths.
import { describe, expect, it } from 'vitest';
import { caseIdFor, postcodeDistrict } from '../../shared/ids.js';
import { policeNotificationSchema } from '../../shared/schemas/notification.js';
import { decisionSchema } from '../../shared/schemas/steps.js';
import { example, exampleFiles } from '../support/fixtures.js';

const paths = (r: { success: boolean; error?: { issues: { path: (string | number)[] }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.path.join('.'));

describe('police notification schema', () => {
  it.each(exampleFiles)('accepts %s as it is', (file) => {
    const r = policeNotificationSchema.safeParse(example(file));
    expect(r.success).toBe(true);
  });

  it('names each bad field', () => {
    const n = example();
    n.incident.type = 'burglary';
    n.children[0].dateOfBirth = '14/03/2017';
    n.children[1].presentAtIncident = 'yes';
    delete n.policeReference;
    n.incident.location.postcode = 'NOT A POSTCODE';
    expect(paths(policeNotificationSchema.safeParse(n)).sort()).toEqual(
      ['children.0.dateOfBirth', 'children.1.presentAtIncident', 'incident.location.postcode', 'incident.type', 'policeReference'].sort(),
    );
  });

  it('refuses dates that cannot be true, naming the field', () => {
    const inAnHour = new Date(Date.now() + 3600_000).toISOString();
    const future = example();
    future.sentAt = inAnHour;
    expect(paths(policeNotificationSchema.safeParse(future))).toEqual(['sentAt']);
    // A police clock a minute ahead of ours is not a future notification.
    const skewed = example();
    skewed.sentAt = new Date(Date.now() + 60_000).toISOString();
    skewed.incident.occurredAt = new Date(Date.now() - 3600_000).toISOString();
    expect(policeNotificationSchema.safeParse(skewed).success).toBe(true);

    // A sentAt that is no date at all is refused as such, not as a date in the future.
    const blank = example();
    blank.sentAt = '';
    expect(paths(policeNotificationSchema.safeParse(blank))).toEqual(['sentAt']);

    const incidentAfter = example();
    incidentAfter.incident.occurredAt = '2026-11-20T09:00:00Z'; // sent 08:42 that day
    expect(paths(policeNotificationSchema.safeParse(incidentAfter))).toEqual(['incident.occurredAt']);

    const bornAfter = example();
    bornAfter.children[1].dateOfBirth = '2026-11-21'; // sent 20 November
    expect(paths(policeNotificationSchema.safeParse(bornAfter))).toEqual(['children.1.dateOfBirth']);
    bornAfter.children[1].dateOfBirth = '2026-11-20'; // born the day it was sent: possible
    expect(policeNotificationSchema.safeParse(bornAfter).success).toBe(true);

    const unborn = example();
    unborn.children[1] = { givenName: 'Baby', familyName: 'Testcase', unborn: true, expectedDateOfDelivery: '2026-10-08', presentAtIncident: false, residentAtAddress: true };
    expect(paths(policeNotificationSchema.safeParse(unborn))).toEqual(['children.1.expectedDateOfDelivery']);
    unborn.children[1].expectedDateOfDelivery = '2026-10-09'; // 42 days before it was sent
    expect(policeNotificationSchema.safeParse(unborn).success).toBe(true);
  });

  it('requires at least one child, and an expected date for an unborn child', () => {
    const n = example();
    n.children = [];
    expect(paths(policeNotificationSchema.safeParse(n))).toEqual(['children']);
    n.children = [{ givenName: 'Baby', familyName: 'Testcase', unborn: true, presentAtIncident: false, residentAtAddress: true }];
    expect(paths(policeNotificationSchema.safeParse(n))).toEqual(['children.0.expectedDateOfDelivery']);
  });
});

describe('decision schema', () => {
  const base = { levelOfNeed: 2, outcome: 'early_help', leadAgency: 'education', rationale: 'r', attendees: [{ name: 'A', agency: 'police' }], proposedBy: 'police' };
  it('says which agency proposed the outcome: decisions are jointly accountable', () => {
    expect(paths(decisionSchema.safeParse({ ...base, proposedBy: undefined }))).toEqual(['proposedBy']);
  });
  it('requires early help to name a lead agency', () => {
    expect(paths(decisionSchema.safeParse({ ...base, leadAgency: undefined }))).toEqual(['leadAgency']);
  });
  it('never combines factor 21 with another factor', () => {
    expect(paths(decisionSchema.safeParse({ ...base, factors: ['21', '3B'] }))).toEqual(['factors']);
    expect(decisionSchema.safeParse({ ...base, factors: ['21'] }).success).toBe(true);
  });
  it('refuses retired factors 18A and 19A, and a missing rationale', () => {
    expect(paths(decisionSchema.safeParse({ ...base, factors: ['18A'] }))).toEqual(['factors.0']);
    expect(paths(decisionSchema.safeParse({ ...base, rationale: '  ' }))).toEqual(['rationale']);
  });
});

describe('identifiers', () => {
  it('derives the same case id for the same force and reference, whatever the case or spacing', () => {
    expect(caseIdFor('HUM', 'HUM-26-118734')).toBe(caseIdFor('hum', ' hum-26-118734 '));
    expect(caseIdFor('HUM', 'HUM-26-118734')).not.toBe(caseIdFor('WYP', 'HUM-26-118734'));
  });
  it('takes the postcode district for locality themes', () => {
    expect(postcodeDistrict('DN15 0ZZ')).toBe('DN15');
    expect(postcodeDistrict('SW1A1AA')).toBe('SW1A');
    expect(postcodeDistrict(undefined)).toBeUndefined();
  });
});
