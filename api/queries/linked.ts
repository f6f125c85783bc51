// Linked contacts as the agenda takes them: contacts about a same child received within
// LINKED_CONTACT_WINDOW_HOURS of each other on one meeting's agenda, grouped under the first
// shown. One reading of the group, for the case page (the contacts it may be decided with)
// and for a decision that decides them together (api/commands/decide-together.ts).
import type { Principal } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { agendaShows } from '../policies.js';
import { linkedContacts, linkedGroups, togetherInOrder } from './family.js';
import type { ContactRecord } from './records.js';
import { meetingAgenda } from './work.js';

export interface LinkedGroup {
  /** The meeting whose agenda was read; none when the case is on no meeting's agenda. */
  date?: string;
  /** The cases on that agenda the reader may see, by id. */
  cases: ReadonlyMap<string, ContactRecord>;
  /** A case's group on that agenda: the first of its linked contacts as shown; none when it has no linked contact. */
  group: (caseId: string) => string | undefined;
}

/**
 * The linked groups on the agenda of the case's meeting, as the reader sees it (the cases
 * they may see, linked and grouped exactly as `GET /agenda` does): the meeting's contacts
 * read by `_id`, as the agenda reads them.
 */
export async function linkedGroupOf(ctx: ApiContext, p: Principal, c: ContactRecord): Promise<LinkedGroup> {
  const date = c.status?.meeting?.date;
  if (!date) return { cases: new Map(), group: () => undefined };
  const agenda = await meetingAgenda(ctx, date);
  const visible = agenda.cases.filter((x) => agendaShows(p, x, ctx.policy));
  const links = linkedContacts(visible, ctx.policy.linkedContactWindowHours);
  const groups = linkedGroups(togetherInOrder(visible, links), links);
  return { date, cases: new Map(visible.map((x) => [x._id, x] as const)), group: (id) => groups.get(id) };
}

/** The other contacts of the case's linked group on its meeting's agenda, in the agenda's order, each with its stage. */
export async function takenWith(ctx: ApiContext, p: Principal, c: ContactRecord): Promise<{ caseId: string; stage: ContactRecord['stage'] }[]> {
  const { cases, group } = await linkedGroupOf(ctx, p, c);
  const ours = group(c._id);
  if (!ours) return [];
  return [...cases.values()].filter((x) => x._id !== c._id && group(x._id) === ours).map((x) => ({ caseId: x._id, stage: x.stage }));
}
