// The OpenAPI paths of the people in the records, legal holds and the Annex A returns
// (api/routes/rights.ts), registered by openapi.ts with its helpers.
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from '../shared/schemas/zod.js';
import type { Action } from './policies.js';
import {
  AnnexAList, annexAParams, annexAQuery, anyPersonParams, DisclosureReport, LegalHold, legalHoldParams, legalHoldRequest, PersonDetails,
  mergeRequest, PersonLinkResult, rectificationRequest, splitRequest, SubjectAccessExport, subjectAccessQuery,
} from './schemas/rights.js';

type Helpers = {
  path: (action: Action, config: Omit<RouteConfig, 'security'>) => void;
  json: (schema: z.ZodTypeAny, description: string) => object;
  jsonBody: (schema: z.ZodTypeAny) => NonNullable<RouteConfig['request']>['body'];
  errors: (...statuses: number[]) => Record<string, object>;
};

export function registerRightsPaths({ path, json, jsonBody, errors }: Helpers): void {
  path('person.rectify', {
    method: 'post', path: '/api/v1/people/{personId}/rectifications', tags: ['people'],
    summary: "Correct a person's details (a child's ethnicity recorded is one), with why",
    description: 'Kept in the person\'s rectification log; what stands for a field is its newest correction. Audited as person.rectify in the trail of each of their cases.',
    request: { params: anyPersonParams, body: jsonBody(rectificationRequest) },
    responses: { 201: json(PersonDetails, 'recorded: the details as they now stand, and every correction') as never, ...errors(400, 401, 403, 404, 413, 415, 429, 503) },
  });
  path('person.merge', {
    method: 'post', path: '/api/v1/people/{personId}/merge', tags: ['people'],
    summary: 'Merge two person records found to be the same child (or adult), with why',
    description: 'A link in both people\'s logs: from then on their chronologies and households read both records together. Nothing recorded is changed. Audited as person.merge in the trail of every contact of the person as now read. 422 at mergeWith: the person themself, or a child with an adult.',
    request: { params: anyPersonParams, body: jsonBody(mergeRequest) },
    responses: { 201: json(PersonLinkResult, 'merged: every record now read as the person, and their contacts') as never, ...errors(400, 401, 403, 404, 413, 415, 422, 429, 503) },
  });
  path('person.split', {
    method: 'post', path: '/api/v1/people/{personId}/split', tags: ['people'],
    summary: 'Split a wrongly matched person: the child (or adult) of these contacts is someone else',
    description: 'This person\'s own contacts named: a new person is made (named as this one until corrected) and they move to them (`newPersonId`), on the new person\'s chronology only. A contact that came with a merge goes back with the record it came from, separated whole: the merge undone (`separated`). The contacts themselves are unchanged; the next intake\'s re-contact flag follows the correction. Audited as person.split in the trail of each contact moved. 422 at caseIds.N: not one of this person\'s contacts as read, or a merged record\'s contacts named only in part.',
    request: { params: anyPersonParams, body: jsonBody(splitRequest) },
    responses: { 201: json(PersonLinkResult, 'split: the new person and the contacts moved') as never, ...errors(400, 401, 403, 404, 413, 415, 422, 429, 503) },
  });
  path('person.subject_access', {
    method: 'get', path: '/api/v1/people/{personId}/subject-access', tags: ['people'],
    summary: 'Everything held about a child or an adult (a subject access request)',
    description: 'The person, the corrections of their details, every case naming them (contact, notification or form, decisions, allocations), the disclosures about them and any legal hold; the fields SUBJECT_ACCESS_REDACTIONS names (and `redact`) withheld wherever they appear. Audited as person.subject_access with the reason, in each case\'s trail.',
    request: { params: anyPersonParams, query: subjectAccessQuery },
    responses: { 200: json(SubjectAccessExport, 'the export') as never, ...errors(400, 401, 403, 404, 429, 503) },
  });
  path('person.disclosures.read', {
    method: 'get', path: '/api/v1/people/{personId}/disclosures', tags: ['people'],
    summary: 'Every disclosure about a person: outcomes sent to forces and referrers, Annex A lists, subject access exports',
    request: { params: anyPersonParams },
    responses: { 200: json(DisclosureReport, 'the disclosures, newest first') as never, ...errors(400, 401, 403, 404, 429, 503) },
  });
  const holdDoc = 'While a hold stands on a case, or on anyone in it, the retention schedule erases nothing of the case.';
  path('legal_hold.manage', {
    method: 'get', path: '/api/v1/legal-holds/{scope}/{id}', tags: ['people'], summary: 'Whether a legal hold stands on a case or a person',
    request: { params: legalHoldParams }, responses: { 200: json(LegalHold, 'the hold, or held: false') as never, ...errors(400, 401, 403, 429, 503) },
  });
  path('legal_hold.manage', {
    method: 'post', path: '/api/v1/legal-holds/{scope}/{id}', tags: ['people'], summary: 'Place a legal hold on a case or a person, with why',
    description: `${holdDoc} Placed again, the first hold stands. Audited as legal_hold.place.`,
    request: { params: legalHoldParams, body: jsonBody(legalHoldRequest) },
    responses: { 201: json(LegalHold, 'the hold as it stands') as never, ...errors(400, 401, 403, 413, 415, 429, 503) },
  });
  path('legal_hold.manage', {
    method: 'post', path: '/api/v1/legal-holds/{scope}/{id}/lift', tags: ['people'], summary: 'Lift a legal hold, with why',
    description: `${holdDoc} Audited as legal_hold.lift.`,
    request: { params: legalHoldParams, body: jsonBody(legalHoldRequest) },
    responses: { 200: json(LegalHold, 'no hold stands') as never, ...errors(400, 401, 403, 413, 415, 429, 503) },
  });
  path('returns.annex_a', {
    method: 'get', path: '/api/v1/returns/annex-a/{list}', tags: ['managers'],
    summary: "Ofsted's Annex A List 1 (contacts) or List 3 (referrals) for contacts received in a period, per child",
    description:
      "Ofsted's columns and lettered codings (List 3 adds the CIN census referral fields: source, date, NFA flag, factors), as an XLSX workbook (default), CSV or JSON. " +
      'A reason is required: the export is audited as disclosure.annex_a in the trail of every case it names, with the list, the period and the reason.',
    request: { params: annexAParams, query: annexAQuery },
    responses: {
      200: {
        description: 'the list',
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
          'text/csv': { schema: { type: 'string' } },
          'application/json': { schema: AnnexAList },
        },
      },
      ...errors(400, 401, 403, 429, 503),
    },
  });
}
