// The database an operator's command works on (`npm run rebuild`, `generate`,
// `audit:verify`): MONGODB_URI, or else the embedded FerretDB under .data/ as `npm start`
// runs it, started here on PITSTOP_MONGO_PORT for the command's length. `useRunning`: a
// command that only reads may use the engine's running FerretDB instead of starting one.
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { projectRoot, startFerretDB, type RunningServer } from './servers.js';

const listening = (port: number) =>
  new Promise<boolean>((ok) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      ok(true);
    });
    socket.on('error', () => ok(false));
  });

export async function commandDatabase(opts: { useRunning?: boolean } = {}): Promise<{ uri: string; stop: () => Promise<void> }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, stop: async () => {} };
  const mongoPort = Number(process.env.PITSTOP_MONGO_PORT ?? 27017);
  let embedded: RunningServer | undefined;
  if (!opts.useRunning || !(await listening(mongoPort))) {
    const dataDir = process.env.PITSTOP_DATA_DIR ?? join(projectRoot, '.data');
    embedded = await startFerretDB({ port: mongoPort, dataDir: join(dataDir, 'ferretdb') });
  }
  return { uri: `mongodb://127.0.0.1:${mongoPort}/pitstop`, stop: async () => embedded?.stop() };
}
