// Every payload Temporal stores (the police notification in a workflow's input, each
// activity's arguments and results) is encrypted with AES-256-GCM before it leaves the
// process, so children's details are not readable in the Temporal cluster, its database
// or its Web UI. The key comes from the environment; only a development key ships.
// Payloads written before encryption (or by another codec) pass through unchanged.
//
// Key rotation: each payload records the id of the key it was written under. A process
// writes under the newest key (PAYLOAD_ENCRYPTION_KEY, named by PAYLOAD_ENCRYPTION_KEY_ID)
// and reads under it or any older key still listed in PAYLOAD_DECRYPTION_KEYS (JSON
// {"id": "base64 key"}). A running case's history keeps payloads written under the old key
// for as long as the case runs, so an old key is removed only when no case written under it
// is still open or retained in Temporal (docs/operations.md "Rotating the payload key").
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

// A CommonJS package: Node's ESM loader offers its default export only (vitest's interop
// would also accept a named import, plain Node does not).
const { temporal } = proto;

const ENCODING = 'binary/encrypted';
const text = new TextEncoder();
const untext = new TextDecoder();

/** Development only: a fixed key so dev data and recorded test histories stay readable. */
export const DEV_PAYLOAD_KEY = Buffer.alloc(32, 'pitstop-development-payload-key!').toString('base64');

export class EncryptionCodec implements PayloadCodec {
  private readonly readKeys: ReadonlyMap<string, Buffer>;

  /** Writes under `key` (named `keyId`); reads under it and under each of `olderKeys` by id. */
  constructor(
    private readonly key: Buffer,
    private readonly keyId: string,
    olderKeys: ReadonlyMap<string, Buffer> = new Map(),
  ) {
    if (key.length !== 32) throw new Error('PAYLOAD_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
    for (const [id, older] of olderKeys) {
      if (older.length !== 32) throw new Error(`PAYLOAD_DECRYPTION_KEYS: key "${id}" must be 32 bytes, base64-encoded`);
      if (id === keyId && !older.equals(key)) throw new Error(`PAYLOAD_DECRYPTION_KEYS: key "${id}" differs from PAYLOAD_ENCRYPTION_KEY of the same id`);
    }
    this.readKeys = new Map([...olderKeys, [keyId, key]]);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: text.encode(ENCODING), 'encryption-key-id': text.encode(this.keyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (!payload.metadata || untext.decode(payload.metadata.encoding) !== ENCODING) return payload;
      const keyId = untext.decode(payload.metadata['encryption-key-id']);
      const key = this.readKeys.get(keyId);
      if (!key) throw new Error(`payload encrypted with key "${keyId}", which this process does not hold (its keys: ${[...this.readKeys.keys()].join(', ')}; see PAYLOAD_DECRYPTION_KEYS)`);
      const data = Buffer.from(payload.data!);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/**
 * Failures' messages and stack traces encoded as payloads, so the codec encrypts them too
 * (shared/failure-converter.cjs). The workflow bundle must be built with it as well
 * (`bundleWorkflowCode({ failureConverterPath })`); a worker given `workflowsPath` does that itself.
 */
export const failureConverterPath = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));

/**
 * Whether this environment encrypts with the repository's development key (unset, or
 * the same 32 bytes): shared/production.ts refuses that in production.
 */
export function usesDevelopmentPayloadKey(env: Record<string, string | undefined> = process.env): boolean {
  if (!env.PAYLOAD_ENCRYPTION_KEY) return true;
  const key = Buffer.from(env.PAYLOAD_ENCRYPTION_KEY, 'base64');
  if (key.length !== 32) throw new Error('PAYLOAD_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
  return key.equals(Buffer.from(DEV_PAYLOAD_KEY, 'base64'));
}

/** The data converter for the API's client, the worker, the tests and the replay. */
export function dataConverter(env: NodeJS.ProcessEnv = process.env): DataConverter {
  const key = Buffer.from(env.PAYLOAD_ENCRYPTION_KEY ?? DEV_PAYLOAD_KEY, 'base64');
  return { payloadCodecs: [new EncryptionCodec(key, env.PAYLOAD_ENCRYPTION_KEY_ID ?? 'dev', olderPayloadKeys(env))], failureConverterPath };
}

/** PAYLOAD_DECRYPTION_KEYS: the older keys still read, as JSON {"id": "base64 key"}; never echoed in an error. */
function olderPayloadKeys(env: NodeJS.ProcessEnv): Map<string, Buffer> {
  if (!env.PAYLOAD_DECRYPTION_KEYS) return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.PAYLOAD_DECRYPTION_KEYS);
  } catch {
    throw new Error('PAYLOAD_DECRYPTION_KEYS must be JSON {"key id": "base64 key of 32 bytes"}');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new Error('PAYLOAD_DECRYPTION_KEYS must be JSON {"key id": "base64 key of 32 bytes"}');
  }
  return new Map(Object.entries(parsed as Record<string, string>).map(([id, b64]) => [id, Buffer.from(b64, 'base64')]));
}
