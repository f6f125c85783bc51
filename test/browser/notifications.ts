// Synthetic police notifications for the browser tests, shaped like ../shared/examples
// (made-up people, a reserved 01632 phone number, .example addresses, ZZ postcodes).
let counter = 0;

export function notification(changes: (n: any) => void = () => {}): any {
  counter += 1;
  const n = {
    force: { code: 'HUM', name: 'Humberside Police' },
    policeReference: `HUM-26-W${process.pid}${Date.now().toString(36)}${counter}`.toUpperCase(),
    sentAt: new Date(Date.now() - 3600_000).toISOString(),
    incident: {
      type: 'domestic_abuse',
      occurredAt: new Date(Date.now() - 12 * 3600_000).toISOString(),
      location: { addressLine: '7 Sample Terrace', town: 'Scunthorpe', postcode: 'DN16 0ZZ' },
      circumstances: 'Neighbours reported shouting. Mother said her partner threw a cup at her; the children were upstairs.',
      officerConcerns: 'Second call to this address this year. The older child was awake and upset.',
      childVoice: 'Noor said she put her headphones on so her brother would not hear.',
      actionsTaken: ['operation_encompass_notice', 'welfare_check'],
    },
    riskGrading: 'medium',
    dash: { riskLevel: 'medium', score: 9 },
    children: [
      { givenName: 'Noor', familyName: 'Webtest', dateOfBirth: '2016-02-11', gender: 'female', presentAtIncident: true, residentAtAddress: true, school: 'Example Juniors' },
      { givenName: 'Eli', familyName: 'Webtest', dateOfBirth: '2021-10-04', gender: 'male', presentAtIncident: true, residentAtAddress: true },
    ],
    adults: [
      { givenName: 'Rae', familyName: 'Webtest', dateOfBirth: '1990-04-02', role: 'victim', relationshipToChildren: 'mother' },
      { givenName: 'Kit', familyName: 'Sample', dateOfBirth: '1988-12-19', role: 'suspect', relationshipToChildren: "mother's partner" },
    ],
    officer: { name: 'PC 9876 C. Officer', email: 'c.officer@police.example', phone: '01632 960002' },
  };
  changes(n);
  return n;
}
