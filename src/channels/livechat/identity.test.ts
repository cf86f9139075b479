import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createKeyring, generateKey } from '../../secrets/keyring.ts';
import { anonymousVisitor, verifiedVisitor } from './identity.ts';

const SECRET = 's'.repeat(40);
const sign = (claims: Record<string, unknown>, secret = SECRET, alg = 'HS256') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg })
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));

describe('visitor tokens', () => {
  it('proves sub, email and phone from a valid token', async () => {
    const v = await verifiedVisitor(
      SECRET,
      await sign({ sub: 'u1', email: 'a@example.com', phone: '+14155550123' }),
    );
    expect(v.verified).toBe(true);
    expect(v.identities).toEqual([
      { type: 'external', value: 'u1', proof: 'widget_token' },
      { type: 'email', value: 'a@example.com', proof: 'widget_token' },
      { type: 'phone', value: '+14155550123', proof: 'widget_token' },
    ]);
  });

  it('refuses malformed claims, other algorithms and other secrets, naming the code', async () => {
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e) => e.code,
      );
    expect(await refusal(verifiedVisitor(SECRET, await sign({ sub: 'u1', email: 'not-an-email' })))).toBe(
      'invalid_token',
    );
    expect(await refusal(verifiedVisitor(SECRET, await sign({ sub: 'u1', phone: '0155 5555' })))).toBe(
      'invalid_token',
    );
    expect(await refusal(verifiedVisitor(SECRET, await sign({ sub: 'u1' }, SECRET, 'HS512')))).toBe(
      'invalid_token',
    );
    expect(await refusal(verifiedVisitor(SECRET, await sign({ sub: 'u1' }, 'o'.repeat(40))))).toBe(
      'invalid_token',
    );
    expect(await refusal(verifiedVisitor(SECRET, 'garbage'))).toBe('invalid_token');
  });
});

describe('anonymous sessions', () => {
  const keyring = createKeyring(generateKey());

  it('keeps the visitor for the session it issued, on that channel only', () => {
    const first = anonymousVisitor(keyring, 'chn_a', undefined);
    expect(first.key.type).toBe('visitor');
    expect(anonymousVisitor(keyring, 'chn_a', first.session).key).toEqual(first.key);
    expect(anonymousVisitor(keyring, 'chn_b', first.session).key).not.toEqual(first.key);
    expect(anonymousVisitor(createKeyring(generateKey()), 'chn_a', first.session).key).not.toEqual(first.key);
  });
});
