// Benchmark: the reads a person waits for, at a realistic volume of records. Seeds N
// contacts, in bulk through the engine's models (shared/db/models.ts), into a throwaway
// FerretDB: each contact with its notification, its `status` projection, 8 timeline
// events and 4 audit entries, its children and adults (a fifth of contacts are about a
// family seen before), and a referral when the outcome made one. Then times the API's
// own queries (api/queries) against it, one line per query. Prints; asserts nothing.
//   npm run bench:scale -- --contacts 10000 [--reps 20] [--budget 30]
// Each query runs --reps times, or at least 3 times and until --budget seconds are spent
// (at 10k contacts on FerretDB a scan of the contacts takes seconds; p95 of 3 is the max).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { auditEntries } from '../api/queries/audit.js';
import { caseTimeline, listCases } from '../api/queries/cases.js';
import { figureCounts } from '../api/queries/figures.js';
import { childContacts } from '../api/queries/people.js';
import { meetingAgenda } from '../api/queries/work.js';
import { meetingMinutes } from '../api/queries/meetings.js';
import { freePort, projectRoot, startFerretDB } from '../infra/servers.js';
import { agencies, incidentTypes, triageOutcomes } from '../shared/codes.js';
import { loadPolicy } from '../shared/config.js';
import { connectDatabase } from '../shared/db/connect.js';
import { caseIdFor, normaliseName, postcodeDistrict, stableId } from '../shared/ids.js';
import { letters } from './synthetic.js';

const { values } = parseArgs({
  options: { contacts: { type: 'string', default: '10000' }, reps: { type: 'string', default: '20' }, budget: { type: 'string', default: '30' } },
});
const N = Number(values.contacts);
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
function recordsFor(i: number, at: Date, family: number) {
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
  const stage = stageFor(random());
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
  const timeline = timelineTypes.map((type, k) => ({
    _id: `${caseId}:${String(k + 1).padStart(5, '0')}`,
    caseId,
    seq: k + 1,
    type,
    at: new Date(+at + k * 3 * 3600_000),
    actor: k === 0 ? undefined : actor('panel_member', 'childrens_social_care'),
    reason: k === 3 ? 'Seeded rationale for the decision.' : undefined,
    details: { seeded: true, step: k + 1 },
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
  return { notification, contact, timeline, audit, people: [...children, ...adults], referral };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitstop-scale-'));
  const ferret = await startFerretDB({ port: await freePort(), dataDir });
  const { conn, models } = await connectDatabase(`${ferret.address}scale`);
  const policy = loadPolicy();
  try {
    // Seeding: received over the last 12 months, oldest first; a fifth about a family seen before.
    const now = Date.now();
    const t0 = performance.now();
    const batch = 500;
    let families = 0;
    for (let from = 0; from < N; from += batch) {
      const rows = Array.from({ length: Math.min(batch, N - from) }, (_, k) => {
        const i = from + k;
        const at = new Date(now - 365 * DAY + (i / N) * 365 * DAY);
        const seenBefore = families > 0 && random() < 0.2;
        const records = recordsFor(i, at, seenBefore ? Math.floor(random() * families) : families++);
        records.contact.recontact = records.contact.status.recontact = seenBefore;
        return records;
      });
      const people = [...new Map(rows.flatMap((r) => r.people).map((p) => [p._id, p])).values()];
      await Promise.all([
        models.Notification.insertMany(rows.map((r) => r.notification), { ordered: false }),
        models.Contact.insertMany(rows.map((r) => r.contact), { ordered: false }),
        models.Timeline.insertMany(rows.flatMap((r) => r.timeline), { ordered: false }),
        models.Audit.insertMany(rows.flatMap((r) => r.audit), { ordered: false }),
        models.Referral.insertMany(rows.flatMap((r) => r.referral), { ordered: false }),
        // A family seen before: its people are there already (duplicate keys are expected).
        models.Person.insertMany(people, { ordered: false }).catch((err) => {
          if (err?.code !== 11000 && !err?.writeErrors) throw err;
        }),
      ]);
    }
    const seeded = (performance.now() - t0) / 1000;
    const counts = await Promise.all(
      (['Notification', 'Contact', 'Timeline', 'Audit', 'Person', 'Referral'] as const).map(async (m) => `${m} ${await models[m].estimatedDocumentCount()}`),
    );
    console.log(`seeded ${N} contacts in ${seeded.toFixed(0)} s (${counts.join(', ')})`);

    // The reads, each against a record that exists: the newest contacts' meeting day, a
    // child with earlier contacts, a case in the middle of the year.
    const newest = (await models.Contact.findOne({}, { meetingDate: 1 }).sort({ receivedAt: -1 }).lean())!;
    const middle = caseIdFor('HUM', `HUM-SEED-${Math.floor(N / 2)}`);
    const middleContact = (await models.Contact.findById(middle, { childPersonIds: 1 }).lean())!;
    const child = middleContact.childPersonIds![0];
    const month = new Date(now - 30 * DAY);
    const monthStart = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1));
    const monthEnd = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
    const queries: [string, () => Promise<unknown>][] = [
      ['agenda_of_a_day', () => meetingAgenda({ models, policy }, newest.meetingDate as string)],
      [
        'open_cases_newest_first_page_1',
        () =>
          Promise.all([
            models.Contact.find({ stage: { $ne: 'closed' } }).sort({ receivedAt: -1, _id: 1 }).limit(25).lean(),
            models.Contact.countDocuments({ stage: { $ne: 'closed' } }),
          ]),
      ],
      ['cases_newest_first_page_1', () => listCases(models, { sort: '-receivedAt', page: 1, pageSize: 25 })],
      ['child_earlier_contacts', () => childContacts(models, child)],
      ['case_timeline', () => caseTimeline(models, middle)],
      ['audit_by_case', () => auditEntries(models, { caseId: middle, page: 1, pageSize: 50 })],
      ['month_figures', () => figureCounts(models, { from: monthStart.toISOString(), to: monthEnd.toISOString() })],
      ['case_by_id', () => models.Contact.findById(middle).lean()],
      // The agenda's cases, each one's notification by `_id`, and the meeting's records.
      ['minutes_of_a_day', () => meetingMinutes({ models, policy }, newest.meetingDate as string)],
    ];
    console.log(`each query up to ${reps} times, at least 3, within ${budgetMs / 1000} s where it can`);
    for (const [name, q] of queries) {
      const xs: number[] = [];
      const started = performance.now();
      while (xs.length < reps && (xs.length < 3 || performance.now() - started < budgetMs)) {
        const t = performance.now();
        await q();
        xs.push(performance.now() - t);
      }
      xs.sort((a, b) => a - b);
      const at = (p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))].toFixed(0);
      console.log(`query ${name} p50 ${at(50)} ms p95 ${at(95)} ms at ${N} contacts`);
      if (xs.length < reps) console.log(`  (${xs.length} runs)`);
    }
  } finally {
    await conn.close();
    await ferret.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:scale: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
