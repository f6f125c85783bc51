// The generator's year, imported through the store into a running engine: the themes
// endpoint flags the planted hotspot and no other, and the history reads as the engine's
// own (a generated case through the API, the series over it).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defaultHotspot, generateInto, generatorOptions, lastCompleteWeek } from '../../shared/generator/index.js';
import { http, startStack, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const manager = tokenFor('front_door_manager', 'front_door');
let imported = 0;

beforeAll(async () => {
  stack = await startStack('generated');
  call = http(stack.baseUrl);
  const uri = `${inject('mongoBaseUri')}${stack.models.Contact.db.name}`;
  imported = await generateInto(uri, generatorOptions(stack.policy));
}, 600_000);
afterAll(async () => stack?.stop());

describe("the generator's year in a running engine", () => {
  it('is a year of contacts, imported once', async () => {
    expect(imported).toBeGreaterThan(5500);
    const uri = `${inject('mongoBaseUri')}${stack.models.Contact.db.name}`;
    expect(await generateInto(uri, generatorOptions(stack.policy), { onlyIfAbsent: true })).toBe(0);
  });

  it('flags the planted hotspot on the themes endpoint, and nothing else', async () => {
    const r = await call('GET', '/api/v1/themes', { token: manager });
    expect(r.status).toBe(200);
    expect(r.body.lastWeek).toBe(lastCompleteWeek(stack.policy.calendar.timeZone));
    const flagged = r.body.trends.filter((t: { emerging: boolean }) => t.emerging);
    expect(flagged.map((t: { locality: string; theme: string }) => [t.locality, t.theme])).toEqual([[defaultHotspot.locality, `incident:${defaultHotspot.incidentType}`]]);
    expect(flagged[0].recent).toBeGreaterThan(flagged[0].expected * 3);
    // Every locality has a year of contacts behind it.
    expect(new Set(r.body.trends.map((t: { locality: string }) => t.locality))).toEqual(new Set(r.body.localities));
  });

  it('reads as the engine’s own history: the series over it, a case through the API', async () => {
    const series = await call('GET', '/api/v1/figures/series?interval=month&group=source', { token: manager });
    expect(series.status).toBe(200);
    const police = series.body.points.filter((p: { group: string }) => p.group === '6');
    expect(police.reduce((n: number, p: { contacts: number }) => n + p.contacts, 0)).toBeGreaterThan(2000);
    const list = await call('GET', '/api/v1/cases?pageSize=1', { token: manager });
    expect(list.status).toBe(200);
    const one = await call('GET', `/api/v1/cases/${list.body.items[0].caseId}`, { token: manager });
    expect(one.status).toBe(200);
    expect(one.body.stage).toBe('closed');
  });
});
