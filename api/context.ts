// What every route needs: the Temporal client, the store (the one way into the database) and settings.
import type { Client } from '@temporalio/client';
import type { Store } from '../shared/db/store.js';
import type { FrontDoorPolicy } from '../shared/config.js';
import type { AuthConfig } from './auth/tokens.js';

export interface ApiContext {
  temporal: Client;
  taskQueue: string;
  store: Store;
  policy: FrontDoorPolicy;
  auth: AuthConfig;
  /** How long a human step waits for the workflow to confirm it (default 30 s). */
  stepTimeoutMs?: number;
}
