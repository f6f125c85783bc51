// A contact from anyone but the police: the multi-agency referral form (MARF) a partner
// sends, or a call the front door takes down (a family member, the public, an anonymous
// caller). The children and adults are recorded as on a police notification (the same
// pieces and date rules); there is no police grading, so the front door rates it.
import { agencies, contactSources, incidentTypes, type ContactSource } from '../codes.js';
import { ANONYMOUS_SOURCE, UNKNOWN_SOURCE } from '../contact-sources.js';
import { adult, bornOrUnborn, childDatesThatCanBeTrue, childDetails, location } from './notification.js';
import { nonEmpty, z } from './zod.js';

export const contactSourceCodes = Object.keys(contactSources) as [ContactSource, ...ContactSource[]];

/** A request for information (advice, what is known) or for services (a referral proper). */
export const contactKinds = ['request_for_information', 'request_for_service'] as const;
export type ContactKind = (typeof contactKinds)[number];

/** Whether the family knows of the contact and what they said about sharing. */
export const familyAwareness = ['knows_and_agrees', 'knows_and_does_not_agree', 'does_not_know', 'not_known'] as const;

const referrer = z.object({
  name: nonEmpty(),
  /** Job title or relationship to the child: "Designated Safeguarding Lead", "grandmother". */
  role: nonEmpty().optional(),
  /** The organisation: a school's, a surgery's name. */
  organisation: nonEmpty().optional(),
  /**
   * The partner agency the referrer acts for: told the outcome. A partner's own form takes it
   * from their credentials; the front door gives it when taking down a professional's call.
   */
  agency: z.enum(agencies).optional(),
  email: z.string().email().optional(),
  phone: nonEmpty(40).optional(),
  /** The referrer's own reference: a resend with the same one is the same contact. */
  reference: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, 'letters, digits and / _ . - only').optional(),
});

const referralChild = childDetails.superRefine(bornOrUnborn);

export const referralFormSchema = z
  .object({
    /** CIN census contact source: 2A school, 3B health visitor, 1A family member, 9 anonymous... */
    source: z.enum(contactSourceCodes),
    kind: z.enum(contactKinds),
    /** Absent for an anonymous contact (source 9): no referrer details are kept. */
    referrer: referrer.optional(),
    children: z.array(referralChild).min(1, 'a contact concerns at least one child').max(30),
    adults: z.array(adult).max(30).default([]),
    /** Where the family lives (postcode: the locality of themes and hotspots). */
    address: location.optional(),
    concerns: z.object({
      /** The kind of concern, in the same words as police incidents (it sets which partners are asked). */
      category: z.enum(incidentTypes).default('other'),
      summary: nonEmpty(20_000),
      childVoice: nonEmpty(20_000).optional(),
      /** The level of need the referrer sees (1-4), from the threshold document. */
      levelOfNeedSeen: z.number().int().min(1).max(4).optional(),
    }),
    /** What has been tried already, and with what effect. */
    whatHasBeenTried: nonEmpty(20_000).optional(),
    /**
     * Whether the family knows and agrees: their views on sharing are recorded. Consent is
     * not the lawful basis for sharing to safeguard a child (DPA 2018 Sch. 1), so the contact
     * is taken whatever the answer.
     */
    family: z.object({
      awareness: z.enum(familyAwareness),
      viewsOnSharing: nonEmpty(2_000).optional(),
    }),
  })
  .superRefine((f, ctx) => {
    if (f.source === ANONYMOUS_SOURCE && f.referrer) {
      ctx.addIssue({ code: 'custom', path: ['referrer'], message: 'an anonymous contact (source 9) keeps no referrer details: leave them out' });
    }
    if (f.source !== ANONYMOUS_SOURCE && f.source !== UNKNOWN_SOURCE && !f.referrer) {
      ctx.addIssue({ code: 'custom', path: ['referrer'], message: `required for a contact from source ${f.source} (use 9 for an anonymous contact)` });
    }
    // The contact is made as it is received: no child born after today, no expected delivery long past.
    childDatesThatCanBeTrue(f.children, Date.now(), 'the contact was made', ctx);
  })
  .openapi('ReferralForm');

export type ReferralFormInput = z.input<typeof referralFormSchema>;
export type ReferralForm = z.output<typeof referralFormSchema>;
