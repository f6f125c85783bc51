// Synthetic notifications only: the two shared examples (as they are) and variations.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../infra/servers.js';
import { caseIdFor } from '../../shared/ids.js';
import { policeNotificationSchema } from '../../shared/schemas/notification.js';

const examplesDir = join(projectRoot, '..', 'shared', 'examples');

export const exampleFiles = ['police-notification.json', 'police-notification-missing-child.json'];

export function example(file = 'police-notification.json'): any {
  return JSON.parse(readFileSync(join(examplesDir, file), 'utf8'));
}

let counter = 0;
/** The domestic abuse example with a fresh police reference (and optional changes). */
export function freshNotification(changes: (n: any) => void = () => {}, file = 'police-notification.json'): any {
  const n = example(file);
  counter += 1;
  n.policeReference = `HUM-26-T${process.pid}${Date.now().toString(36)}${counter}`.toUpperCase();
  changes(n);
  return n;
}

/** A fresh notification as the API accepts it (parsed), and the case id it opens. */
export function parsedNotification(changes: (n: any) => void = () => {}) {
  const n = policeNotificationSchema.parse(freshNotification(changes));
  return { n, caseId: caseIdFor(n.force.code, n.policeReference) };
}

/**
 * What makes a decision joint by the default rules: attendees from two agencies, a
 * rationale a reader can use, and the proposing agency among the attendees.
 */
export const jointly = {
  attendees: [
    { name: 'Test Panel Chair', agency: 'childrens_social_care' },
    { name: 'Test Officer', agency: 'police' },
  ],
  proposedBy: 'childrens_social_care',
  rationale: 'Needs are met by universal services; no role for a targeted service.',
} as const;
