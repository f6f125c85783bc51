// `npm run audit:verify`: recomputes the audit trail's hash chain from its first link
// (shared/db/audit-chain.ts) and names the first link that does not hold: an entry edited
// or deleted, a link removed or re-linked. Exits 1 when the chain is broken. With `--seal`
// it first seals what is logged and not sealed yet (as the worker's schedule does every
// minute; a sealer racing it stops at the first link it loses). The database: MONGODB_URI,
// else the engine's embedded FerretDB if it is running, else started here on its data.
import { connectStore } from '../shared/db/store.js';
import { commandDatabase } from './command-database.js';

async function main() {
  const { uri, stop } = await commandDatabase({ useRunning: true });
  const { store, close } = await connectStore(uri);
  try {
    if (process.argv.includes('--seal')) console.log(`audit:verify: sealed ${(await store.sealAuditTrail(Number.MAX_SAFE_INTEGER)).sealed} entries`);
    const verdict = await store.verifyAuditChain();
    if (verdict.broken) {
      const { link, entryId, problem } = verdict.broken;
      console.error(`audit:verify: BROKEN at link ${link}${entryId ? ` (audit entry ${entryId})` : ''}: ${problem}; links before it hold`);
      process.exitCode = 1;
    } else {
      console.log(`audit:verify: ${verdict.links} links hold; head ${verdict.head} (keep it: a later run must reach at least this head)`);
    }
  } finally {
    await close();
    await stop();
  }
}

main().catch((err) => {
  console.error(`audit:verify: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
