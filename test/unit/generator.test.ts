// The generator: the same history from the same seed, the mix a front door sees, and a
// planted hotspot that the themes' rule flags alone (the endpoint's test: e2e/generated-themes).
import { describe, expect, it } from 'vitest';
import { POLICE_SOURCE } from '../../shared/codes.js';
import { defaultHotspot, planContacts, recordsOf, type GeneratorOptions } from '../../shared/generator/index.js';
import { themeTrends, type WeeklyThemeCount } from '../../shared/themes/emerging.js';
import { loadLocalities } from '../../shared/themes/localities.js';
import { localDate, mondayOf } from '../../shared/working-time.js';

const timeZone = 'Europe/London';
const options: GeneratorOptions = { seed: 2026, lastWeek: '2026-11-23', timeZone, localities: loadLocalities({}), now: Date.parse('2026-12-01T00:00:00Z') };
const planned = [...planContacts(options)];
const share = (f: (c: (typeof planned)[number]) => boolean) => planned.filter(f).length / planned.length;

describe('the generator', () => {
  it('gives the same contacts from the same seed, and others from another', () => {
    const again = [...planContacts(options)];
    expect(again.map((c) => [c.caseId, +c.receivedAt, c.incidentType, c.outcome])).toEqual(planned.map((c) => [c.caseId, +c.receivedAt, c.incidentType, c.outcome]));
    const other = [...planContacts({ ...options, seed: 7 })];
    expect(other.map((c) => c.caseId)).not.toEqual(planned.map((c) => c.caseId));
  });

  it('covers a year and more at a council’s rate, with the mix of sources, places, ages and outcomes', () => {
    const days = (+planned.at(-1)!.receivedAt - +planned[0].receivedAt) / 86_400_000;
    expect(days).toBeGreaterThan(385);
    expect(planned.length).toBeGreaterThan(5500);
    expect(planned.length).toBeLessThan(7000);
    expect(share((c) => c.source === POLICE_SOURCE)).toBeGreaterThan(0.45);
    expect(share((c) => c.source === POLICE_SOURCE)).toBeLessThan(0.6);
    expect(new Set(planned.map((c) => c.source)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(planned.map((c) => c.locality))).toEqual(new Set(options.localities.names));
    expect(new Set(planned.map((c) => c.incidentType)).size).toBe(13);
    const police = planned.filter((c) => c.source === POLICE_SOURCE);
    const nfa = police.filter((c) => c.outcome === 'no_further_action').length / police.length;
    expect(nfa).toBeGreaterThan(0.2);
    expect(nfa).toBeLessThan(0.4);
    expect(share((c) => c.recontact)).toBeGreaterThan(0.1);
    expect(planned.some((c) => c.repeatReferral)).toBe(true);
    const ages = planned.flatMap((c) => c.family.children.map((ch) => (+c.receivedAt - Date.parse(ch.dateOfBirth)) / (365.25 * 86_400_000)));
    expect(Math.min(...ages)).toBeLessThan(2);
    expect(Math.max(...ages)).toBeGreaterThan(16);
    expect(Math.max(...ages)).toBeLessThan(19);
    // Every contact closed, none after `now`; most decided within the rating's deadline.
    expect(planned.every((c) => +c.closedAt <= options.now! && c.closedAt >= c.decidedAt && c.decidedAt > c.receivedAt)).toBe(true);
    expect(share((c) => c.decidedAt <= c.decisionDueAt)).toBeGreaterThan(0.8);
  });

  it('plants the hotspot so that the themes’ rule flags it and nothing else', () => {
    const counts = new Map<string, WeeklyThemeCount>();
    for (const c of planned) {
      const week = mondayOf(localDate(c.receivedAt, timeZone));
      const key = `${c.locality}|${c.incidentType}|${week}`;
      const cell = counts.get(key) ?? { locality: c.locality, theme: `incident:${c.incidentType}`, week, count: 0 };
      cell.count++;
      counts.set(key, cell);
    }
    const flagged = themeTrends([...counts.values()], options.lastWeek).filter((t) => t.emerging);
    expect(flagged.map((t) => [t.locality, t.theme])).toEqual([[defaultHotspot.locality, `incident:${defaultHotspot.incidentType}`]]);
    // Without the hotspot, nothing.
    const plain = [...planContacts({ ...options, hotspot: null })];
    const plainCounts = plain.map((c) => ({ locality: c.locality, theme: `incident:${c.incidentType}`, week: mondayOf(localDate(c.receivedAt, timeZone)), count: 1 }));
    expect(themeTrends(plainCounts, options.lastWeek).filter((t) => t.emerging)).toEqual([]);
  });

  it('writes each contact out as the engine keeps it: closed, its people, its record as received', () => {
    const police = recordsOf(planned.find((c) => c.source === POLICE_SOURCE && c.outcome === 'strategy_discussion_s47')!);
    expect(police.contacts[0]).toMatchObject({ stage: 'closed', source: '6', kind: 'notification' });
    expect(police.notifications).toHaveLength(1);
    expect(police.referrals).toHaveLength(1);
    expect(police.people.some((p) => p.kind === 'child')).toBe(true);
    const form = recordsOf(planned.find((c) => c.source === '2A')!);
    expect(form.referralForms).toHaveLength(1);
    expect(form.notifications).toHaveLength(0);
  });
});
