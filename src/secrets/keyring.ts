import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../shared/errors.ts';

/**
 * AES-256-GCM envelope encryption for everything secret at rest (connection credentials,
 * OAuth tokens, signing secrets). The envelope names the key that sealed it, so keys can
 * be rotated: the first key seals, every key in the ring can open.
 *
 * Envelope: `fdsec:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts). The optional
 * `context` is bound as additional authenticated data, so a sealed value copied into
 * another row (another context) fails to open.
 */
export interface Keyring {
  readonly keyId: string;
  seal(plaintext: string, context?: string): string;
  open(envelope: string, context?: string): string;
}

const PREFIX = 'fdsec:v1:';

export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) {
    throw new AppError(
      'bad_request',
      'invalid_secret_key',
      'FRONTDESK_SECRET_KEY must be 32 bytes, as 64 hex characters or base64.',
    );
  }
  return key;
}

export function generateKey(): string {
  return randomBytes(32).toString('base64');
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('frontdesk-key-id:').update(key).digest('hex').slice(0, 8);
}

export function createKeyring(current: string, previous: string[] = []): Keyring {
  const keys = new Map<string, Buffer>();
  const primary = parseKey(current);
  const primaryId = keyIdOf(primary);
  keys.set(primaryId, primary);
  for (const p of previous) {
    const k = parseKey(p);
    keys.set(keyIdOf(k), k);
  }
  return {
    keyId: primaryId,
    seal(plaintext, context = '') {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', primary, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `${PREFIX}${primaryId}:${iv.toString('base64url')}:${tag.toString('base64url')}:${ct.toString('base64url')}`;
    },
    open(envelope, context = '') {
      if (!envelope.startsWith(PREFIX)) throw sealedValueError('is not a sealed value');
      const [kid, iv, tag, ct] = envelope.slice(PREFIX.length).split(':');
      if (!kid || !iv || !tag || ct === undefined) throw sealedValueError('is malformed');
      const key = keys.get(kid);
      if (!key) throw sealedValueError(`was sealed with key ${kid}, which is not configured`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw sealedValueError('failed authentication');
      }
    },
  };
}

const sealedValueError = (why: string) =>
  new AppError('internal', 'secret_unreadable', `A stored secret ${why}.`);
