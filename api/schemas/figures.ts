// The managers' headline figures (domain.md, "Measures managers ask for").
import { z } from '../../shared/schemas/zod.js';
import { at } from './common.js';

const counts = z.record(z.number().int());
/** A share between 0 and 1, or null when there is nothing to divide by. */
const share = z.number().nullable();

export const Figures = z
  .object({
    period: z.object({ from: at, to: at }),
    contacts: z.number().int(),
    decided: z.number().int(),
    byOutcome: counts,
    /** One family, each child: the children decided, each by their own outcome (a decision recorded before per-child decisions counts once, by the family's). */
    byChildOutcome: counts,
    childrenDecided: z.number().int(),
    noFurtherActionShare: share,
    referralConversion: share,
    earlyHelpShare: share,
    recontactShare: share,
    breached: z.number().int(),
    breachedShare: share,
    statutoryDeadlineMissed: z.number().int(),
    openBacklogByRating: counts,
    awaitingAcceptanceByLeadAgency: counts,
    /** Contacts received in the period by CIN census source code: every source counted. */
    bySource: counts,
  })
  .openapi('Figures');
export type Figures = z.output<typeof Figures>;
