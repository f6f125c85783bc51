// s47 enquiry: the initial child protection conference recorded held, by a front-door
// manager on a page of its own (children's social care records it on the allocation's
// page, strategy-discussion.ts). The form is the steps table's (recordConference): when it
// was held, its outcome, and why it was late when held after its deadline.
import type { Router } from 'express';
import { caseStepPageRoutes } from './case-step-page.js';
import type { WebDeps } from '../deps.js';

export const conferenceRoutes = (deps: WebDeps): Router =>
  caseStepPageRoutes(deps, {
    step: 'recordConference',
    path: 'conference',
    page: 'conference',
    template: 'conference.njk',
    pageTitle: 'Record the initial child protection conference',
    refusedTitle: 'The conference cannot be recorded now',
    done: 'conference',
  });
