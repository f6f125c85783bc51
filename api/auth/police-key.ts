// A force's API key and its hash for POLICE_API_KEY_HASHES (shared/police-keys.ts):
//   npm run -s police-key                     a new key (give it to the force) and its hash
//   printf %s "$KEY" | npm run -s police-key  the hash of a key you have (read from stdin, so
//                                             it stays out of the shell's history)
// Rotation: add the new hash beside the old one (two per force at once), restart the API,
// let the force move to the new key, then remove the old hash and restart again.
import { hashPoliceKey, newPoliceKey } from '../../shared/police-keys.js';

async function main() {
  if (process.stdin.isTTY) {
    const key = newPoliceKey();
    console.log(`key  (give it to the force's system, once, over a secure channel): ${key}`);
    console.log(`hash (for POLICE_API_KEY_HASHES): ${hashPoliceKey(key)}`);
    return;
  }
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const key = text.replace(/\r?\n$/, '');
  if (key.length < 32) {
    console.error('police-key: a force key must be 32+ characters (run it without input for a new one)');
    process.exit(2);
  }
  console.log(hashPoliceKey(key));
}

void main();
