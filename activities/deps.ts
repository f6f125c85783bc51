// What the activities are built from: the database models, the front door's local
// policy, and an HTTP client (tests give a real database and a chosen policy).
import type { FrontDoorPolicy } from '../shared/config.js';
import type { Models } from '../shared/db/models.js';

export interface ActivityDeps {
  models: Models;
  policy: FrontDoorPolicy;
  fetch?: typeof fetch;
}
