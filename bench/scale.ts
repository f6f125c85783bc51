// Benchmark: the reads a person waits for, at a realistic volume of records. Seeds N
// contacts, in bulk through the engine's models (shared/db/models.ts), into a throwaway
// FerretDB: each contact with its notification, its `status` projection, 8 timeline
// events (two of them partner information, kept too) and 4 audit entries, its children and
// adults (a fifth of contacts are about a family seen before), and a referral when the
// outcome made one. Contacts arrive at a council's steady rate (--per-day, 100), so more
// contacts are more years kept, and only the last two weeks' are still open. The keyed
// documents (person keys and histories, audit logs, working set, agendas) are then
// derived from them by the rebuild (`npm run rebuild`, shared/db/rebuild.ts), as for
// records kept before they existed. Then times the API's own queries (api/queries) against it, one line per
// query. Prints; asserts nothing.
//   npm run bench:scale -- --contacts 10000 [--per-day 100] [--only REGEX (a name, or "page NAME" / "query NAME")] [--reps 20] [--budget 30] [--keep DIR]
// --keep DIR: FerretDB's data stays in DIR, and a later run with the same DIR and
// --contacts times the reads again without seeding (a run of 100k seeds for minutes).
// A seeding cut short (1M seeds for hours) goes on from where it stopped: the data is
// the same every run, so the contacts before the last batch stored are generated again
// without writing, and that batch is written again, the parts it had stored kept.
// Each query runs --reps times, or at least 3 times and until --budget seconds are spent
// (at 10k contacts on FerretDB a scan of the contacts takes seconds; p95 of 3 is the max).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { auditEntries } from '../api/queries/audit.js';
import { caseTimeline, listCases, loadCase, partnerContributions } from '../api/queries/cases.js';
import { currentNotification } from '../api/queries/notification-versions.js';
import { figureCounts } from '../api/queries/figures.js';
import { annexChildrenOf } from '../shared/annex-a.js';
import { childContacts } from '../api/queries/people.js';
import { meetingAgenda, openInformationRequests, workQueue } from '../api/queries/work.js';
import { queueNames, type CaseListQuery } from '../api/schemas/requests.js';
import { meetingMinutes } from '../api/queries/meetings.js';
import { freePort, projectRoot, startFerretDB } from '../infra/servers.js';
import { signedInAtPages } from '../infra/http-browser.js';
import { startIdentityProvider } from '../infra/oidc-provider.js';
import { loadAuthConfig } from '../api/auth/tokens.js';
import { loadWebConfig } from '../web/config.js';
import { createServer } from '../server/app.js';
import { agencies, incidentTypes, triageOutcomes } from '../shared/codes.js';
import { loadPolicy } from '../shared/config.js';
import { connectDatabase } from '../shared/db/connect.js';
import { rebuildReadModels } from '../shared/db/rebuild.js';
import { insertAll } from '../shared/db/models.js';
import { createStore } from '../shared/db/store.js';
import { caseIdFor, normaliseName, postcodeDistrict, stableId } from '../shared/ids.js';
import { letters } from './synthetic.js';
import { returnsReads, seriesReads } from './returns-series-reads.js';

const { values } = parseArgs({
  options: {
    contacts: { type: 'string', default: '10000' },
    'per-day': { type: 'string', default: '100' },
    only: { type: 'string' },
    reps: { type: 'string', default: '20' },
    budget: { type: 'string', default: '30' },
    keep: { type: 'string' },
  },
});
const N = Number(values.contacts);
const perDay = Number(values['per-day']);
/** Each query runs `reps` times, or fewer (never under 3) once it has taken `budget` seconds. */
const reps = Number(values.reps);
const budgetMs = Number(values.budget) * 1000;
const DAY = 86_400_000;

// Deterministic pseudo-random numbers: the same data every run.
let seed = 20261120;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

const example = JSON.parse(readFileSync(join(projectRoot, '..', 'shared', 'examples', 'police-notification.json'), 'utf8'));
const actor = (role: string, agency: string) => ({ id: `${role}-${agency}`, name: `Seeded ${role}`, role, agency });
const stageMix: [string, number][] = [
  ['closed', 0.86],
  ['awaiting_decision', 0.05],
  ['awaiting_authorisation', 0.03],
  ['awaiting_allocation', 0.04],
  ['awaiting_strategy_discussion', 0.02],
];
const stageFor = (x: number) => {
  let acc = 0;
  for (const [stage, share] of stageMix) if (x < (acc += share)) return stage;
  return 'closed';
};
const personKey = (p: { givenName: string; familyName: string; dateOfBirth: string }) =>
  `name:${normaliseName(p.givenName)}|${normaliseName(p.familyName)}|${p.dateOfBirth}`;

/** The records intake and the later steps write for contact i, received at `at`. */
function recordsFor(i: number, at: Date, family: number, recent: boolean) {
  const surname = `Seed${letters(family)}`;
  const n = { ...example, policeReference: `HUM-SEED-${i}`, incident: { ...example.incident, type: pick(incidentTypes) } };
  n.children = example.children.map((c: object) => ({ ...c, familyName: surname }));
  n.adults = example.adults.map((a: object) => ({ ...a, familyName: surname }));
  const caseId = caseIdFor('HUM', n.policeReference);
  const children = n.children.map((c: { givenName: string; familyName: string; dateOfBirth: string }) => ({
    _id: stableId('CH', personKey(c)),
    kind: 'child',
    matchKeys: [personKey(c)],
    givenName: c.givenName,
    familyName: c.familyName,
    dateOfBirth: c.dateOfBirth,
  }));
  const adults = n.adults.map((a: { givenName: string; familyName: string; dateOfBirth: string }) => ({
    _id: stableId('AD', personKey(a)),
    kind: 'adult',
    matchKeys: [personKey(a)],
    givenName: a.givenName,
    familyName: a.familyName,
    dateOfBirth: a.dateOfBirth,
  }));
  // Cases are decided within days: only the last two weeks' contacts are still open.
  const stage = recent ? stageFor(random()) : (random(), 'closed');
  const rating = pick(['red', 'amber', 'amber', 'green', 'green'] as const);
  const iso = (ms: number) => new Date(+at + ms).toISOString();
  const meetingDate = iso(DAY).slice(0, 10);
  const decided = !['awaiting_decision'].includes(stage);
  const outcome = decided ? pick(triageOutcomes) : undefined;
  const leadAgency = outcome && !['no_further_action', 'information_and_signposting'].includes(outcome) ? pick(agencies) : undefined;
  const partners = ['health', 'education', 'police'] as const;
  const status = {
    caseId,
    stage,
    forceCode: 'HUM',
    policeReference: n.policeReference,
    incidentType: n.incident.type,
    receivedAt: at.toISOString(),
    rating,
    ratingHistory: [{ rating, reason: 'police grading medium, DASH medium', at: at.toISOString() }],
    decisionDueAt: iso(DAY),
    statutoryDueAt: iso(DAY),
    breached: random() < 0.08,
    escalations: [],
    meeting: { date: meetingDate, startsAt: `${meetingDate}T10:00:00.000Z`, immediate: rating === 'red' },
    partnerInformation: partners.map((agency) => ({
      agency,
      requestedAt: at.toISOString(),
      dueAt: iso(DAY),
      status: decided ? 'received' : 'requested',
      ...(decided ? { receivedAt: iso(DAY / 2) } : {}),
    })),
    decisions: decided
      ? [
          {
            version: 1,
            status: stage === 'awaiting_authorisation' ? 'proposed' : 'authorised',
            levelOfNeed: pick([1, 2, 3, 4]),
            outcome,
            leadAgency,
            rationale: 'Seeded: the panel weighed what partners shared and agreed the response.',
            factors: ['3B'],
            attendees: [
              { name: 'Seeded Chair', agency: 'childrens_social_care' },
              { name: 'Seeded Officer', agency: 'police' },
            ],
            proposedBy: 'childrens_social_care',
            partnerActions: [],
            recordedBy: actor('panel_member', 'childrens_social_care'),
            recordedAt: iso(DAY),
            ...(stage === 'awaiting_authorisation' ? {} : { authorisedBy: actor('front_door_manager', 'front_door'), authorisedAt: iso(DAY + 3600_000) }),
          },
        ]
      : [],
    allocations:
      leadAgency && stage !== 'awaiting_authorisation'
        ? [{ leadAgency, decisionVersion: 1, requestedAt: iso(DAY + 3600_000), status: stage === 'awaiting_allocation' ? 'requested' : 'accepted', escalated: false }]
        : [],
    policeFeedback: stage === 'closed' ? { status: 'delivered', decisionVersion: 1, deliveredAt: iso(2 * DAY), attempts: 1 } : { status: 'not_due' },
    recontact: false,
    repeatReferral: false,
    earlierContactIds: [] as string[],
    outcome,
    ...(stage === 'closed' ? { closedAt: iso(2 * DAY) } : {}),
  };
  const contact = {
    _id: caseId,
    source: '6',
    kind: 'notification',
    forceCode: 'HUM',
    policeReference: n.policeReference,
    incidentType: n.incident.type,
    postcodeDistrict: postcodeDistrict(n.incident.location.postcode),
    stage,
    rating,
    breached: status.breached,
    statutoryDeadlineMissed: false,
    receivedAt: at,
    decisionDueAt: new Date(status.decisionDueAt),
    meetingDate,
    leadAgency,
    outcome,
    childPersonIds: children.map((c: { _id: string }) => c._id),
    // As intake records them: each child's Annex A details, which the case's row carries.
    annexChildren: annexChildrenOf(children.map((c: { _id: string }) => c._id), n.children),
    // As intake records them: each child's name as their person record holds it.
    childNames: children.map((c: { _id: string; givenName: string; familyName: string; dateOfBirth: string }) => ({ personId: c._id, givenName: c.givenName, familyName: c.familyName, dateOfBirth: c.dateOfBirth })),
    adultPersonIds: adults.map((a: { _id: string }) => a._id),
    recontact: false,
    repeatReferral: false,
    closedAt: status.closedAt ? new Date(status.closedAt) : undefined,
    projectionSeq: 8,
    status,
  };
  const timelineTypes = [
    'contact_received',
    'partner_information_received',
    'partner_information_received',
    'decision_recorded',
    'decision_authorised',
    'allocation_requested',
    'allocation_accepted',
    'closed',
  ];
  const partnerAgency = (k: number) => (k === 1 ? 'health' : 'education');
  const timeline = timelineTypes.map((type, k) => ({
    _id: `${caseId}:${String(k + 1).padStart(5, '0')}`,
    caseId,
    seq: k + 1,
    type,
    at: new Date(+at + k * 3 * 3600_000),
    actor: k === 0 ? undefined : actor('panel_member', 'childrens_social_care'),
    reason: k === 3 ? 'Seeded rationale for the decision.' : undefined,
    details: type === 'partner_information_received' ? { agency: partnerAgency(k), late: false } : { seeded: true, step: k + 1 },
  }));
  const partnerInformation = [1, 2].map((k) => ({
    _id: `${caseId}:${partnerAgency(k)}:${k + 1}`,
    caseId,
    agency: partnerAgency(k),
    submittedBy: actor('partner_practitioner', partnerAgency(k)),
    submittedAt: new Date(+at + k * 3 * 3600_000),
    late: false,
    information: { currentInvolvement: true, involvementSummary: 'Seeded: known to the service, no current concerns.', noInformationHeld: false },
  }));
  const audit = ['notification.submit', 'case.read', 'case.read', 'decision.record'].map((action, k) => ({
    _id: `${caseId}:audit:${k}`,
    at: new Date(+at + k * 3600_000),
    actor: k === 0 ? { id: 'police-HUM', name: 'HUM', role: 'police_system', agency: 'police' } : actor('front_door_manager', 'front_door'),
    action,
    caseId,
    outcome: k === 0 ? 202 : 200,
  }));
  const referral =
    outcome === 'social_care_assessment_s17' || outcome === 'strategy_discussion_s47'
      ? [{ _id: caseId, caseId, source: '6', outcome, decisionVersion: 1, referredAt: new Date(+at + DAY), childPersonIds: contact.childPersonIds, status: 'active' }]
      : [];
  const notification = { _id: caseId, forceCode: 'HUM', policeReference: n.policeReference, sentAt: at, receivedAt: at, payload: n, resends: [] };
  return { notification, contact, timeline, partnerInformation, audit, people: [...children, ...adults], referral };
}

async function main() {
  const dataDir = values.keep ?? mkdtempSync(join(tmpdir(), 'pitstop-scale-'));
  const existing = values.keep !== undefined && existsSync(join(dataDir, 'scale.sqlite'));
  const ferret = await startFerretDB({ port: await freePort(), dataDir });
  const uri = `${ferret.address}scale`;
  const { conn, models } = await connectDatabase(uri);
  const policy = loadPolicy();
  // Written when seeding is done, `built` once the keyed documents are (kept before `built` was: built).
  type SeededRecord = { _id: string; now: number; contacts: number; built?: boolean };
  const seededRecords = conn.db!.collection<SeededRecord>('bench_seeded');
  const seeded = existing ? await seededRecords.findOne({ _id: 'seeded' }) : null;
  const days = N / perDay;
  // A seeding cut short has no `bench_seeded` yet: its `now` is when its first contact came, `days` before.
  const first = existing && !seeded ? await models.Contact.findById(caseIdFor('HUM', 'HUM-SEED-0'), { receivedAt: 1 }).lean() : null;
  const now = seeded ? Number(seeded.now) : first ? +first.receivedAt + days * DAY : Date.now();
  // Contacts are received `perDay` a day up to `now`, oldest first.
  const receivedAt = (i: number) => new Date(now - (days - i / perDay) * DAY);
  if (seeded && seeded.contacts !== N) throw new Error(`${dataDir} holds ${seeded.contacts} contacts seeded, not --contacts ${N}`);
  try {
    if (!seeded) await seed();
    if (seeded?.built === false) console.log('seeded already: the keyed documents a rebuild cut short left are rebuilt');
    if (!seeded || seeded.built === false) await build();
    async function seed() {
      const t0 = performance.now();
      const batch = 500;
      // Going on from a seeding cut short: the batch being stored when it stopped, again.
      const stored = first ? await contactsStored() : 0;
      const resumeFrom = Math.max(0, (Math.floor(stored / batch) - 1) * batch);
      if (first) console.log(`going on from contact ${resumeFrom} (${stored} stored, received from ${receivedAt(0).toISOString()})`);
      /**
       * How many contacts a seeding cut short stored, looked for by `_id` (FerretDB counts
       * by reading every document: minutes at 1M). Batches are stored in turn, so contacts
       * are there up to the batch being stored when it stopped.
       */
      async function contactsStored() {
        let [there, absent] = [0, N];
        while (absent - there > 1) {
          const mid = Math.floor((there + absent) / 2);
          if (await models.Contact.exists({ _id: caseIdFor('HUM', `HUM-SEED-${mid}`) })) there = mid;
          else absent = mid;
        }
        return absent;
      }
      let families = 0;
      for (let from = 0; from < N; from += batch) {
        // A fifth of contacts are about a family seen before.
        const rows = Array.from({ length: Math.min(batch, N - from) }, (_, k) => {
          const i = from + k;
          const at = receivedAt(i);
          const seenBefore = families > 0 && random() < 0.2;
          const records = recordsFor(i, at, seenBefore ? Math.floor(random() * families) : families++, +at > now - 14 * DAY);
          records.contact.recontact = records.contact.status.recontact = seenBefore;
          return records;
        });
        if (from < resumeFrom) continue;
        const people = [...new Map(rows.flatMap((r) => r.people).map((p) => [p._id, p])).values()];
        // A batch partly stored by a run cut short is stored again: what it had stored stays.
        await Promise.all([
          insertAll(models.Notification, rows.map((r) => r.notification)),
          insertAll(models.Contact, rows.map((r) => r.contact)),
          insertAll(models.Timeline, rows.flatMap((r) => r.timeline)),
          insertAll(models.PartnerInformation, rows.flatMap((r) => r.partnerInformation)),
          insertAll(models.Audit, rows.flatMap((r) => r.audit)),
          insertAll(models.Referral, rows.flatMap((r) => r.referral)),
          // A family seen before: its people are there already.
          insertAll(models.Person, people),
        ]);
        if ((from / batch) % 20 === 19) console.log(`  ${from + batch} contacts seeded at ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
      const seedTime = (performance.now() - t0) / 1000;
      console.log(`seeded ${N} contacts (${perDay} a day over ${Math.ceil(N / perDay)} days) in ${seedTime.toFixed(0)} s${first ? ` from contact ${resumeFrom}` : ''}`);
      // The keyed documents, derived from the records by the rebuild (`npm run rebuild`),
      // once the seeding is marked done, so a run cut short in the rebuild runs it again.
      await seededRecords.insertOne({ _id: 'seeded', now, contacts: N, built: false });
    }
    async function build() {
      const t1 = performance.now();
      await rebuildReadModels(models, (counts) => console.log(`  rebuilt ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`));
      const built = (performance.now() - t1) / 1000;
      // FerretDB counts by reading every document: past 100k contacts that is longer than the build.
      const counts =
        N > 100_000
          ? ['counts left out above 100k contacts']
          : await Promise.all(
              (['Notification', 'Contact', 'Timeline', 'Audit', 'Person', 'Referral', 'PersonHistoryEntry', 'AuditLogEntry', 'OpenCase', 'AgendaEntry', 'ClosedCaseMonth'] as const).map(
                async (m) => `${m} ${await models[m].estimatedDocumentCount()}`,
              ),
            );
      console.log(`keyed documents rebuilt in ${built.toFixed(0)} s (${counts.join(', ')})`);
      await conn.db!.collection<SeededRecord>('bench_seeded').updateOne({ _id: 'seeded' }, { $set: { built: true } });
    }
    // The reads, each against a record that exists: today's and a past meeting, a child
    // with earlier contacts, a case in the middle of the history, a month of figures.
    const newestCase = caseIdFor('HUM', `HUM-SEED-${N - 1}`);
    // Seeded raw through the models above; read through the store, as the API reads.
    const store = createStore(models);
    const newest = (await store.readContact<{ meetingDate?: string }>(newestCase, { meetingDate: 1 }))!;
    const middle = caseIdFor('HUM', `HUM-SEED-${Math.floor(N / 2)}`);
    const middleContact = (await store.readContact<{ childPersonIds?: string[]; meetingDate?: string }>(middle, { childPersonIds: 1, meetingDate: 1 }))!;
    const child = middleContact.childPersonIds![0];
    const month = new Date(now - 30 * DAY);
    const monthStart = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1));
    const monthEnd = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
    const firstPage = (filter: Partial<CaseListQuery>) => () => listCases(store, { sort: '-receivedAt', page: 1, pageSize: 25, ...filter });
    const ctx = { store, temporal: undefined as never };
    const queries: [string, () => Promise<unknown>][] = [
      ['case_by_id', () => store.readContact(middle)],
      // The agenda's cases, each one's notification by `_id`, and the meeting's records.
      ['minutes_of_a_day', () => meetingMinutes({ store, policy }, newest.meetingDate as string)],
      [
        'case_page_with_timeline',
        async () => {
          // As the case route reads it for a manager: the contact, its timeline, the notification as it now stands.
          const c = await loadCase(ctx, middle);
          return Promise.all([caseTimeline(store, middle), currentNotification(store, c), partnerContributions(store, middle, {})]);
        },
      ],
      ['case_timeline', () => caseTimeline(store, middle)],
      ['partner_information_of_a_case', () => partnerContributions(store, middle, {})],
      ['agenda_of_today', () => meetingAgenda({ store, policy }, newest.meetingDate as string)],
      ['agenda_of_a_past_meeting', () => meetingAgenda({ store, policy }, middleContact.meetingDate as string)],
      ...queueNames.map((q): [string, () => Promise<unknown>] => [`queue_${q}`, () => workQueue(store, q, {})]),
      ['information_requests_of_health', () => openInformationRequests(store, { agency: 'health' })],
      ['cases_first_page', firstPage({})],
      ['cases_first_page_by_stage', firstPage({ stage: 'awaiting_decision' })],
      ['cases_first_page_by_rating', firstPage({ rating: 'red' })],
      ['cases_first_page_breached', firstPage({ breached: true })],
      ['cases_first_page_by_incident_type', firstPage({ incidentType: 'domestic_abuse' })],
      ['cases_first_page_by_postcode_district', firstPage({ postcodeDistrict: postcodeDistrict(example.incident.location.postcode) })],
      ['cases_first_page_by_lead_agency', firstPage({ leadAgency: 'early_help' })],
      ['cases_first_page_received_in_a_month', firstPage({ receivedFrom: monthStart.toISOString(), receivedTo: monthEnd.toISOString() })],
      ['cases_first_page_by_deadline', firstPage({ sort: 'decisionDueAt' })],
      // Intake's look-back: the newest 50 contacts and a standing referral in the last 12 months.
      ['recontact_lookup', () => store.lookBackInChildHistory(child, { from: Date.now() - 366 * 86_400_000, to: Date.now(), limit: 50, referrals: true })],
      ['child_earlier_contacts', () => childContacts(store, child)],
      ['audit_by_case', () => auditEntries(store, { caseId: middle, page: 1, pageSize: 50 })],
      ['audit_by_user', () => auditEntries(store, { userId: 'front_door_manager-front_door', page: 1, pageSize: 50 })],
      ['month_figures', () => figureCounts(store, { from: monthStart.toISOString(), to: monthEnd.toISOString() })],
      // Every series (twelve weeks and twelve months, whole and by each group), the themes'
      // 30 weeks by locality, and Annex A's lists of a month and of twelve
      // (bench/returns-series-reads.ts, whose commands bench/page-commands.ts counts).
      ...seriesReads(store, policy, monthStart),
      ...returnsReads(store, policy, monthStart),
    ];
    console.log(`each query up to ${reps} times, at least 3, within ${budgetMs / 1000} s where it can`);
    await timeAll('query', queries);
    await timePages(store, policy, [
      // The panel's agenda (today's and a past meeting's), as the chair sees it.
      ['agenda_of_today', 'dev-panel-chair', `/pitstop?date=${newest.meetingDate}`],
      ['agenda_of_a_past_meeting', 'dev-panel-chair', `/pitstop?date=${middleContact.meetingDate}`],
      ['minutes_of_a_day', 'dev-panel-chair', `/pitstop/minutes?date=${newest.meetingDate}`],
      ['case_page', 'dev-front-door-manager', `/cases/${middle}`],
      // A queue page reads every queue, for the counts on its tabs.
      ['queue_awaiting_authorisation', 'dev-front-door-manager', '/queues/awaiting-authorisation'],
      ['case_list', 'dev-front-door-manager', '/cases'],
      ['case_list_by_stage', 'dev-front-door-manager', '/cases?stage=awaiting_decision'],
      ['figures', 'dev-front-door-manager', '/figures'],
      ['themes', 'dev-panel-chair', '/themes'],
      ['information_requests_of_health', 'dev-health-visitor', '/requests'],
    ]);
    // The queries ran in this process, as in the API's: what they left it holding.
    global.gc?.();
    console.log(`memory rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB after the reads at ${N} contacts`);
  } finally {
    await conn.close();
    await ferret.stop();
    if (values.keep === undefined) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Times each of `runs` (`reps` times, or at least 3 within `budget`), one line each: `KIND NAME p50 X ms p95 Y ms`. */
async function timeAll(kind: string, runs: [string, () => Promise<unknown>][]) {
  // --only REGEX: time only the reads whose names match (the scans take minutes each).
  const only = values.only ? new RegExp(values.only) : undefined;
  for (const [name, q] of runs) {
    if (only && !only.test(name) && !only.test(`${kind} ${name}`)) continue;
    const xs: number[] = [];
    const started = performance.now();
    while (xs.length < reps && (xs.length < 3 || performance.now() - started < budgetMs)) {
      const t = performance.now();
      await q();
      xs.push(performance.now() - t);
    }
    // The first asking in this process also finds what a process keeps once read (a list's
    // children's names, its cases' log ends): it is printed apart, beside the figures of all
    // askings (p95 of 20 is the slowest: the first) and of those after it, what a person
    // waits for from a process that has served the page before.
    const first = xs[0];
    const later = xs.slice(1).sort((a, b) => a - b);
    xs.sort((a, b) => a - b);
    const at = (ys: number[], p: number) => ys[Math.min(ys.length - 1, Math.floor((p / 100) * ys.length))].toFixed(0);
    console.log(
      `${kind} ${name} p50 ${at(xs, 50)} ms p95 ${at(xs, 95)} ms at ${N} contacts` +
        ` (first asking ${first.toFixed(0)} ms; after it p50 ${at(later, 50)} ms p95 ${at(later, 95)} ms)`,
    );
    if (xs.length < reps) console.log(`  (${xs.length} runs)`);
  }
}

/**
 * Signs a synthetic person in to the pages at `base` as a browser does (the pages send them
 * to the identity provider's login page, which sends them back with a code) and gives the
 * Cookie header their page requests carry. The bench's one way of signing in: a change of
 * sign-in changes this function alone.
 */
async function signInToPages(base: string, userId: string): Promise<string> {
  // From the figures (managers' only: others are refused them, signed in).
  return (await signedInAtPages(base, userId, '/figures')).cookie();
}

/**
 * The pages a person waits for, as HTML, by the path pages take: the API and the pages
 * on one server (server/app.ts, as `npm run api` serves them), the pages calling the API
 * over HTTP, people signed in at the embedded identity provider as `npm start` runs it.
 * Each page is [name, who asks, path]; one line each, `page NAME p50 X ms p95 Y ms`.
 */
async function timePages(store: ReturnType<typeof createStore>, policy: ReturnType<typeof loadPolicy>, pages: [string, string, string][]) {
  const port = await freePort();
  const provider = await startIdentityProvider({ port: await freePort(), webBaseUrls: [`http://127.0.0.1:${port}`] });
  const env = { ...process.env, OIDC_ISSUER: provider.address };
  // Reads only: nothing here starts or asks a workflow.
  const ctx = { temporal: undefined as never, taskQueue: 'bench', store, policy, auth: loadAuthConfig(env) };
  const server = createServer(ctx, { rateLimitPerMinute: 1e9, log: () => {}, web: loadWebConfig(env), warm: true }).listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${port}`;
  try {
    const cookies = new Map<string, string>();
    for (const [, userId] of pages) if (!cookies.has(userId)) cookies.set(userId, await signInToPages(base, userId));
    await timeAll(
      'page',
      pages.map(([name, userId, path]): [string, () => Promise<unknown>] => [
        name,
        async () => {
          const answer = await fetch(`${base}${path}`, { redirect: 'manual', headers: { cookie: cookies.get(userId)!, accept: 'text/html' } });
          const html = await answer.text();
          if (answer.status !== 200) throw new Error(`page ${path} answered ${answer.status}: ${html.slice(0, 200)}`);
          return html;
        },
      ]),
    );
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await provider.stop();
  }
}

main().catch((err) => {
  console.error(`bench:scale: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});

