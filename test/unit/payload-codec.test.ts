// The payload codec: what Temporal stores is unreadable without the key, and tampering
// is detected.
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { dataConverter, EncryptionCodec } from '../../shared/payload-codec.js';

const key = Buffer.alloc(32, 7);
const codec = new EncryptionCodec(key, 'k1');
const payload = defaultPayloadConverter.toPayload({ givenName: 'Ava', familyName: 'Testcase' })!;

describe('EncryptionCodec', () => {
  it('round-trips a payload and hides its content', async () => {
    const [encrypted] = await codec.encode([payload]);
    expect(Buffer.from(encrypted.data!).includes('Testcase')).toBe(false);
    const [decoded] = await codec.decode([encrypted]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({ givenName: 'Ava', familyName: 'Testcase' });
  });

  it('passes through payloads written before encryption', async () => {
    const [same] = await codec.decode([payload]);
    expect(same).toBe(payload);
  });

  it('refuses a payload under another key, and one that was tampered with', async () => {
    const [encrypted] = await codec.encode([payload]);
    await expect(new EncryptionCodec(Buffer.alloc(32, 8), 'k2').decode([encrypted])).rejects.toThrow(/key "k1", which this process does not hold/);
    const tampered = { ...encrypted, data: Buffer.from(encrypted.data!).map((b, i) => (i === 20 ? b ^ 1 : b)) };
    await expect(codec.decode([tampered])).rejects.toThrow();
  });

  it('rotates: a process on a new key reads payloads written under the old one, and writes under the new', async () => {
    const [underOld] = await codec.encode([payload]);
    const rotated = new EncryptionCodec(Buffer.alloc(32, 9), 'k2', new Map([['k1', key]]));
    const [read] = await rotated.decode([underOld]);
    expect(defaultPayloadConverter.fromPayload(read)).toEqual({ givenName: 'Ava', familyName: 'Testcase' });
    const [underNew] = await rotated.encode([payload]);
    expect(Buffer.from(underNew.metadata!['encryption-key-id']!).toString()).toBe('k2');
    // The old key alone cannot read what the rotated process wrote.
    await expect(codec.decode([underNew])).rejects.toThrow(/key "k2"/);
  });

  it('takes older keys from PAYLOAD_DECRYPTION_KEYS, refusing a malformed list without echoing it', async () => {
    const [underOld] = await codec.encode([payload]);
    const env = {
      PAYLOAD_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      PAYLOAD_ENCRYPTION_KEY_ID: 'k2',
      PAYLOAD_DECRYPTION_KEYS: JSON.stringify({ k1: key.toString('base64') }),
    };
    const [rotated] = dataConverter(env).payloadCodecs!;
    const [read] = await rotated.decode([underOld]);
    expect(defaultPayloadConverter.fromPayload(read)).toEqual({ givenName: 'Ava', familyName: 'Testcase' });
    const secret = 'c2VjcmV0LWtleS1tYXRlcmlhbA==';
    expect(() => dataConverter({ ...env, PAYLOAD_DECRYPTION_KEYS: `{"k1": ${secret}` })).toThrow(/must be JSON/);
    try {
      dataConverter({ ...env, PAYLOAD_DECRYPTION_KEYS: `{"k1": ${secret}` });
    } catch (err) {
      expect(String(err)).not.toContain(secret);
    }
    expect(() => dataConverter({ ...env, PAYLOAD_DECRYPTION_KEYS: JSON.stringify({ k1: 'c2hvcnQ=' }) })).toThrow(/key "k1" must be 32 bytes/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new EncryptionCodec(Buffer.alloc(16), 'short')).toThrow(/32 bytes/);
  });
});

describe('failures in Temporal', () => {
  it("keep an error's message and stack out of the history in plain text, and read back whole", async () => {
    const { loadDataConverter, encodeErrorToFailure, encodeFailure, decodeFailure, decodeOptionalFailureToOptionalError } = await import('@temporalio/common/lib/internal-non-workflow/index.js');
    const { ApplicationFailure } = await import('@temporalio/common');
    const proto = (await import('@temporalio/proto')).default;
    const converter = loadDataConverter(dataConverter());
    const failure = await encodeFailure(converter.payloadCodecs, await encodeErrorToFailure(converter, ApplicationFailure.create({ message: 'no school place for Ava Testcase' })));
    const stored = Buffer.from(proto.temporal.api.failure.v1.Failure.encode(failure).finish());
    expect(stored.includes('Testcase')).toBe(false);
    expect(failure.message).toBe('Encoded failure');
    const read = await decodeOptionalFailureToOptionalError(converter, await decodeFailure(converter.payloadCodecs, failure));
    expect(read?.message).toBe('no school place for Ava Testcase');
  });
});
