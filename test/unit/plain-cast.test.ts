// An insert's document cast without a mongoose document (shared/db/plain-cast.ts) must be
// what mongoose stores, byte for byte once serialised as the driver sends it, or not be
// given at all (mongoose then casts or refuses it). For every model: thousands of documents
// whose every path is, at random, absent, null, of its type, of another type, breaking its
// rule, or a free-form value with what mongoose treats apart (empty objects, undefined,
// dates, classes), with keys the schema does not know.
import { BSON } from 'mongodb';
import mongoose, { type Model } from 'mongoose';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { castByMongoose, castForInsert } from '../../shared/db/inserts.js';
import { createModels } from '../../shared/db/models.js';
import { plainCasterOf } from '../../shared/db/plain-cast.js';

const models = Object.values(createModels(mongoose.createConnection()) as Record<string, unknown>)
  .filter((m): m is Model<any> => typeof m === 'function' && 'schema' in (m as object));

/** A seeded generator: the same documents every run. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  return { next, pick };
}

const instant = new Date('2027-03-01T09:30:00.000Z');
const odd = [null, undefined, 42, 'text', '', true, { a: 1 }, ['x'], new Date('nonsense'), NaN, Infinity, '2027-03-01', '1700000000000'];
const byType: Record<string, unknown[]> = {
  String: ['C-abc', 'x', ''],
  Number: [0, 3, -1.5],
  Boolean: [true, false],
  Date: [instant, '2027-03-01T09:30:00.000Z', '2027-03-01T09:30:00+01:00', '2027-03-01T09:30Z'],
  Mixed: [
    { id: 'u1', role: 'panel_member', agency: 'police' }, { nested: { deep: ['a', 1, null] } }, [1, 'a'], 'free text', 5, {}, { empty: {} },
    { gone: undefined }, { when: instant }, { bad: new Date('nonsense') }, new Map([['a', 1]]), { n: NaN }, Object.create(null),
  ],
};

/** `oddRate`: how often a value is one of `odd` rather than of its path's type. */
function valueFor(t: any, r: ReturnType<typeof random>, depth = 0, oddRate = 0.25): unknown {
  if (r.next() < oddRate) return r.pick(odd);
  if (t.instance === 'Array') {
    if (r.next() < 0.2) return [];
    const n = 1 + Math.floor(r.next() * 3);
    return Array.from({ length: n }, () => {
      if (t.$isMongooseDocumentArray) return r.next() < 0.1 ? r.pick(odd) : docFor(t.schema, r, depth + 1, oddRate);
      return valueFor(t.$embeddedSchemaType, r, depth + 1, oddRate);
    });
  }
  if (t.enumValues?.length && r.next() < 0.7) return r.pick(t.enumValues);
  return r.pick(byType[t.instance] ?? odd);
}

function docFor(schema: mongoose.Schema, r: ReturnType<typeof random>, depth = 0, oddRate = 0.25): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(schema.paths)) {
    if (name === '_id' && depth === 0) doc._id = `id-${Math.floor(r.next() * 1e9)}`;
    else if (r.next() < 0.8) doc[name] = valueFor(t, r, depth, oddRate);
  }
  if (r.next() < 0.2) doc.unknown = 'dropped';
  if (r.next() < 0.05) doc.id = 'set-by-a-virtual';
  return doc;
}

/** What the driver sends: the document serialised as BSON and read back. */
const stored = (doc: object) => BSON.deserialize(BSON.serialize(doc));

function mongooseCast(model: Model<any>, fields: object): { doc?: object; refused?: unknown } {
  try {
    return { doc: castByMongoose(model, fields) };
  } catch (refused) {
    return { refused };
  }
}

describe('an insert cast without a mongoose document', () => {
  it('is given for the hot writes: log slots, audit entries, timeline events, the working set, notifications', () => {
    const plain = new Set(models.filter((m) => plainCasterOf(m.schema)).map((m) => m.collection.collectionName));
    for (const name of ['audit_logs', 'person_history_entries', 'agenda_entries', 'audit', 'timeline', 'open_cases', 'notifications', 'person_keys']) {
      expect(plain, name).toContain(name);
    }
    // Timestamped schemas too: the contact and the person an intake records.
    for (const name of ['contacts', 'persons']) expect(plain, name).toContain(name);
  });

  it("is, for every model and thousands of documents, what mongoose stores, or not given (mongoose's own cast or refusal then stands)", () => {
    // One instant for both casts: a timestamped schema stamps the insert's time.
    vi.useFakeTimers({ toFake: ['Date'], now: instant });
    onTestFinished(() => void vi.useRealTimers());
    let fast = 0;
    let total = 0;
    for (const model of models) {
      const caster = plainCasterOf(model.schema);
      if (!caster) continue;
      const r = random(model.collection.collectionName.length * 7919);
      for (let i = 0; i < 1500; i++) {
        const fields = docFor(model.schema, r);
        const plain = caster(fields);
        const byMongoose = mongooseCast(model, fields);
        total++;
        if (plain === undefined) continue;
        fast++;
        const where = `${model.collection.collectionName} ${JSON.stringify(fields)}`;
        expect(byMongoose.refused, where).toBeUndefined();
        expect(stored(plain), where).toStrictEqual(stored(byMongoose.doc!));
      }
    }
    // Not a test that cannot fail: a good part of the documents took the plain way.
    expect(fast / total).toBeGreaterThan(0.02);
    expect(fast).toBeGreaterThan(500);
  });

  it('is, for the contact and the person an intake records (timestamped, with defaults), what mongoose stores', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: instant });
    onTestFinished(() => void vi.useRealTimers());
    for (const name of ['contacts', 'persons']) {
      const model = models.find((m) => m.collection.collectionName === name)!;
      const caster = plainCasterOf(model.schema)!;
      const r = random(name.length * 104_729);
      let fast = 0;
      // Most of a contact's many paths must be right for the plain way: odd values rarer.
      for (let i = 0; i < 3000; i++) {
        const fields = docFor(model.schema, r, 0, 0.02);
        const plain = caster(fields);
        if (plain === undefined) continue;
        fast++;
        const byMongoose = mongooseCast(model, fields);
        expect(byMongoose.refused, `${name} ${JSON.stringify(fields)}`).toBeUndefined();
        expect(stored(plain), `${name} ${JSON.stringify(fields)}`).toStrictEqual(stored(byMongoose.doc!));
      }
      expect(fast, name).toBeGreaterThan(100);
    }
    // Stamped with the insert's time where not given; a time given is kept.
    const person = models.find((m) => m.collection.collectionName === 'persons')!;
    const given = new Date('2026-01-01T00:00:00Z');
    expect(plainCasterOf(person.schema)!({ _id: 'p1', kind: 'child', matchKeys: [] })).toMatchObject({ createdAt: instant, updatedAt: instant });
    expect(plainCasterOf(person.schema)!({ _id: 'p1', kind: 'child', matchKeys: [], createdAt: given })).toMatchObject({ createdAt: given, updatedAt: instant });
  });

  it('leaves a document without its _id to mongoose, which refuses it', () => {
    const audit = models.find((m) => m.collection.collectionName === 'audit_logs')!;
    expect(() => castForInsert(audit, { key: 'all', n: 0 })).toThrow(/needs an _id/);
  });
});
