import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { answerHandshake } from './handshake.ts';
import { checkSignature, signPayload } from './signature.ts';

const secret = 'app-secret-0123456789abcdef';
// Meta signs the escaped-Unicode form it sends: "é" travels as \u00e9.
const raw = Buffer.from('{"object":"page","entry":[{"messaging":[{"message":{"text":"caf\\u00e9"}}]}]}');

describe('Meta event signature', () => {
  it('accepts the HMAC-SHA256 of the raw bytes under the app secret', () => {
    const header = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
    expect(signPayload(secret, raw)).toBe(header);
    expect(checkSignature(secret, raw, header)).toBe('ok');
    expect(checkSignature(secret, raw, header.toUpperCase().replace('SHA256=', 'sha256='))).toBe('ok');
  });

  it('refuses a re-serialised body, another secret, a changed byte or a sha1 header', () => {
    const header = signPayload(secret, raw);
    const reparsed = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
    expect(checkSignature(secret, reparsed, header)).toBe('invalid');
    expect(checkSignature('another-secret-0123456789', raw, header)).toBe('invalid');
    const changed = Buffer.from(raw);
    changed[changed.length - 3] = 0x20;
    expect(checkSignature(secret, changed, header)).toBe('invalid');
    const sha1 = `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`;
    expect(checkSignature(secret, raw, sha1)).toBe('invalid');
    expect(checkSignature(secret, raw, 'sha256=zz')).toBe('invalid');
    expect(checkSignature('', raw, signPayload('', raw))).toBe('invalid');
  });

  it('tells a missing header from a wrong one', () => {
    expect(checkSignature(secret, raw, undefined)).toBe('missing');
    expect(checkSignature(secret, raw, '')).toBe('missing');
    expect(checkSignature(secret, raw, [signPayload(secret, raw)])).toBe('missing');
  });
});

describe('Meta verification handshake', () => {
  const token = 'verify-token-0123456789';
  const q = (over: Record<string, unknown> = {}) => ({
    'hub.mode': 'subscribe',
    'hub.verify_token': token,
    'hub.challenge': '1158201444',
    ...over,
  });

  it('echoes the challenge for the right token and mode', () => {
    expect(answerHandshake(q(), token)).toBe('1158201444');
  });

  it('answers nothing for a wrong token, another mode, or missing parts', () => {
    expect(answerHandshake(q({ 'hub.verify_token': `${token}x` }), token)).toBeNull();
    expect(answerHandshake(q({ 'hub.verify_token': token.slice(1) }), token)).toBeNull();
    expect(answerHandshake(q({ 'hub.mode': 'unsubscribe' }), token)).toBeNull();
    expect(answerHandshake(q({ 'hub.challenge': undefined }), token)).toBeNull();
    expect(answerHandshake(q({ 'hub.challenge': '<script>' }), token)).toBeNull();
    expect(answerHandshake(q(), '')).toBeNull();
  });
});
