import { describe, expect, it } from 'vitest';
import { createKeyring, generateKey } from './keyring.ts';

describe('keyring', () => {
  const key = generateKey();

  it('round-trips and never contains the plaintext', () => {
    const ring = createKeyring(key);
    const sealed = ring.seal('hunter2-super-secret', 'connection:c1');
    expect(sealed).not.toContain('hunter2');
    expect(sealed.startsWith(`fdsec:v1:${ring.keyId}:`)).toBe(true);
    expect(ring.open(sealed, 'connection:c1')).toBe('hunter2-super-secret');
  });

  it('uses a fresh IV each time', () => {
    const ring = createKeyring(key);
    expect(ring.seal('x')).not.toBe(ring.seal('x'));
  });

  it('refuses a value moved to another context or tampered with', () => {
    const ring = createKeyring(key);
    const sealed = ring.seal('token', 'connection:a');
    expect(() => ring.open(sealed, 'connection:b')).toThrow(/failed authentication/);
    const parts = sealed.split(':');
    const ct = Buffer.from(parts[5]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[5] = ct.toString('base64url');
    expect(() => ring.open(parts.join(':'), 'connection:a')).toThrow(/failed authentication/);
  });

  it('opens values sealed with a previous key after rotation', () => {
    const old = createKeyring(key);
    const sealed = old.seal('v', 'ctx');
    const rotated = createKeyring(generateKey(), [key]);
    expect(rotated.keyId).not.toBe(old.keyId);
    expect(rotated.open(sealed, 'ctx')).toBe('v');
    expect(() => createKeyring(generateKey()).open(sealed, 'ctx')).toThrow(/not configured/);
  });

  it('rejects keys of the wrong length', () => {
    expect(() => createKeyring('c2hvcnQ=')).toThrow(/32 bytes/);
  });
});
