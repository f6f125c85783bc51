// Police updates: a force sends the same notification (force + police reference) again,
// either as a resend of what it already sent or with changed content (another child, a
// raised DASH level). Pure functions, shared by the API and the case's workflow: what
// counts as the same content, whether a notification repeats a version already on record,
// and what changed between two versions, in words a panel member can read.
import { normaliseName } from './names.js';
import type { PoliceNotification } from './schemas/notification.js';

/**
 * The content of a notification in a canonical form: what "identical" compares.
 * Ignored, because they say how and when the message travelled, not what it says about
 * the children: `sentAt` (a resend is sent again), the force's display name, the letter
 * case and spacing of the police reference (the case id is derived from it normalised),
 * the order of keys, and the order of children, adults and actions taken (the same people
 * listed in another order are the same people). Fields the schema does not know are
 * already dropped when the notification is parsed; defaults are already filled in.
 */
export function canonicalContent(n: PoliceNotification): string {
  const { sentAt: _sentAt, force, policeReference, ...rest } = n;
  const content = {
    ...rest,
    force: { code: force.code.trim().toUpperCase() },
    policeReference: policeReference.trim().toUpperCase(),
    incident: { ...rest.incident, actionsTaken: [...(rest.incident.actionsTaken ?? [])].sort() },
    children: sortedByContent(rest.children),
    adults: sortedByContent(rest.adults ?? []),
  };
  return stableJson(content);
}

function sortedByContent<T>(items: readonly T[]): string[] {
  return items.map(stableJson).sort();
}

/** JSON with keys sorted at every level and undefined values left out. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A version of a notification already on record: its canonical content and when the force sent it. */
export interface KnownVersion {
  version: number;
  content: string;
  sentAt: string;
}

export type NotificationVerdict = { kind: 'duplicate'; of: number } | { kind: 'update' };

/**
 * Whether a notification repeats a version on record or changes it. The same content as
 * the newest version is a resend. The same content as an earlier version is a late
 * redelivery of that version (police systems resend at least once, and an old message
 * may arrive after a newer one) unless the force sent it after the newest version: then
 * the force has gone back to what it said before, and that is a change like any other.
 */
export function classifyNotification(known: readonly KnownVersion[], incoming: { content: string; sentAt: string }): NotificationVerdict {
  const newest = known.at(-1);
  if (!newest) return { kind: 'update' };
  if (incoming.content === newest.content) return { kind: 'duplicate', of: newest.version };
  const earlier = [...known].reverse().find((v) => v.content === incoming.content);
  // Sent no later than the newest: a late redelivery. Sent at the very time it was first
  // sent: the same message again, even when two updates arrived in the other order than
  // the force sent them (the later-sent one became the earlier version).
  const sentAt = Date.parse(incoming.sentAt);
  if (earlier && (sentAt <= Date.parse(newest.sentAt) || sentAt === Date.parse(earlier.sentAt))) return { kind: 'duplicate', of: earlier.version };
  return { kind: 'update' };
}

// ---- What changed -------------------------------------------------------------------

type Child = PoliceNotification['children'][number];
type Adult = PoliceNotification['adults'][number];

/** A person as the timeline names them. */
export interface PersonNamed {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  expectedDateOfDelivery?: string;
  role?: string;
}

export interface PeopleChanges {
  added: PersonNamed[];
  removed: PersonNamed[];
  /** The same person with other details (school, address, role...): the fields that changed. */
  changed: (PersonNamed & { fields: string[] })[];
}

export interface Change<T> {
  from?: T;
  to?: T;
}

/** The differences between two versions of a notification (a `notification_updated` event's details). */
export interface NotificationDifferences {
  children: PeopleChanges;
  adults: PeopleChanges;
  riskGrading?: Change<string>;
  dashRiskLevel?: Change<string>;
  dashScore?: Change<number>;
  incidentType?: Change<string>;
  incidentOccurredAt?: Change<string>;
  /** Other fields whose text changed, by path (their content is in the version itself). */
  otherFields: string[];
  /** One line per change, for people. */
  summary: string[];
}

const riskOrder = ['standard', 'medium', 'high'];


/** Who a person is across versions: the NHS number when given, else name and date of birth (as person matching). */
function identityOf(p: Child | Adult): string {
  if (p.nhsNumber) return `nhs:${p.nhsNumber}`;
  const born = p.dateOfBirth ?? ('expectedDateOfDelivery' in p && p.expectedDateOfDelivery ? `edd:${p.expectedDateOfDelivery}` : '');
  return `name:${normaliseName(p.givenName)}|${normaliseName(p.familyName)}|${born}`;
}

function named(p: Child | Adult): PersonNamed {
  return {
    givenName: p.givenName,
    familyName: p.familyName,
    ...(p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}),
    ...('expectedDateOfDelivery' in p && p.expectedDateOfDelivery ? { expectedDateOfDelivery: p.expectedDateOfDelivery } : {}),
    ...('role' in p ? { role: p.role } : {}),
  };
}

function fieldsChanged(a: object, b: object): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return keys.filter((k) => stableJson(ra[k]) !== stableJson(rb[k]));
}

function peopleChanges<P extends Child | Adult>(before: readonly P[], after: readonly P[]): PeopleChanges {
  const was = new Map(before.map((p) => [identityOf(p), p]));
  const now = new Map(after.map((p) => [identityOf(p), p]));
  return {
    added: after.filter((p) => !was.has(identityOf(p))).map(named),
    removed: before.filter((p) => !now.has(identityOf(p))).map(named),
    changed: after.flatMap((p) => {
      const earlier = was.get(identityOf(p));
      const fields = earlier ? fieldsChanged(earlier, p) : [];
      return fields.length ? [{ ...named(p), fields }] : [];
    }),
  };
}

const nameOf = (p: PersonNamed) =>
  `${p.givenName} ${p.familyName}${p.dateOfBirth ? ` (born ${p.dateOfBirth})` : p.expectedDateOfDelivery ? ` (unborn, expected ${p.expectedDateOfDelivery})` : ''}`;

function change<T>(from: T | undefined, to: T | undefined): Change<T> | undefined {
  return stableJson(from) === stableJson(to) ? undefined : { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

const said = (v: unknown) => (v === undefined ? 'none' : String(v));

/** What changed from one version to the next. */
export function notificationDifferences(before: PoliceNotification, after: PoliceNotification): NotificationDifferences {
  const children = peopleChanges(before.children, after.children);
  const adults = peopleChanges(before.adults ?? [], after.adults ?? []);
  const d: NotificationDifferences = {
    children,
    adults,
    riskGrading: change(before.riskGrading, after.riskGrading),
    dashRiskLevel: change(before.dash?.riskLevel, after.dash?.riskLevel),
    dashScore: change(before.dash?.score, after.dash?.score),
    incidentType: change(before.incident.type, after.incident.type),
    incidentOccurredAt: change(before.incident.occurredAt, after.incident.occurredAt),
    otherFields: [
      ...['location', 'circumstances', 'officerConcerns', 'childVoice', 'actionsTaken']
        .filter((k) => fieldsChanged(before.incident, after.incident).includes(k))
        .map((k) => `incident.${k}`),
      ...(stableJson(before.officer) !== stableJson(after.officer) ? ['officer'] : []),
    ],
    summary: [],
  };
  const s = d.summary;
  for (const p of children.added) s.push(`child added: ${nameOf(p)}`);
  for (const p of children.removed) s.push(`child removed: ${nameOf(p)}`);
  for (const p of children.changed) s.push(`child's details changed: ${nameOf(p)} (${p.fields.join(', ')})`);
  for (const p of adults.added) s.push(`adult added: ${nameOf(p)}, ${p.role}`);
  for (const p of adults.removed) s.push(`adult removed: ${nameOf(p)}, ${p.role}`);
  for (const p of adults.changed) s.push(`adult's details changed: ${nameOf(p)} (${p.fields.join(', ')})`);
  const risk = (label: string, c: Change<string> | undefined) => {
    if (!c) return;
    const direction = riskOrder.indexOf(c.to ?? '') > riskOrder.indexOf(c.from ?? '') ? 'raised' : 'lowered';
    s.push(`${label} ${direction}: ${said(c.from)} → ${said(c.to)}`);
  };
  risk('police risk grading', d.riskGrading);
  risk('DASH risk level', d.dashRiskLevel);
  if (d.dashScore) s.push(`DASH score: ${said(d.dashScore.from)} → ${said(d.dashScore.to)}`);
  if (d.incidentType) s.push(`incident type: ${said(d.incidentType.from)} → ${said(d.incidentType.to)}`);
  if (d.incidentOccurredAt) s.push(`incident time: ${said(d.incidentOccurredAt.from)} → ${said(d.incidentOccurredAt.to)}`);
  for (const f of d.otherFields) s.push(`${f} changed`);
  if (s.length === 0) s.push('no change a reader would see (the order of people or actions, or the force name)');
  // Absent entries are left out, so the stored details say only what changed.
  return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as unknown as NotificationDifferences;
}
