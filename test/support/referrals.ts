// Synthetic referral forms only: a school's MARF and an anonymous call, with any change.
let counter = 0;

/** A school's multi-agency referral form (source 2A), with a fresh referrer reference. */
export function schoolReferral(changes: (f: any) => void = () => {}): any {
  counter += 1;
  const f: any = {
    source: '2A',
    kind: 'request_for_service',
    referrer: {
      name: 'Test Designated Safeguarding Lead',
      role: 'Designated Safeguarding Lead',
      organisation: 'Example Primary School',
      email: 'dsl@school.example',
      reference: `MARF-T${process.pid}${Date.now().toString(36)}${counter}`.toUpperCase(),
    },
    children: [
      { givenName: 'Mia', familyName: `Referralcase${counter}`, dateOfBirth: '2016-05-09', gender: 'female', school: 'Example Primary School',
        address: { addressLine: '3 Example Close', town: 'Scunthorpe', postcode: 'DN16 1ZZ' } },
    ],
    adults: [{ givenName: 'Alex', familyName: `Referralcase${counter}`, role: 'parent', relationshipToChildren: 'father' }],
    concerns: {
      category: 'neglect_or_welfare_concern',
      summary: 'Mia arrives hungry most days and has worn the same uniform for two weeks; attendance has fallen to 82%.',
      childVoice: 'Mia said there is often no food at home after school.',
      levelOfNeedSeen: 2,
    },
    whatHasBeenTried: 'Breakfast club offered; two meetings with father; school nurse referral.',
    family: { awareness: 'knows_and_agrees', viewsOnSharing: 'Father agrees the school shares its concerns.' },
  };
  changes(f);
  return f;
}

/** A call from someone who will not give their name (source 9): no referrer details kept. */
export function anonymousCall(changes: (f: any) => void = () => {}): any {
  counter += 1;
  const f: any = {
    source: '9',
    kind: 'request_for_service',
    children: [{ givenName: 'Noah', familyName: `Anoncase${counter}`, dateOfBirth: '2019-11-30', gender: 'male' }],
    concerns: { category: 'neglect_or_welfare_concern', summary: 'A neighbour hears a young child left alone and crying most evenings.' },
    family: { awareness: 'not_known' },
  };
  changes(f);
  return f;
}
