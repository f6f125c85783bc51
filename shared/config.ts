// Configuration from the environment. Only development defaults live here; secrets and
// production addresses come from the environment (see README, "Configuration").
import { policeWebhookFieldsEnv, referrerWebhookFieldsEnv, type OutcomeField } from './webhook-fields.js';
import { agencies, triageOutcomes, type Agency, type IncidentType, type RagRating, type RiskGrading } from './codes.js';
import { defaultThresholdRules, type JointDecisionRules, type ThresholdRules } from './case/rules.js';
import { workingDayMinutes, type WorkingCalendar } from './working-time.js';
import { z } from 'zod';
import { agendaCutOffEnv, meetingTimeEnv, loadCalendar } from './calendar-config.js';

export { loadCalendar } from './calendar-config.js';

/**
 * The front door's local rules. Passed to activities at worker start; the workflow gets
 * the deadlines they compute, never the rules themselves, so a rule change applies to
 * new contacts and leaves running ones deterministic.
 */
export interface FrontDoorPolicy {
  calendar: WorkingCalendar;
  /** Initial RAG rating from the police grading (and DASH level, whichever is higher). */
  ratingForGrading: Record<RiskGrading, RagRating>;
  /** How long the front door has to decide, in working minutes, by rating. */
  decisionWorkingMinutes: Record<RagRating, number>;
  /** Statutory backstop (Working Together): a decision within one working day. */
  statutoryWorkingMinutes: number;
  /** The daily PIT Stop meeting, local time on working days. */
  meetingTime: string;
  /**
   * The agenda closes at this local time on the meeting's day: a contact received after it
   * goes to the next meeting, so partners have time to bring what they know.
   */
  agendaCutOff: string;
  /** Partner information for a red contact is due this long after receipt. */
  redPartnerInformationWorkingMinutes: number;
  /** Agencies asked for what they know, by incident type. */
  partnersByIncidentType: Partial<Record<IncidentType, Agency[]>> & { default: Agency[] };
  /** The lead agency must accept an allocation within this working time. */
  allocationWorkingMinutes: number;
  /**
   * The shortest reason a partner or lead agency worker may give to read a case beyond their
   * need to know (X-Reason): "x" or "ok" is not a reason anyone can review.
   */
  breakGlassReasonMinLength: number;
  /**
   * Each agency's designated team (DESIGNATED_TEAMS): where the agency's part of a case goes
   * when the case names no school (education) or GP practice (health) of the agency's own.
   * An agency without one is asked as a whole.
   */
  designatedTeams: Partial<Record<Agency, string>>;
  /**
   * Need to know ends (NEED_TO_KNOW_DAYS_AFTER): this many days after an organisation
   * answers its request, or after the case closes, its people no longer read the case
   * without a reason.
   */
  needToKnowDaysAfter: number;
  /** Contacts about a same child received within this many hours of each other are linked, and shown together on the agenda (LINKED_CONTACT_WINDOW_HOURS, 72). */
  linkedContactWindowHours: number;
  /** Strategy discussion within this many clock hours of the decision to hold one (local rule, 24). */
  strategyDiscussionHours: number;
  /** MARAC escalation: this many domestic abuse incidents about a contact's children in 12 months, it included (MARAC_ESCALATION_INCIDENTS, 3; 0: not counted). */
  maracEscalationIncidents: number;
  /** Police feedback webhooks by force code. */
  policeWebhooks: Record<string, string>;
  /** Per-recipient HMAC signing secrets of the police webhooks, by force code (POLICE_WEBHOOK_SECRETS). */
  policeWebhookSecrets: Record<string, string>;
  /** Minimums of a joint decision: attending agencies and rationale length. */
  jointDecision: JointDecisionRules;
  /** The threshold document: outcomes each level of need rules out. */
  threshold: ThresholdRules;
  /** Amendments by a manager other than the one who authorised the decision. */
  amendmentByAnotherManager: boolean;
  /** A force's system refusing the outcome (4xx) is tried again for this many hours, then given up. */
  policeFeedbackRejectedRetryHours: number;
  /** An outcome a force's system has not taken is given up after this many hours (closure never waits for ever). */
  policeFeedbackGiveUpHours: number;
  /** What a force sees of its own notification's case besides its reference (the API's police view). */
  policeViewFields: readonly PoliceViewField[];
  /** A contact with no police grading is given its initial rating within this working time of receipt, or escalated. */
  initialRatingWorkingMinutes: number;
  /** Outcome webhooks of partner agencies, for their referrers (besides the outbox they read). */
  referrerWebhooks: Partial<Record<Agency, string>>;
  /** Per-agency HMAC signing secrets of the referrer webhooks (REFERRER_WEBHOOK_SECRETS). */
  referrerWebhookSecrets: Partial<Record<Agency, string>>;
  /** The outcome's fields each force's webhook is sent (POLICE_WEBHOOK_FIELDS; unset: its police view's). */
  policeWebhookFields: Partial<Record<string, OutcomeField[]>>;
  /** The outcome's fields each referrer agency's webhook is sent (REFERRER_WEBHOOK_FIELDS; unset: all). */
  referrerWebhookFields: Partial<Record<Agency, OutcomeField[]>>;
}

/** The fields of a case a council may show the notifying force (POLICE_VIEW_FIELDS). */
export const policeViewFieldNames = ['stage', 'receivedAt', 'rating', 'outcome', 'levelOfNeed', 'decidedAt', 'leadAgency', 'closedAt'] as const;
export type PoliceViewField = (typeof policeViewFieldNames)[number];
export const defaultPoliceViewFields: readonly PoliceViewField[] = ['stage', 'receivedAt', 'outcome', 'decidedAt', 'leadAgency', 'closedAt'];

/** POLICE_VIEW_FIELDS, a comma-separated list of policeViewFieldNames; unset or empty: the default. */
function policeViewFieldsEnv(): readonly PoliceViewField[] {
  const fields = (process.env.POLICE_VIEW_FIELDS ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  if (fields.length === 0) return defaultPoliceViewFields;
  for (const f of fields) {
    if (!(policeViewFieldNames as readonly string[]).includes(f)) {
      throw new Error(`POLICE_VIEW_FIELDS: "${f}" is not a field the police view can show; choose from ${policeViewFieldNames.join(', ')}`);
    }
  }
  return [...new Set(fields as PoliceViewField[])];
}

const jsonEnv = <T>(name: string, schema: z.ZodType<T>, fallback: T): T => {
  const raw = process.env[name];
  if (!raw) return fallback;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${name} must be JSON`);
  }
  const r = schema.safeParse(parsed);
  if (!r.success) throw new Error(`${name} is invalid: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return r.data;
};

const intEnv = (name: string, fallback: number, min = 0): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}`);
  return n;
};

const boolEnv = (name: string, fallback: boolean): boolean => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(`${name} must be true or false`);
};

const logLevels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

/** The front door's policy from the environment; the working-time allowances follow the calendar's working day. */
export function loadPolicy(calendar: FrontDoorPolicy['calendar'] = loadCalendar()): FrontDoorPolicy {
  const workingDay = workingDayMinutes(calendar);
  const meetingTime = meetingTimeEnv(calendar.opens, calendar.closes);
  return {
    calendar,
    ratingForGrading: jsonEnv(
      'RATING_FOR_GRADING',
      z.object({ standard: z.enum(['red', 'amber', 'green']), medium: z.enum(['red', 'amber', 'green']), high: z.enum(['red', 'amber', 'green']) }),
      { high: 'red', medium: 'amber', standard: 'green' },
    ),
    decisionWorkingMinutes: { red: 4 * 60, amber: workingDay, green: 3 * workingDay },
    statutoryWorkingMinutes: workingDay,
    meetingTime,
    agendaCutOff: agendaCutOffEnv(meetingTime),
    redPartnerInformationWorkingMinutes: intEnv('RED_PARTNER_INFORMATION_MINUTES', 60),
    partnersByIncidentType: jsonEnv(
      'PARTNERS_BY_INCIDENT_TYPE',
      z.record(z.array(z.enum(agencies))) as unknown as z.ZodType<FrontDoorPolicy['partnersByIncidentType']>,
      {
        default: ['childrens_social_care', 'early_help', 'health', 'education'],
        domestic_abuse: ['childrens_social_care', 'early_help', 'health', 'education', 'domestic_abuse_services'],
        missing_child: ['childrens_social_care', 'health', 'education', 'youth_justice'],
        child_sexual_exploitation: ['childrens_social_care', 'health', 'education', 'youth_justice', 'community_safety'],
        child_criminal_exploitation: ['childrens_social_care', 'health', 'education', 'youth_justice', 'community_safety'],
        child_arrested_or_in_custody: ['childrens_social_care', 'education', 'youth_justice'],
        substance_misuse: ['childrens_social_care', 'early_help', 'health', 'education', 'substance_misuse_services'],
        anti_social_behaviour: ['early_help', 'education', 'youth_justice', 'community_safety', 'housing'],
      },
    ),
    allocationWorkingMinutes: intEnv('ALLOCATION_ACCEPT_MINUTES', workingDay),
    breakGlassReasonMinLength: Math.min(200, intEnv('BREAK_GLASS_REASON_MIN_LENGTH', 20, 1)),
    designatedTeams: jsonEnv(
      'DESIGNATED_TEAMS',
      z.record(z.enum(agencies), z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/)) as z.ZodType<Partial<Record<Agency, string>>>,
      {},
    ),
    needToKnowDaysAfter: intEnv('NEED_TO_KNOW_DAYS_AFTER', 30, 0),
    linkedContactWindowHours: intEnv('LINKED_CONTACT_WINDOW_HOURS', 72, 0),
    strategyDiscussionHours: intEnv('STRATEGY_DISCUSSION_HOURS', 24),
    maracEscalationIncidents: intEnv('MARAC_ESCALATION_INCIDENTS', 3, 0),
    policeWebhooks: jsonEnv('POLICE_WEBHOOKS', z.record(z.string().url()), {}),
    // A secret of 32+ characters; a short one is refused naming the force, never the secret.
    policeWebhookSecrets: jsonEnv('POLICE_WEBHOOK_SECRETS', z.record(z.string().min(32)), {}),
    jointDecision: {
      minAttendingAgencies: intEnv('DECISION_MIN_AGENCIES', 2, 1),
      minRationaleLength: intEnv('DECISION_MIN_RATIONALE_LENGTH', 40, 1),
    },
    threshold: jsonEnv(
      'LEVEL_OF_NEED_RULES_OUT',
      z.record(z.enum(['1', '2', '3', '4']), z.array(z.enum(triageOutcomes))) as z.ZodType<ThresholdRules>,
      defaultThresholdRules,
    ),
    amendmentByAnotherManager: boolEnv('AMENDMENT_BY_ANOTHER_MANAGER', true),
    policeFeedbackRejectedRetryHours: intEnv('POLICE_FEEDBACK_REJECTED_RETRY_HOURS', 24, 0),
    policeFeedbackGiveUpHours: intEnv('POLICE_FEEDBACK_GIVE_UP_HOURS', 72, 1),
    policeViewFields: policeViewFieldsEnv(),
    initialRatingWorkingMinutes: intEnv('INITIAL_RATING_WORKING_MINUTES', 60, 1),
    referrerWebhooks: jsonEnv('REFERRER_WEBHOOKS', z.record(z.enum(agencies), z.string().url()) as z.ZodType<Partial<Record<Agency, string>>>, {}),
    referrerWebhookSecrets: jsonEnv('REFERRER_WEBHOOK_SECRETS', z.record(z.enum(agencies), z.string().min(32)) as z.ZodType<Partial<Record<Agency, string>>>, {}),
    policeWebhookFields: policeWebhookFieldsEnv(),
    referrerWebhookFields: referrerWebhookFieldsEnv(),
  };
}

export interface ServiceConfig {
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  mongodbUri: string;
  port: number;
  host: string;
  /** How long a human step waits for the workflow to confirm it before 503. */
  stepTimeoutMs: number;
  /** Requests per credential per minute. */
  rateLimitPerMinute: number;
  /** Failed authentications per client address per minute. */
  failedAuthPerMinute: number;
  /** Activities one worker runs at once. */
  workerMaxActivities: number;
  /** The longest one database operation may take (the driver's timeoutMS) before it fails as unavailable. */
  databaseTimeoutMs: number;
  /** A debug log of the database commands slower than this (MONGODB_SLOW_MS), or none. */
  databaseSlowMs?: number;
  /**
   * The driver's connection pool: connections kept open from the start (MONGODB_MIN_POOL_SIZE)
   * and opened at once (MONGODB_MAX_CONNECTING): a command waiting for a connection waits
   * within `databaseTimeoutMs`.
   */
  databasePool: { minPoolSize: number; maxConnecting: number };
  /** Temporal runtime log level in the worker. */
  logLevel: (typeof logLevels)[number];
}

export function loadServiceConfig(): ServiceConfig {
  return {
    temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    temporalNamespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'pitstop-contacts',
    mongodbUri: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/pitstop',
    port: intEnv('PORT', 3000),
    host: process.env.HOST ?? '127.0.0.1',
    stepTimeoutMs: intEnv('STEP_TIMEOUT_MS', 30_000, 1),
    rateLimitPerMinute: intEnv('RATE_LIMIT_PER_MINUTE', 600, 1),
    failedAuthPerMinute: intEnv('FAILED_AUTH_PER_MINUTE', 60, 1),
    workerMaxActivities: intEnv('WORKER_MAX_ACTIVITIES', 20, 1),
    databaseTimeoutMs: intEnv('MONGODB_TIMEOUT_MS', 15_000, 1),
    ...(process.env.MONGODB_SLOW_MS ? { databaseSlowMs: intEnv('MONGODB_SLOW_MS', 0, 0) } : {}),
    databasePool: { minPoolSize: intEnv('MONGODB_MIN_POOL_SIZE', 40), maxConnecting: intEnv('MONGODB_MAX_CONNECTING', 8, 1) },
    logLevel: (() => {
      const level = (process.env.LOG_LEVEL ?? 'WARN').toUpperCase();
      if (!(logLevels as readonly string[]).includes(level)) throw new Error(`LOG_LEVEL must be one of ${logLevels.join(', ')}`);
      return level as (typeof logLevels)[number];
    })(),
  };
}
