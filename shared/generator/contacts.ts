// The generator: a year or more of synthetic contacts for a synthetic council, the same
// from the same seed, with the mix a front door sees: police notifications about half of
// them, the rest schools, health, the council's own services, families and anonymous
// callers; incident types weighted as the seed councils report them; children of every age
// (teenagers for exploitation and going missing); families seen again (re-contacts, some
// after a referral); outcomes from no further action to a strategy discussion, decided
// mostly within the rating's deadline. Every contact is closed (history, not work): the
// tests, the demo data of `npm start` and `npm run generate` import it through the store
// (records.ts), and the rebuild derives the read models from it.
//
// A hotspot can be planted: one incident type rising in one locality over the last weeks
// generated (by default child criminal exploitation in Scunthorpe South, four weeks), on
// top of rates that are otherwise steady, so the themes' rule (shared/themes/emerging.ts)
// flags it and nothing else.
import type { IncidentType, TriageOutcome } from '../codes.js';
import type { Localities } from '../themes/localities.js';
import { caseIdFor, caseIdForReferral } from '../ids.js';
import { addDays, zonedInstant } from '../working-time.js';
import { seededRandom, type Random } from './random.js';

export interface HotspotPlan {
  locality: string;
  incidentType: IncidentType;
  /** The last weeks generated it rises in. */
  weeks: number;
  /** Police contacts a week on top of the usual rate. */
  extraPerWeek: number;
}

export interface GeneratorOptions {
  seed: number;
  /** Monday (local) of the last week generated; contacts run to the end of its Sunday. */
  lastWeek: string;
  /** Weeks generated, ending with `lastWeek` (a year and a month by default). */
  weeks?: number;
  /** Contacts a week on average (a council of 170,000 people: about 110). */
  perWeek?: number;
  timeZone: string;
  localities: Localities;
  /** The hotspot planted; null for none. */
  hotspot?: HotspotPlan | null;
  /** Nothing is closed after this moment (default: now). */
  now?: number;
}

export const defaultHotspot: HotspotPlan = { locality: 'Scunthorpe South', incidentType: 'child_criminal_exploitation', weeks: 4, extraPerWeek: 4 };

/** A contact as the generator plans it; records.ts writes it out as the engine keeps it. */
export interface PlannedContact {
  i: number;
  caseId: string;
  /** The police reference, or the referrer's own reference on a form. */
  reference: string;
  source: string;
  receivedAt: Date;
  incidentType: IncidentType;
  locality: string;
  postcode: string;
  family: Family;
  rating: 'red' | 'amber' | 'green';
  decisionDueAt: Date;
  decidedAt: Date;
  closedAt: Date;
  outcome: TriageOutcome;
  factors: string[];
  recontact: boolean;
  repeatReferral: boolean;
  earlierContactIds: string[];
}

export interface Family {
  n: number;
  children: { givenName: string; dateOfBirth: string; gender: 'male' | 'female' }[];
  adults: { givenName: string; dateOfBirth: string; role: 'parent' | 'carer' }[];
  /** Contacts about the family so far: when, and whether each made a referral. */
  contacts: { caseId: string; at: number; referral: boolean }[];
}

/** Who submitted the generated forms: a synthetic referrer, never a person. */
export const GENERATED_REFERRER = 'generated-referrer';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Who contacts the front door (CIN census sources). */
export const sourceMix = { '6': 52, '2A': 14, '3A': 3, '3B': 4, '3E': 3, '3F': 2, '5A': 3, '5D': 3, '4': 2, '1A': 5, '1C': 1, '8': 3, '9': 3, '10': 2 } as const;

const policeIncidents: Partial<Record<IncidentType, number>> & Record<string, number> = {
  domestic_abuse: 36, missing_child: 10, violence: 8, anti_social_behaviour: 7, child_arrested_or_in_custody: 6, mental_health_crisis_or_self_harm: 6,
  neglect_or_welfare_concern: 7, sexual_offence: 4, child_criminal_exploitation: 3, child_sexual_exploitation: 3, online_harm: 4, substance_misuse: 3, other: 3,
};
const partnerIncidents: Partial<Record<IncidentType, number>> & Record<string, number> = {
  neglect_or_welfare_concern: 34, domestic_abuse: 12, mental_health_crisis_or_self_harm: 12, online_harm: 6, sexual_offence: 4, child_sexual_exploitation: 3,
  child_criminal_exploitation: 2, substance_misuse: 4, missing_child: 3, violence: 4, other: 16,
};
const teenage = new Set<IncidentType>(['child_criminal_exploitation', 'child_sexual_exploitation', 'missing_child', 'child_arrested_or_in_custody', 'anti_social_behaviour', 'substance_misuse']);

const policeOutcomes: Record<TriageOutcome, number> = {
  no_further_action: 30, information_and_signposting: 18, early_help: 22, targeted_family_support: 10, social_care_assessment_s17: 12, strategy_discussion_s47: 4, already_open_pass_to_allocated_worker: 4,
};
const partnerOutcomes: Record<TriageOutcome, number> = {
  no_further_action: 15, information_and_signposting: 25, early_help: 30, targeted_family_support: 10, social_care_assessment_s17: 13, strategy_discussion_s47: 4, already_open_pass_to_allocated_worker: 3,
};
export const referralOutcomeSet = new Set<TriageOutcome>(['social_care_assessment_s17', 'strategy_discussion_s47']);

/** CIN census factors the panel records for each incident type. */
const factorsOf: Record<IncidentType, string[]> = {
  domestic_abuse: ['3A', '3B', '3C'], missing_child: ['10A'], child_sexual_exploitation: ['11A'], child_criminal_exploitation: ['24A', '13A'],
  neglect_or_welfare_concern: ['2B'], child_arrested_or_in_custody: ['14A'], sexual_offence: ['4B'], violence: ['5B'], online_harm: ['22A'],
  mental_health_crisis_or_self_harm: ['4A', '18B'], substance_misuse: ['1B', '2A'], anti_social_behaviour: ['14A'], other: ['21'],
};

const givenNames = { female: ['Amy', 'Bella', 'Chloe', 'Daisy', 'Ella', 'Freya', 'Grace', 'Isla', 'Lily', 'Mia', 'Poppy', 'Ruby'], male: ['Alfie', 'Ben', 'Charlie', 'Dan', 'Ethan', 'Finn', 'George', 'Harry', 'Jack', 'Leo', 'Noah', 'Oscar'] };

/** Postcode districts of each locality (sectors are left to the council's own data). */
function districtsOf(localities: Localities): Map<string, string[]> {
  return new Map(localities.areas.map((a) => [a.name, a.postcodes.filter((p) => !p.includes(' '))] as const).filter(([, ds]) => ds.length > 0));
}

/** Each contact of the period, oldest first, planned from the seed alone. */
export function* planContacts(o: GeneratorOptions): Generator<PlannedContact> {
  const rnd = seededRandom(o.seed);
  const weeks = o.weeks ?? 56;
  const perDay = (o.perWeek ?? 110) / 7;
  const now = o.now ?? Date.now();
  const districts = districtsOf(o.localities);
  const localityNames = [...districts.keys()];
  // Larger towns see more: the first locality listed most, each after a little less.
  const localityWeights = Object.fromEntries(localityNames.map((n, k) => [n, 1 / (1 + 0.25 * k)]));
  const hotspot = o.hotspot === undefined ? defaultHotspot : o.hotspot;
  if (hotspot && !districts.has(hotspot.locality)) throw new Error(`generator: no locality "${hotspot.locality}" with a postcode district`);
  const firstDay = addDays(o.lastWeek, -7 * (weeks - 1));
  const hotFrom = hotspot ? addDays(o.lastWeek, -7 * (hotspot.weeks - 1)) : undefined;
  const families: Family[] = [];
  let i = 0;
  for (let day = firstDay; day < addDays(o.lastWeek, 7); day = addDays(day, 1)) {
    const dayStart = zonedInstant(day, '00:00', o.timeZone);
    const hot = hotspot && hotFrom! <= day ? rnd.poisson(hotspot.extraPerWeek / 7) : 0;
    const n = rnd.poisson(perDay);
    const times = Array.from({ length: n + hot }, () => dayStart + Math.floor(rnd.next() * DAY)).sort((a, b) => a - b);
    // The day's planted contacts take `hot` of its times, drawn without repeats.
    const slots = Array.from({ length: n + hot }, (_, k) => k);
    for (let k = 0; k < hot; k++) {
      const j = rnd.between(k, slots.length - 1);
      [slots[k], slots[j]] = [slots[j], slots[k]];
    }
    const planted = new Set(slots.slice(0, hot));
    for (let k = 0; k < times.length; k++) {
      const isHot = planted.has(k) && hotspot;
      const source = isHot ? '6' : rnd.weighted(sourceMix);
      const incidentType = isHot ? hotspot.incidentType : (rnd.weighted(source === '6' ? policeIncidents : partnerIncidents) as IncidentType);
      const locality = isHot ? hotspot.locality : rnd.weighted(localityWeights);
      yield planned(rnd, o.seed, i++, source, new Date(times[k]), incidentType, locality, districts.get(locality)!, families, now);
    }
  }
}

function planned(rnd: Random, seed: number, i: number, source: string, receivedAt: Date, incidentType: IncidentType, locality: string, districts: string[], families: Family[], now: number): PlannedContact {
  const at = +receivedAt;
  // A fifth are about a family seen before.
  const candidate = families.length > 20 && rnd.next() < 0.2 ? families[families.length - 1 - rnd.between(0, Math.min(families.length - 1, 400))] : undefined;
  // A family whose eldest has turned 18 is no longer the front door's.
  const known = candidate && candidate.children.every((ch) => at - Date.parse(ch.dateOfBirth) < 18 * 365.25 * DAY) ? candidate : undefined;
  const family = known ?? newFamily(rnd, families.length, at, teenage.has(incidentType));
  if (!known) families.push(family);
  const yearBefore = family.contacts.filter((c) => c.at > at - 365 * DAY);
  const rating = rnd.weighted({ red: 12, amber: 48, green: 40 });
  const decisionDueAt = new Date(at + (rating === 'red' ? 4 * HOUR : rating === 'amber' ? DAY : 3 * DAY));
  // Nine in ten decided within the rating's deadline; the rest up to two days after it.
  const span = +decisionDueAt - at;
  const decidedAt = new Date(Math.min(now, rnd.next() < 0.9 ? at + span * (0.2 + 0.75 * rnd.next()) : +decisionDueAt + rnd.between(1, 48) * HOUR));
  const closedAt = new Date(Math.min(now, +decidedAt + rnd.between(1, 72) * HOUR));
  const mix = source === '6' ? policeOutcomes : partnerOutcomes;
  const outcome = teenage.has(incidentType) && rnd.next() < 0.3 ? rnd.pick(['social_care_assessment_s17', 'strategy_discussion_s47'] as const) : rnd.weighted(mix);
  const district = rnd.pick(districts);
  const postcode = `${district} ${rnd.between(0, 9)}${String.fromCharCode(65 + rnd.between(0, 25))}${String.fromCharCode(65 + rnd.between(0, 25))}`;
  const reference = source === '6' ? `HUM-GEN-${seed}-${i}` : `GEN-${seed}-${i}`;
  const caseId = source === '6' ? caseIdFor('HUM', reference) : caseIdForReferral(GENERATED_REFERRER, { reference });
  const contact: PlannedContact = {
    i, caseId, reference, source, receivedAt, incidentType, locality, postcode, family, rating, decisionDueAt, decidedAt, closedAt, outcome,
    factors: factorsOf[incidentType],
    recontact: yearBefore.length > 0,
    repeatReferral: yearBefore.some((c) => c.referral),
    earlierContactIds: yearBefore.map((c) => c.caseId).reverse().slice(0, 10),
  };
  family.contacts.push({ caseId, at, referral: referralOutcomeSet.has(outcome) });
  return contact;
}

function newFamily(rnd: Random, n: number, at: number, teenager: boolean): Family {
  // Born `age` years and up to a year before the contact.
  const dob = (age: number) => new Date(at - (age + rnd.next()) * 365.25 * DAY).toISOString().slice(0, 10);
  const eldest = teenager ? rnd.between(12, 17) : rnd.between(0, 15);
  const count = rnd.weighted({ 1: 50, 2: 32, 3: 18 });
  const children = Array.from({ length: Number(count) }, (_, k) => {
    const gender = rnd.pick(['male', 'female'] as const);
    return { givenName: rnd.pick(givenNames[gender]), dateOfBirth: dob(Math.max(0, eldest - k * rnd.between(1, 4))), gender };
  });
  const adults = [{ givenName: rnd.pick([...givenNames.female, ...givenNames.male]), dateOfBirth: dob(eldest + rnd.between(18, 32)), role: 'parent' as const }];
  return { n, children, adults, contacts: [] };
}
