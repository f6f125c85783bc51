// `npm run generate`: a year and more of synthetic contacts (shared/generator) imported
// through the store, then every read model derived from the records (as `npm run rebuild`).
// Synthetic people and places only, the same from the same seed; a planted hotspot (child
// criminal exploitation rising in Scunthorpe South over the last four weeks) unless
// --no-hotspot. Run it with the engine stopped; into MONGODB_URI, or else the embedded
// FerretDB under .data/ as `npm start` runs it.
//   npm run generate -- [--seed 2026] [--weeks 56] [--per-week 110] [--no-hotspot]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPolicy } from '../shared/config.js';
import { DEFAULT_SEED, generateInto, generatorOptions } from '../shared/generator/index.js';
import { projectRoot, startFerretDB, type RunningServer } from './servers.js';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: String(DEFAULT_SEED) }, weeks: { type: 'string', default: '56' }, 'per-week': { type: 'string', default: '110' }, 'no-hotspot': { type: 'boolean', default: false } },
});

async function main() {
  let uri = process.env.MONGODB_URI;
  let embedded: RunningServer | undefined;
  if (!uri) {
    const dataDir = process.env.PITSTOP_DATA_DIR ?? join(projectRoot, '.data');
    const mongoPort = Number(process.env.PITSTOP_MONGO_PORT ?? 27017);
    embedded = await startFerretDB({ port: mongoPort, dataDir: join(dataDir, 'ferretdb') });
    uri = `mongodb://127.0.0.1:${mongoPort}/pitstop`;
  }
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
    await embedded?.stop();
  }
}

main().catch((err) => {
  console.error(`generate: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
