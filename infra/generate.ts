// `npm run generate`: a year and more of synthetic contacts (shared/generator) imported
// through the store, then every read model derived from the records (as `npm run rebuild`).
// Synthetic people and places only, the same from the same seed; a planted hotspot (child
// criminal exploitation rising in Scunthorpe South over the last four weeks) unless
// --no-hotspot. Run it with the engine stopped; into MONGODB_URI, or else the embedded
// FerretDB under .data/ as `npm start` runs it.
//   npm run generate -- [--seed 2026] [--weeks 56] [--per-week 110] [--no-hotspot]
import { parseArgs } from 'node:util';
import { loadPolicy } from '../shared/config.js';
import { DEFAULT_SEED, generateInto, generatorOptions } from '../shared/generator/index.js';
import { commandDatabase } from './command-database.js';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: String(DEFAULT_SEED) }, weeks: { type: 'string', default: '56' }, 'per-week': { type: 'string', default: '110' }, 'no-hotspot': { type: 'boolean', default: false } },
});

async function main() {
  const { uri, stop } = await commandDatabase();
  const options = generatorOptions(loadPolicy(), {
    seed: Number(values.seed),
    weeks: Number(values.weeks),
    perWeek: Number(values['per-week']),
    ...(values['no-hotspot'] ? { hotspot: null } : {}),
  });
  console.log(`generate: ${options.weeks} weeks to the week of ${options.lastWeek}, seed ${options.seed}, into ${uri.replace(/\/\/[^@/]*@/, '//')}`);
  const started = performance.now();
  try {
    const n = await generateInto(uri, options);
    console.log(`generate: ${n} contacts and their read models in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await stop();
  }
}

main().catch((err) => {
  console.error(`generate: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
