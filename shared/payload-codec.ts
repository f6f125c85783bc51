// Every payload Temporal stores (the police notification in a workflow's input, each
// activity's arguments and results) is encrypted with AES-256-GCM before it leaves the
// process, so children's details are not readable in the Temporal cluster, its database
// or its Web UI. The key comes from the environment; only a development key ships.
// Payloads written before encryption (or by another codec) pass through unchanged.
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// A CommonJS package: Node's ESM loader offers its default export only (vitest's interop
// would also accept a named import, plain Node does not).
const { temporal } = proto;

const ENCODING = 'binary/encrypted';
const text = new TextEncoder();
const untext = new TextDecoder();

/** Development only: a fixed key so dev data and recorded test histories stay readable. */
export const DEV_PAYLOAD_KEY = Buffer.alloc(32, 'pitstop-development-payload-key!').toString('base64');

export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly key: Buffer,
    private readonly keyId: string,
  ) {
    if (key.length !== 32) throw new Error('PAYLOAD_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
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
      if (keyId !== this.keyId) throw new Error(`payload encrypted with key ${keyId}, but this process has key ${this.keyId}`);
      const data = Buffer.from(payload.data!);
      const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

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
  return { payloadCodecs: [new EncryptionCodec(key, env.PAYLOAD_ENCRYPTION_KEY_ID ?? 'dev')] };
}
