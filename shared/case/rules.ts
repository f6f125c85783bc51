// Front-door rules that do not depend on local configuration: which outcomes close a
// contact, which make it a referral, which agency an outcome implies, and how the initial
// rating follows the police grading; when MARAC must be involved is marac.ts's.
// The workflow imports these rules: nothing here may pull in the zod schemas (the workflow
// bundle evaluates its modules again for every workflow run), only their types.
import { strategyDiscussionRequiredAgencies, type Agency, type LevelOfNeed, type RagRating, type RiskGrading, type TriageOutcome } from '../codes.js';
import type { PoliceNotification } from '../schemas/notification.js';
import type { DecisionInput } from '../schemas/steps.js';
import { normaliseName } from '../names.js';

export { maracEscalation, maracMessage, maracReferralRequired, maracRequirement, MARAC_VISIBLE_HIGH_RISK_TICKS, refersToMarac } from './marac.js';

/** Outcomes that close the contact without handing it to a lead agency. */
export const outcomesClosingWithoutAllocation: readonly TriageOutcome[] = [
  'no_further_action',
  'information_and_signposting',
];

/** Outcomes by which a contact becomes a referral (a request for services from social care). */
export const referralOutcomes: readonly TriageOutcome[] = [
  'social_care_assessment_s17',
  'strategy_discussion_s47',
];

/**
 * The lead agency an outcome implies when the panel does not name one. Early help must
 * name its lead (a school, a health visitor...), so it has no default.
 */
export const defaultLeadAgency: Partial<Record<TriageOutcome, Agency>> = {
  targeted_family_support: 'early_help',
  social_care_assessment_s17: 'childrens_social_care',
  strategy_discussion_s47: 'childrens_social_care',
  already_open_pass_to_allocated_worker: 'childrens_social_care',
};

export function leadAgencyOf(d: Pick<DecisionInput, 'leadAgency' | 'outcome'>): Agency | undefined {
  return d.leadAgency ?? defaultLeadAgency[d.outcome];
}

/** One child's decision as it stands: their level of need, outcome and lead agency. */
export interface ChildDecision {
  personId: string;
  levelOfNeed: LevelOfNeed;
  outcome: TriageOutcome;
  leadAgency?: Agency;
}

/**
 * One family, each child: every child of the case takes the joint decision unless the
 * panel decided differently for them. A child's lead agency is their own, else the
 * family's where their outcome is the family's, else the one their outcome implies.
 * `childPersonIds`: the children the case names (unknown: the children listed only).
 */
export function childDecisions(d: Pick<DecisionInput, 'levelOfNeed' | 'outcome' | 'leadAgency' | 'children'>, childPersonIds?: readonly string[]): ChildDecision[] {
  const own = new Map((d.children ?? []).map((c) => [c.personId, c]));
  const ids = childPersonIds?.length ? [...childPersonIds, ...[...own.keys()].filter((id) => !childPersonIds.includes(id))] : [...own.keys()];
  return ids.map((personId) => {
    const c = own.get(personId);
    const outcome = c?.outcome ?? d.outcome;
    const leadAgency = c?.leadAgency ?? (outcome === d.outcome ? leadAgencyOf(d) : defaultLeadAgency[outcome]);
    return { personId, levelOfNeed: c?.levelOfNeed ?? d.levelOfNeed, outcome, ...(leadAgency ? { leadAgency } : {}) };
  });
}

/**
 * The rules each child's decision keeps, as the family's does: the threshold document,
 * statutory outcomes led by social care, early help with a named lead. Field problems,
 * relative to the decision (`children.{i}.…`).
 */
export function childDecisionProblems(d: Pick<DecisionInput, 'levelOfNeed' | 'outcome' | 'leadAgency' | 'children'>, threshold: ThresholdRules): { path: string; message: string }[] {
  const mine = childDecisions(d);
  return mine.flatMap((c, i) => {
    const problems = [thresholdProblem(c, threshold), statutoryLeadProblem(c)].filter((p) => p !== undefined);
    if (c.outcome === 'early_help' && !c.leadAgency) problems.push({ path: 'leadAgency', message: 'early help must name a lead agency' });
    return problems.map((p) => ({ path: `children.${i}.${p.path}`, message: `${p.message} (child ${c.personId})` }));
  });
}

/** The outcomes a decision reaches: each child's (the family's alone when no child is decided apart). */
export function outcomesOf(d: Pick<DecisionInput, 'levelOfNeed' | 'outcome' | 'leadAgency' | 'children'> & { childDecisions?: Pick<ChildDecision, 'personId' | 'outcome' | 'leadAgency'>[] }): TriageOutcome[] {
  const each = d.childDecisions?.length ? d.childDecisions : [d, ...childDecisions(d)];
  return [...new Set(each.map((c) => c.outcome))];
}

/**
 * The lead agencies a decision allocates to, each with the children it leads: one
 * allocation per lead agency (children closed without allocation are in none).
 */
export function leadAgenciesOf(d: Pick<DecisionInput, 'levelOfNeed' | 'outcome' | 'leadAgency' | 'children'> & { childDecisions?: Pick<ChildDecision, 'personId' | 'outcome' | 'leadAgency'>[] }): { leadAgency: Agency; childPersonIds: string[] }[] {
  const each: (Pick<ChildDecision, 'outcome' | 'leadAgency'> & { personId?: string })[] = d.childDecisions?.length ? d.childDecisions : [{ outcome: d.outcome, leadAgency: leadAgencyOf(d) }, ...childDecisions(d)];
  const leads = new Map<Agency, string[]>();
  for (const c of each) {
    if (outcomesClosingWithoutAllocation.includes(c.outcome) || !c.leadAgency) continue;
    const children = leads.get(c.leadAgency) ?? [];
    if (c.personId) children.push(c.personId);
    leads.set(c.leadAgency, children);
  }
  return [...leads].map(([leadAgency, childPersonIds]) => ({ leadAgency, childPersonIds }));
}

/**
 * The lead agencies with the case requested or accepted, when a decision has more than one
 * (each child's lead agency: one allocation each); else undefined (`leadAgency` says it).
 */
export function liveLeadAgencies(s: { allocations?: readonly { leadAgency: Agency; status: string }[] } | undefined): string[] | undefined {
  const leads = [...new Set((s?.allocations ?? []).filter((a) => a.status === 'requested' || a.status === 'accepted').map((a) => a.leadAgency))];
  return leads.length > 1 ? leads : undefined;
}

/**
 * Statutory outcomes are children's social care's: an assessment of a child in need
 * (s17), a strategy discussion (s47), or passing to the worker of an open case.
 */
export const statutoryOutcomes: readonly TriageOutcome[] = [...referralOutcomes, 'already_open_pass_to_allocated_worker'];

/** A statutory outcome with another agency named to lead it, as a field problem. */
export function statutoryLeadProblem(d: { leadAgency?: Agency; outcome: TriageOutcome }): { path: string; message: string } | undefined {
  if (!statutoryOutcomes.includes(d.outcome) || leadAgencyOf(d) === 'childrens_social_care') return undefined;
  return { path: 'leadAgency', message: `${d.outcome} is led by childrens_social_care (a statutory outcome)` };
}

/**
 * The outcomes a family takes up by consent: early help (level 2) and targeted family support
 * (level 3, the team around the family), both early help services, not statutory ones.
 */
export const consensualOutcomes: readonly TriageOutcome[] = ['early_help', 'targeted_family_support'];

/**
 * Early help is consensual: a decision with early help or targeted family support as an
 * outcome, the family's or any child's, records the family's consent (given, refused or not
 * yet sought), as a field problem.
 */
export function earlyHelpConsentProblem(d: Pick<DecisionInput, 'levelOfNeed' | 'outcome' | 'leadAgency' | 'children' | 'earlyHelpConsent'>): { path: string; message: string } | undefined {
  if (d.earlyHelpConsent || !outcomesOf(d).some((o) => consensualOutcomes.includes(o))) return undefined;
  return { path: 'earlyHelpConsent', message: "early help and targeted family support are consensual: record the family's consent (given, refused, or not yet sought)" };
}

const gradingOrder: readonly RiskGrading[] = ['standard', 'medium', 'high'];

/** The initial rating follows the police grading, or the DASH level where that is higher. */
export function initialRating(
  n: Pick<PoliceNotification, 'riskGrading' | 'dash'>,
  ratingForGrading: Record<RiskGrading, RagRating>,
): { rating: RagRating; reason: string } {
  const grading =
    n.dash && gradingOrder.indexOf(n.dash.riskLevel) > gradingOrder.indexOf(n.riskGrading) ? n.dash.riskLevel : n.riskGrading;
  const source = grading === n.riskGrading ? `police risk grading ${grading}` : `DASH risk level ${grading}`;
  return { rating: ratingForGrading[grading], reason: `initial rating from ${source}` };
}

/**
 * A joint decision must show it was joint and say why: the council sets how many agencies
 * must have attended and how long a rationale must at least be (a case carries them from
 * intake; the lenient minimums stand only until then).
 */
export interface JointDecisionRules {
  minAttendingAgencies: number;
  minRationaleLength: number;
}
export const lenientJointDecisionRules: JointDecisionRules = { minAttendingAgencies: 1, minRationaleLength: 1 };

/** What a joint decision lacks, as field paths relative to the decision. */
export function jointDecisionProblems(
  d: Pick<DecisionInput, 'attendees' | 'rationale' | 'proposedBy'>,
  rules: JointDecisionRules,
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  // One person is one voice: the same name (however typed) for a second agency counts once.
  const seen = new Map<string, string>();
  d.attendees.forEach((a, i) => {
    const person = normaliseName(a.name) || a.name.trim().toLowerCase();
    const first = seen.get(person);
    if (first !== undefined && first !== a.agency) {
      problems.push({ path: `attendees.${i}.agency`, message: `${a.name} is already an attendee for ${first}: one person counts for one agency` });
    }
    if (first === undefined) seen.set(person, a.agency);
  });
  const attending = new Set(d.attendees.map((a) => a.agency));
  if (attending.size < rules.minAttendingAgencies) {
    problems.push({ path: 'attendees', message: `a joint decision needs attendees from at least ${rules.minAttendingAgencies} agencies` });
  }
  if (d.rationale.trim().length < rules.minRationaleLength) {
    problems.push({ path: 'rationale', message: `give a rationale a reader can use: at least ${rules.minRationaleLength} characters` });
  }
  if (d.proposedBy !== undefined && !attending.has(d.proposedBy)) {
    problems.push({ path: 'proposedBy', message: 'the agency that proposed the outcome must be among the attendees' });
  }
  return problems;
}

/**
 * A strategy discussion as recorded: children's social care and the police took part, and
 * it was held once the decision to hold one was authorised (never before it), and not in
 * the future. Field problems, relative to the discussion.
 */
export function strategyDiscussionProblems(
  d: { heldAt: string; agencies: readonly string[] },
  authorisedAt: string,
  now: number,
): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const missing = strategyDiscussionRequiredAgencies.filter((a) => !d.agencies.includes(a));
  if (missing.length) problems.push({ path: 'agencies', message: `a strategy discussion includes ${missing.join(' and ')}` });
  const held = Date.parse(d.heldAt);
  if (held > now) problems.push({ path: 'heldAt', message: 'a strategy discussion is recorded once held, not before' });
  // Forms give the time to the minute: the minute of the authorisation counts as after it.
  else if (held < Math.floor(Date.parse(authorisedAt) / 60_000) * 60_000) problems.push({ path: 'heldAt', message: 'a strategy discussion is held after the decision to hold one was authorised' });
  return problems;
}

/**
 * s47 enquiry: once the strategy discussion decided on enquiries, the case waits for the
 * initial child protection conference to be recorded (while the decision is still s47).
 */
export function conferenceOutstanding(s: { outcome?: TriageOutcome; strategyDiscussion?: { outcome?: string }; conference?: unknown }): boolean {
  return s.outcome === 'strategy_discussion_s47' && s.strategyDiscussion?.outcome === 's47_enquiry' && s.conference === undefined;
}

/** What the case does after the lead agency accepts: s47 waits for its strategy discussion. */
export function strategyDiscussionOutstanding(s: { outcome?: TriageOutcome; strategyDiscussion?: unknown }): boolean {
  return s.outcome === 'strategy_discussion_s47' && s.strategyDiscussion === undefined;
}

/**
 * The council's threshold document: outcomes a level of need rules out (e.g. level 4,
 * significant harm, never ends in no further action or signposting; level 1, universal
 * needs, never in a social care assessment). Level → outcomes refused.
 */
export type ThresholdRules = Partial<Record<`${LevelOfNeed}`, TriageOutcome[]>>;

export const defaultThresholdRules: ThresholdRules = {
  '4': ['no_further_action', 'information_and_signposting'],
  '1': ['social_care_assessment_s17', 'strategy_discussion_s47'],
};

/** A decision whose level of need contradicts its outcome, as a field problem. */
export function thresholdProblem(d: { levelOfNeed: LevelOfNeed; outcome: TriageOutcome }, rules: ThresholdRules): { path: string; message: string } | undefined {
  if (!rules[`${d.levelOfNeed}`]?.includes(d.outcome)) return undefined;
  return { path: 'outcome', message: `level of need ${d.levelOfNeed} rules out ${d.outcome} (the threshold document)` };
}

/**
 * How far an outcome goes under the Children Act: an s47 strategy discussion, then an s17
 * assessment or an open case passed to its worker, then every other outcome.
 */
const statutoryRank = (o: TriageOutcome): number => (o === 'strategy_discussion_s47' ? 2 : statutoryOutcomes.includes(o) ? 1 : 0);

/**
 * The case's outcome, for its stage, queues and figures: the furthest-reaching statutory
 * outcome any child has (s47 over s17), else the family's.
 */
export function caseOutcomeOf(d: Pick<DecisionInput, 'levelOfNeed' | 'outcome' | 'leadAgency' | 'children'> & { childDecisions?: Pick<ChildDecision, 'personId' | 'outcome' | 'leadAgency'>[] }): TriageOutcome {
  const furthest = outcomesOf(d).sort((a, b) => statutoryRank(b) - statutoryRank(a))[0];
  return furthest !== undefined && statutoryRank(furthest) > statutoryRank(d.outcome) ? furthest : d.outcome;
}

/** An amendment that takes an s47 or an s17 decision to a lesser outcome. */
export function stepsDown(from: TriageOutcome, to: TriageOutcome): boolean {
  return referralOutcomes.includes(from) && statutoryRank(to) < statutoryRank(from);
}

/**
 * A step down from s47 or s17 is not one manager's alone: it is the panel's decision
 * (`decidedBy: 'panel'`), as a field problem.
 */
export function stepDownProblem(from: TriageOutcome, a: { decidedBy: 'manager' | 'panel' | 'managers'; decision: Pick<DecisionInput, 'outcome'> }): { path: string; message: string } | undefined {
  if (a.decidedBy !== 'manager' || !stepsDown(from, a.decision.outcome)) return undefined;
  return { path: 'decidedBy', message: `a step down from ${from} to ${a.decision.outcome} is the panel's decision or two managers', not one manager's` };
}
