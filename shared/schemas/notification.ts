// A police notification (PPN / VPN / DA notification) as police systems send it. The two
// files in ../shared/examples are accepted as they are; fields a force's system adds
// beyond these are ignored rather than refused, so a new field in Niche or Athena does
// not stop a child's notification reaching the front door.
import { adultRoles, childGenders, ethnicityCodes, incidentTypes, riskGradings } from '../codes.js';
import { calendarDate, instant, nonEmpty, z } from './zod.js';

/** UK postcode, loosely: outward code, space optional, inward code. */
const postcode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{1,2}[0-9][0-9A-Z]?\s*[0-9][A-Z]{2}$/, 'must be a UK postcode');

/** A school's URN, a GP practice's ODS code, a team's code: letters, digits and hyphens. */
const organisationCode = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, 'a code of letters, digits and hyphens (a URN, an ODS code)');

export const location = z.object({
  addressLine: nonEmpty().optional(),
  town: nonEmpty(100).optional(),
  postcode: postcode.optional(),
  /**
   * A confidential address (a refuge): kept by the front door, withheld from everyone
   * outside it (partners, lead agencies) and from every disclosure.
   */
  confidential: z.boolean().optional(),
});

/** A child as the front door records them, whoever tells it; a police notification adds where they were. */
export const childDetails = z.object({
  givenName: nonEmpty(100),
  familyName: nonEmpty(100),
  /** Absent for an unborn child, who has an expected date of delivery instead. */
  dateOfBirth: calendarDate().optional(),
  unborn: z.boolean().default(false),
  expectedDateOfDelivery: calendarDate().optional(),
  gender: z.enum(childGenders).default('unknown'),
  /** CIN census ethnicity code when the sender knows it; else NOBT until the front door records it. */
  ethnicity: z.enum(ethnicityCodes).optional(),
  nhsNumber: z.string().regex(/^\d{10}$/, 'must be 10 digits').optional(),
  address: location.optional(),
  school: nonEmpty().optional(),
  /** The school's URN (or the council's code for it): education's part of the case goes to that school. */
  schoolUrn: organisationCode.optional(),
  gp: nonEmpty().optional(),
  /** The GP practice's ODS code: health's part of the case goes to that practice. */
  gpPracticeCode: organisationCode.optional(),
});

/** A child is born (with a date of birth) or unborn (with an expected date of delivery). */
export function bornOrUnborn(c: { unborn: boolean; dateOfBirth?: string; expectedDateOfDelivery?: string }, ctx: z.RefinementCtx) {
  if (c.unborn && !c.expectedDateOfDelivery) {
    ctx.addIssue({ code: 'custom', path: ['expectedDateOfDelivery'], message: 'required for an unborn child' });
  }
  if (!c.unborn && !c.dateOfBirth) {
    ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'required (or unborn with expectedDateOfDelivery)' });
  }
}

const child = childDetails
  .extend({ presentAtIncident: z.boolean(), residentAtAddress: z.boolean() })
  .superRefine(bornOrUnborn);

export const adult = z.object({
  givenName: nonEmpty(100),
  familyName: nonEmpty(100),
  dateOfBirth: calendarDate().optional(),
  role: z.enum(adultRoles),
  relationshipToChildren: nonEmpty().optional(),
  nhsNumber: z.string().regex(/^\d{10}$/, 'must be 10 digits').optional(),
});

/** Police and council clocks differ a little: a notification "sent" this far ahead is accepted. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** An expected date of delivery this long past means the child is born: send the date of birth. */
export const EXPECTED_DELIVERY_GRACE_DAYS = 42;
const DAY_MS = 24 * 3600_000;

/**
 * Dates a careful reviewer would refuse: a notification sent in the future (beyond a small
 * clock skew), an incident after the notification about it, a child born after the
 * notification was sent, an unborn child whose expected delivery is long past.
 */
function datesThatCanBeTrue(
  n: { sentAt: string; incident: { occurredAt: string }; children: { dateOfBirth?: string; unborn: boolean; expectedDateOfDelivery?: string }[] },
  ctx: z.RefinementCtx,
) {
  const sent = Date.parse(n.sentAt);
  // zod refines even when a field failed; a date that is not one has its own error already.
  if (Number.isNaN(sent)) return;
  if (sent > Date.now() + CLOCK_SKEW_MS) {
    ctx.addIssue({ code: 'custom', path: ['sentAt'], message: 'must not be in the future' });
  }
  if (Date.parse(n.incident.occurredAt) > sent) {
    ctx.addIssue({ code: 'custom', path: ['incident', 'occurredAt'], message: 'must not be after the notification was sent (sentAt)' });
  }
  childDatesThatCanBeTrue(n.children, sent, 'the notification was sent', ctx);
}

/**
 * A child born after the contact was made, or an unborn child whose expected delivery is
 * long past (the child is born: give the date of birth). `at` is when the contact was made.
 */
export function childDatesThatCanBeTrue(
  children: { dateOfBirth?: string; unborn: boolean; expectedDateOfDelivery?: string }[],
  at: number,
  when: string,
  ctx: z.RefinementCtx,
) {
  // Dates of birth and of expected delivery are calendar dates: compared with dates.
  const sentDate = new Date(at).toISOString().slice(0, 10);
  const graceDate = new Date(at - EXPECTED_DELIVERY_GRACE_DAYS * DAY_MS).toISOString().slice(0, 10);
  children.forEach((c, i) => {
    if (c.dateOfBirth && c.dateOfBirth > sentDate) {
      ctx.addIssue({ code: 'custom', path: ['children', i, 'dateOfBirth'], message: `must not be after ${when}; an unborn child has an expectedDateOfDelivery` });
    }
    if (c.unborn && c.expectedDateOfDelivery && c.expectedDateOfDelivery < graceDate) {
      ctx.addIssue({ code: 'custom', path: ['children', i, 'expectedDateOfDelivery'], message: `is more than ${EXPECTED_DELIVERY_GRACE_DAYS} days past: the child is born, give the dateOfBirth` });
    }
  });
}

export const policeNotificationSchema = z
  .object({
    force: z.object({
      /** Force code, e.g. HUM. With the police reference it identifies the notification. */
      code: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{2,8}$/, 'must be 2-8 letters or digits'),
      name: nonEmpty(),
    }),
    /** Occurrence / incident number, unique within the force. */
    policeReference: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, 'letters, digits and / _ . - only'),
    sentAt: instant(),
    incident: z.object({
      type: z.enum(incidentTypes),
      occurredAt: instant(),
      location: location,
      circumstances: nonEmpty(20_000),
      officerConcerns: nonEmpty(20_000).optional(),
      childVoice: nonEmpty(20_000).optional(),
      actionsTaken: z.array(nonEmpty(100)).max(50).default([]),
    }),
    riskGrading: z.enum(riskGradings),
    /** Domestic abuse: the DASH risk assessment. High-risk cases also go to MARAC. */
    dash: z
      .object({ riskLevel: z.enum(riskGradings), score: z.number().int().min(0).max(27).optional() })
      .optional(),
    children: z.array(child).min(1, 'a notification concerns at least one child').max(30),
    adults: z.array(adult).max(30).default([]),
    officer: z.object({
      name: nonEmpty(),
      email: z.string().email().optional(),
      phone: nonEmpty(40).optional(),
    }),
  })
  .superRefine(datesThatCanBeTrue)
  .openapi('PoliceNotification');

export type PoliceNotificationInput = z.input<typeof policeNotificationSchema>;
export type PoliceNotification = z.output<typeof policeNotificationSchema>;
