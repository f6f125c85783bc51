// The generator's entry points: its history in batches for the store's import, and the
// demo data `npm start` loads with PITSTOP_DEMO_DATA=1 (infra/start.ts).
import type { FrontDoorPolicy } from '../config.js';
import { contactKept, importHistory, mergeBatches, type ImportBatch } from '../db/store.js';
import { councilLocalities } from '../themes/localities.js';
import { addDays, localDate, mondayOf } from '../working-time.js';
import { planContacts, type GeneratorOptions } from './contacts.js';
import { recordsOf } from './records.js';

export { defaultHotspot, planContacts, type GeneratorOptions, type HotspotPlan, type PlannedContact } from './contacts.js';
export { recordsOf } from './records.js';

/** The seed of the demo data and of `npm run generate` unless told another. */
export const DEFAULT_SEED = 2026;

/** The generator's records, `size` contacts a batch. */
export function* generatedBatches(o: GeneratorOptions, size = 500): Generator<ImportBatch> {
  let batch: ImportBatch[] = [];
  for (const c of planContacts(o)) {
    batch.push(recordsOf(c));
    if (batch.length === size) {
      yield mergeBatches(batch);
      batch = [];
    }
  }
  if (batch.length) yield mergeBatches(batch);
}

/** The Monday (local) of the last complete week: where a history generated now ends. */
export const lastCompleteWeek = (timeZone: string, now = Date.now()): string => addDays(mondayOf(localDate(now, timeZone)), -7);

/** The options for the council's own localities and time zone, ending with last week. */
export function generatorOptions(policy: Pick<FrontDoorPolicy, 'calendar'>, over: Partial<GeneratorOptions> = {}): GeneratorOptions {
  const { timeZone } = policy.calendar;
  return { seed: DEFAULT_SEED, lastWeek: lastCompleteWeek(timeZone), timeZone, localities: councilLocalities(), ...over };
}

/**
 * Generates a history into the database at `uri` and derives its read models; with
 * `onlyIfAbsent`, nothing when the history's first contact is kept already (a demo
 * database started again). Returns how many contacts it imported.
 */
export async function generateInto(uri: string, o: GeneratorOptions, opts: { onlyIfAbsent?: boolean } = {}): Promise<number> {
  if (opts.onlyIfAbsent) {
    const first = planContacts(o).next();
    if (!first.done && (await contactKept(uri, first.value.caseId))) return 0;
  }
  return (await importHistory(uri, generatedBatches(o))).contacts;
}
