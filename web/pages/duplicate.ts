// Marking a contact a duplicate of a linked one (the police and a school about one incident):
// a front door manager names the case it duplicates (offered from the case's linked contacts)
// and why; the case is then closed as "duplicate of" it, not decided separately. The form is
// the steps table's (markDuplicate).
import type { Router } from 'express';
import { caseStepPageRoutes } from './case-step-page.js';
import type { WebDeps } from '../deps.js';

export const duplicateRoutes = (deps: WebDeps): Router =>
  caseStepPageRoutes(deps, {
    step: 'markDuplicate',
    path: 'duplicate',
    page: 'duplicate',
    template: 'duplicate.njk',
    pageTitle: 'Mark as a duplicate',
    refusedTitle: 'The contact cannot be marked a duplicate now',
    done: 'duplicate',
    // The case it most likely duplicates: the first contact about the same children, when there is one.
    initialValues: (c) => ({ duplicateOf: c.earlierContacts?.[0]?.caseId ?? '' }),
  });
