// What each recipient of an outcome is sent: a force's or a referrer's system gets the
// case's identity (case id, decision version, its own reference) and only the outcome's
// fields the council configures for that recipient (POLICE_WEBHOOK_FIELDS by force code,
// REFERRER_WEBHOOK_FIELDS by agency). Unconfigured, a force is sent what its police view
// shows (POLICE_VIEW_FIELDS), a referrer's agency the whole outcome.
import { z } from 'zod';
import { agencies, type Agency } from './codes.js';

/** The outcome's fields a recipient may be sent, besides the case's identity. */
export const outcomeFieldNames = ['outcome', 'levelOfNeed', 'leadAgency', 'decidedAt'] as const;
export type OutcomeField = (typeof outcomeFieldNames)[number];

const fieldList = z.array(z.enum(outcomeFieldNames)).refine((l) => new Set(l).size === l.length, 'a field is named twice');

function parseFields<K extends string>(name: string, raw: string | undefined, keys: z.ZodType<K>): Partial<Record<K, OutcomeField[]>> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${name} must be JSON: {"recipient": [${outcomeFieldNames.map((f) => `"${f}"`).join(', ')}]}`);
  }
  const r = z.record(keys, fieldList).safeParse(parsed);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`${name}: ${issue.path.join('.') || 'the value'}: ${issue.message}; the fields are ${outcomeFieldNames.join(', ')}`);
  }
  return r.data as Partial<Record<K, OutcomeField[]>>;
}

export const policeWebhookFieldsEnv = (env: NodeJS.ProcessEnv = process.env) =>
  parseFields('POLICE_WEBHOOK_FIELDS', env.POLICE_WEBHOOK_FIELDS, z.string().regex(/^[A-Z0-9]{2,10}$/, 'a force code'));

export const referrerWebhookFieldsEnv = (env: NodeJS.ProcessEnv = process.env) =>
  parseFields('REFERRER_WEBHOOK_FIELDS', env.REFERRER_WEBHOOK_FIELDS, z.enum(agencies) as z.ZodType<Agency>);

/** The delivery as this recipient is sent it: its identity, and only the fields listed. */
export function outcomeAsSent<T extends object>(delivery: T, fields: readonly OutcomeField[]): Partial<T> {
  const withheld = outcomeFieldNames.filter((f) => !fields.includes(f));
  return Object.fromEntries(Object.entries(delivery).filter(([k]) => !(withheld as readonly string[]).includes(k))) as Partial<T>;
}
