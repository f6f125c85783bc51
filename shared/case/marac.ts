// When domestic abuse must go to MARAC (the multi-agency risk assessment conference), on
// the recognised criteria: the DASH checklist (its risk level, or 14 or more ticks) and
// escalation (incidents in 12 months). Professional judgement is the panel's: it may always
// add the referral. Imported by the workflow: types only from the schemas.
import type { PoliceNotification } from '../schemas/notification.js';
import type { DecisionInput } from '../schemas/steps.js';

/**
 * DASH "visible high risk": 14 or more of the checklist's 27 questions ticked. The score
 * sent is the number of ticks.
 */
export const MARAC_VISIBLE_HIGH_RISK_TICKS = 14;

/**
 * Domestic abuse goes to MARAC on the recognised criteria the notification can show: a
 * DASH risk level of high, or visible high risk (14 or more ticks), whatever level the
 * officer graded. (Professional judgement is the panel's: it may always add the referral.)
 */
export function maracReferralRequired(n: Pick<PoliceNotification, 'dash'> & { incident: Pick<PoliceNotification['incident'], 'type'> }): boolean {
  if (n.incident.type !== 'domestic_abuse' || !n.dash) return false;
  return n.dash.riskLevel === 'high' || (n.dash.score ?? 0) >= MARAC_VISIBLE_HIGH_RISK_TICKS;
}

export const maracMessage = 'high-risk domestic abuse (DASH high, or 14 or more ticks) also goes to MARAC: add a refer_to_marac partner action';

/**
 * MARAC's escalation criterion (SafeLives: "potential escalation", 3 or more police
 * call-outs in 12 months as a starting point, set locally): a domestic abuse contact whose
 * children's histories hold enough domestic abuse contacts in the 12 months before it
 * that, with it, they number `threshold` or more (MARAC_ESCALATION_INCIDENTS, 3; 0: not
 * counted): the count, else undefined. (A history entry recorded before intake kept its
 * incident type has none, and counts as no incident.)
 */
export function maracEscalation(incidentType: string, earlierDomesticAbuse: number, threshold: number): number | undefined {
  if (incidentType !== 'domestic_abuse' || threshold <= 0) return undefined;
  const incidents = earlierDomesticAbuse + 1;
  return incidents >= threshold ? incidents : undefined;
}

/** Why a case must go to MARAC (its DASH, its escalation, or both), as a refusal says it; undefined when it need not. */
export function maracRequirement(s: { maracReferralRequired?: boolean; maracEscalation?: number }): string | undefined {
  const escalation = s.maracEscalation
    ? `escalation (${s.maracEscalation} domestic abuse incidents about the children in 12 months) also goes to MARAC: add a refer_to_marac partner action`
    : undefined;
  if (s.maracReferralRequired) return escalation ? `${maracMessage}; so does ${escalation}` : maracMessage;
  return escalation && `domestic abuse ${escalation}`;
}

/** A decision on a case that must go to MARAC names the referral among its partner actions. */
export function refersToMarac(d: Pick<DecisionInput, 'partnerActions'>): boolean {
  return d.partnerActions.some((a) => a.kind === 'refer_to_marac');
}
