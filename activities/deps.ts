// What the activities are built from: the store (the one way into the database), the front door's local
// policy, and an HTTP client (tests give a real database and a chosen policy).
import type { FrontDoorPolicy } from '../shared/config.js';
import type { Store } from '../shared/db/store.js';

export interface ActivityDeps {
  store: Store;
  policy: FrontDoorPolicy;
  fetch?: typeof fetch;
}
