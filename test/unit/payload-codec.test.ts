// The payload codec: what Temporal stores is unreadable without the key, and tampering
// is detected.
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EncryptionCodec } from '../../shared/payload-codec.js';

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
    await expect(new EncryptionCodec(Buffer.alloc(32, 8), 'k2').decode([encrypted])).rejects.toThrow(/key k1/);
    const tampered = { ...encrypted, data: Buffer.from(encrypted.data!).map((b, i) => (i === 20 ? b ^ 1 : b)) };
    await expect(codec.decode([tampered])).rejects.toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new EncryptionCodec(Buffer.alloc(16), 'short')).toThrow(/32 bytes/);
  });
});
