// The web layer's own rules, without a browser: when a session is over (absolute,
// idle, signed out everywhere), the pages' settings, time left in working hours, ages, safe redirects, and problem+json → fields.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../shared/config.js';
import { sessionOver, type StoredSession } from '../../web/session.js';
import { ageOn, timeLeft } from '../../web/format.js';
import { workingMinutesBetween } from '../../shared/working-time.js';
import { safeNext } from '../../web/pages/sign-in.js';
import { mapProblem } from '../../web/forms.js';
import { inWords } from '../../web/labels.js';
import { loadWebConfig } from '../../web/config.js';

const cal = loadPolicy().calendar;
const london = (local: string) => new Date(`${local}Z`).getTime(); // November: GMT = UTC

describe('sessions', () => {
  const cfg = loadWebConfig({});
  const now = Date.now();
  const session = (over: Partial<StoredSession> = {}): StoredSession => ({
    _id: 'h', user: { id: 'u', name: 'U', role: 'panel_member', agency: 'police' }, csrf: 'c'.repeat(43),
    tokens: { accessToken: 'a', accessExpiresAt: new Date(now + 60_000) },
    createdAt: new Date(now - 3600_000), expiresAt: new Date(now + 3600_000), seenAt: new Date(now - 60_000), ...over,
  });

  it('last until the end of the shift, unused for no longer than the idle timeout, unless signed out everywhere', () => {
    expect(sessionOver(cfg, session(), undefined, now)).toBeUndefined();
    expect(sessionOver(cfg, session({ expiresAt: new Date(now - 1) }), undefined, now)).toBe('expired');
    expect(sessionOver(cfg, session({ seenAt: new Date(now - 31 * 60_000) }), undefined, now)).toBe('idle');
    expect(sessionOver(cfg, session(), new Date(now - 60_000), now)).toBe('signed out everywhere');
    // A session begun after signing out everywhere is not touched.
    expect(sessionOver(cfg, session(), new Date(now - 2 * 3600_000), now)).toBeUndefined();
  });

  it('have settings checked at start', () => {
    expect(loadWebConfig({})).toMatchObject({ sessionHours: 8, idleMinutes: 30, developmentProvider: true, production: false });
    expect(loadWebConfig({ NODE_ENV: 'production', OIDC_ISSUER: 'https://login.example/realms/council' })).toMatchObject({ developmentProvider: false, production: true });
    expect(() => loadWebConfig({ WEB_SESSION_IDLE_MINUTES: '1' })).toThrow(/WEB_SESSION_IDLE_MINUTES/);
    expect(() => loadWebConfig({ WEB_SESSION_HOURS: '48' })).toThrow(/WEB_SESSION_HOURS/);
    expect(() => loadWebConfig({ WEB_BASE_URL: 'https://x.example/pitstop' })).toThrow(/WEB_BASE_URL/);
  });
});

describe('time left, in working hours', () => {
  it('counts office hours only, across a weekend', () => {
    // Friday 2026-11-20 16:00 → Monday 2026-11-23 10:00: one hour on Friday, one on Monday.
    expect(workingMinutesBetween(london('2026-11-20T16:00:00'), london('2026-11-23T10:00:00'), cal)).toBe(120);
    expect(workingMinutesBetween(london('2026-11-23T10:00:00'), london('2026-11-20T16:00:00'), cal)).toBe(-120);
  });

  it('says it plainly, and "Overdue" once passed', () => {
    const now = london('2026-11-20T16:00:00');
    expect(timeLeft('2026-11-23T10:00:00Z', now, cal)).toMatchObject({ text: '2 working hours left', colour: 'yellow' });
    expect(timeLeft('2026-11-20T16:40:00Z', now, cal)).toMatchObject({ text: '40 minutes left', colour: 'orange' });
    expect(timeLeft('2026-11-25T12:30:00Z', now, cal)?.text).toBe('2 working days 4 hours left');
    expect(timeLeft('2026-11-20T15:00:00Z', now, cal)).toMatchObject({ text: 'Overdue', overdue: true, colour: 'red' });
  });
});

describe('ages and redirects', () => {
  it('gives a child’s age in months under two, in years after', () => {
    expect(ageOn('2017-03-14', '2026-11-20')).toBe('9 years');
    expect(ageOn('2025-09-01', '2026-11-20')).toBe('14 months');
    expect(ageOn('2026-12-01', '2026-11-20')).toBe('not yet born');
  });

  it('sends people back only to a page of this service', () => {
    expect(safeNext('/pitstop?date=2026-11-20')).toBe('/pitstop?date=2026-11-20');
    for (const bad of ['https://example.com/', '//example.com/', '/\\example.com', '/sign-out', 42]) expect(safeNext(bad)).toBeUndefined();
  });
});

describe('problem+json to the form', () => {
  it("says the API's codes in words", () => {
    expect(inWords('level of need 2 rules out no_further_action (the threshold document)')).toBe('level of need 2 rules out no further action (the threshold document)');
    expect(inWords('add a refer_to_marac partner action')).toBe('add a refer to MARAC partner action');
    expect(inWords('the case is allocated to childrens_social_care, not education')).toBe("the case is allocated to children's social care, not education");
  });

  it('puts each error on its field, GOV.UK style, and unknown paths in the summary', () => {
    const errors = mapProblem(
      {
        type: 'urn:pitstop:problem:validation',
        title: 'The request is not valid',
        status: 400,
        code: 'validation',
        errors: [
          { path: 'body.rationale', code: 'required', message: 'must not be empty' },
          { path: 'body.leadAgency', code: 'rule', message: 'early help must name a lead agency' },
          { path: 'body.somethingNew', code: 'invalid', message: 'is wrong' },
        ],
      },
      {
        rationale: { href: '#rationale', field: 'rationale', missing: 'Enter the rationale for the decision' },
        leadAgency: { href: '#leadAgency', field: 'leadAgency', missing: 'Select the lead agency' },
      },
    );
    expect(errors.fields).toEqual({ rationale: { text: 'Enter the rationale for the decision' }, leadAgency: { text: 'Early help must name a lead agency' } });
    expect(errors.summary).toEqual([
      { text: 'Enter the rationale for the decision', href: '#rationale' },
      { text: 'Early help must name a lead agency', href: '#leadAgency' },
      { text: 'Is wrong', href: '#main-content' },
    ]);
  });
});
