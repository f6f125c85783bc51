// Connecting to MongoDB: the models and their indexes, nothing more. The read models kept
// beside the records are written by their live writers and, when an operator asks, derived
// again from the records by the rebuild (rebuild.ts, `npm run rebuild`): nothing is built
// on connecting.
import mongoose, { type Connection, type ConnectOptions } from 'mongoose';
import { createModels, type Models } from './models.js';

/** Connects and makes sure every index declared exists before anyone reads or writes. */
export async function connectDatabase(uri: string, options: ConnectOptions = {}): Promise<{ conn: Connection; models: Models }> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000, autoIndex: false, ...options });
  await conn.asPromise();
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
  return { conn, models };
}
