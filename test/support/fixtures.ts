// Synthetic notifications only: the two shared examples (as they are) and variations.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../infra/servers.js';

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
