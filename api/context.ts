// What every route needs: the Temporal client, the database models and settings.
import type { Client } from '@temporalio/client';
import type { Models } from '../shared/db/models.js';
import type { FrontDoorPolicy } from '../shared/config.js';
import type { AuthConfig } from './auth/tokens.js';

export interface ApiContext {
  temporal: Client;
  taskQueue: string;
  models: Models;
  policy: FrontDoorPolicy;
  auth: AuthConfig;
  /** How long a human step waits for the workflow to confirm it (default 30 s). */
  stepTimeoutMs?: number;
}
