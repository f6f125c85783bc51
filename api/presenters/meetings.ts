// The PIT Stop meeting and its minutes as the API answers them (api/schemas/meetings.ts).
import type { DecisionRecord } from '../../shared/case/state.js';
import { agencies, type Agency } from '../../shared/codes.js';
import { localDate } from '../../shared/working-time.js';
import { attendeeKey, decisionsOn, type MeetingRecords, MinutesCase, RecorderRecord } from '../queries/meetings.js';
import type { Meeting, Minutes } from '../schemas/meetings.js';
import { caseUrl } from './cases.js';

const recorder = (r: RecorderRecord) => ({ name: r.name, agency: r.agency });

export function presentMeeting(m: MeetingRecords): Meeting {
  const chair = m.opened?.person;
  const chairKey = chair ? attendeeKey(chair) : undefined;
  const register = m.attendees.map((a) => ({
    name: a.person!.name,
    agency: a.person!.agency,
    chair: attendeeKey(a.person!) === chairKey,
    addedAt: a.recordedAt.toISOString(),
    addedBy: recorder(a.recordedBy),
  }));
  const present = new Set<Agency>(register.map((a) => a.agency));
  return {
    date: m.date,
    status: m.closed ? 'closed' : m.opened ? 'open' : 'not_opened',
    ...(chair ? { chair: { name: chair.name, agency: chair.agency } } : {}),
    ...(m.opened ? { startedAt: m.opened.at.toISOString(), openedBy: recorder(m.opened.recordedBy) } : {}),
    ...(m.closed ? { endedAt: m.closed.at.toISOString(), closedBy: recorder(m.closed.recordedBy) } : {}),
    register,
    // In the order of the agencies' list, so the minutes read the same every time.
    agencies: agencies.filter((a) => present.has(a)),
  };
}

/**
 * How the meeting dealt with one case: the decisions recorded on it on the meeting's
 * (local) date; without one, decided the day before (a red contact triaged at once) or
 * not reached and carried over.
 */
function considered(decisions: DecisionRecord[], date: string, timeZone: string) {
  const thatDay = decisionsOn(decisions, date, timeZone);
  if (thatDay.length) return { consideration: 'decided' as const, decisions: thatDay };
  const before = decisions.some((d) => localDate(Date.parse(d.recordedAt), timeZone) < date);
  return { consideration: before ? ('decided_before_meeting' as const) : ('not_reached' as const), decisions: [] };
}

/** Where a case carried over from this meeting went: the next meeting it missed, or the one it is set for now. */
function carriedOver(from: readonly string[], now: string | undefined, date: string): { carriedOverTo?: string } {
  const i = from.indexOf(date);
  if (i < 0) return {};
  const to = from[i + 1] ?? now;
  return to ? { carriedOverTo: to } : {};
}

export function presentMinutes(m: MeetingRecords, meetingTime: string, cases: MinutesCase[], timeZone: string): Minutes {
  const items = cases.map(({ contact: c, children: named }) => {
    const { consideration, decisions } = considered(c.status?.decisions ?? [], m.date, timeZone);
    // Each child's decision by name: the case's children are the notification's (or form's), in its order.
    const ids = c.status?.versionChildPersonIds ?? c.childPersonIds ?? [];
    const nameOf = (personId: string) => {
      const ch = named[ids.indexOf(personId)];
      return ch ? `${ch.givenName} ${ch.familyName}` : 'a child';
    };
    return {
      caseId: c._id,
      url: caseUrl(c._id),
      policeReference: c.policeReference,
      incidentType: c.incidentType,
      rating: c.rating,
      stage: c.stage,
      children: named.map((ch) => ({
        givenName: ch.givenName,
        familyName: ch.familyName,
        ...(ch.dateOfBirth ? { dateOfBirth: ch.dateOfBirth } : {}),
        unborn: ch.unborn ?? false,
      })),
      consideration,
      ...carriedOver(c.status?.carriedOverFrom ?? [], c.status?.meeting?.date, m.date),
      decisions: decisions.map((d) => ({
        version: d.version,
        status: d.status,
        outcome: d.outcome,
        levelOfNeed: d.levelOfNeed,
        leadAgency: d.leadAgency,
        proposedBy: d.proposedBy,
        rationale: d.rationale,
        factors: d.factors,
        ...(d.childDecisions ? { childDecisions: d.childDecisions.map((cd) => ({ ...cd, name: nameOf(cd.personId) })) } : {}),
        ...(d.earlyHelpConsent ? { earlyHelpConsent: d.earlyHelpConsent } : {}),
        recordedAt: d.recordedAt,
        recordedBy: recorder(d.recordedBy),
        ...(d.outsideMeeting ? { outsideMeeting: true } : {}),
      })),
    };
  });
  const count = (k: (typeof items)[number]['consideration']) => items.filter((i) => i.consideration === k).length;
  return {
    ...presentMeeting(m),
    meetingTime,
    items,
    summary: { cases: items.length, decided: count('decided'), decidedBeforeMeeting: count('decided_before_meeting'), notReached: count('not_reached') },
  };
}
