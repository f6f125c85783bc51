// Marking a case's address confidential (the family has moved to a refuge): the front door
// (managers, the panel) gives the reason, kept on the case's timeline; from then on the
// API withholds every address of the case from everyone outside the front door. The form
// is the steps table's (markAddressConfidential).
import type { Router } from 'express';
import { caseStepPageRoutes } from './case-step-page.js';
import type { WebDeps } from '../deps.js';

export const addressConfidentialityRoutes = (deps: WebDeps): Router =>
  caseStepPageRoutes(deps, {
    step: 'markAddressConfidential',
    path: 'address-confidentiality',
    page: 'addressConfidentiality',
    template: 'address-confidentiality.njk',
    pageTitle: 'Mark the address confidential',
    refusedTitle: 'The address cannot be marked confidential now',
    done: 'address',
  });
