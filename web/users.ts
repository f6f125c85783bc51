// Synthetic people for the development sign-in page: the named people of the development
// identity provider (shared/synthetic-people.ts), one or more per role across several agencies
// and organisations, so every page can be tried. None of them is a real person.
import type { Principal } from '../api/auth/roles.js';
import { namedSyntheticPeople } from '../shared/synthetic-people.js';

export interface DevUser extends Principal {
  /** What this person does, shown on the sign-in page. */
  description: string;
}

export const devUsers: DevUser[] = namedSyntheticPeople.map((p) => ({ ...p }));

export const devUserById = (id: string) => devUsers.find((u) => u.id === id);
