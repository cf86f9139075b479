import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../types.ts';
import { deliveryErrorOf, smtpTransport } from './transport.ts';

/** The SMTP server address obeys the outbound address policy (contracts §8). */
describe('smtpTransport', () => {
  const refused = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e as DeliveryError,
    );

  it('refuses private and loopback servers that are not dev hosts, permanently', async () => {
    for (const url of [
      'smtp://127.0.0.1:25',
      'smtps://10.1.2.3',
      'smtp://[::ffff:7f00:1]:587',
      'smtp://169.254.169.254',
    ]) {
      const e = await refused(smtpTransport({ smtpUrl: url }, []));
      expect(e, url).toBeInstanceOf(DeliveryError);
      expect(e?.permanent).toBe(true);
      expect(e?.message).toMatch(/blocked_address/);
    }
  });

  it('refuses a name that resolves to a private address', async () => {
    const resolve = async () => [{ address: '192.168.1.5', family: 4 as const }];
    const e = await refused(smtpTransport({ smtpUrl: 'smtp://mail.shop.example:587' }, [], resolve));
    expect(e?.message).toMatch(/192\.168\.1\.5.*blocked_address/);
  });

  it('connects to the checked public address, verifying TLS against the name', async () => {
    const resolve = async () => [{ address: '93.184.215.14', family: 4 as const }];
    const t = await smtpTransport(
      { smtpUrl: 'smtp://mail.shop.example:587', user: 'u', password: 'p' },
      [],
      resolve,
    );
    const opts = (t as unknown as { options: Record<string, any> }).options;
    expect(opts).toMatchObject({
      host: '93.184.215.14',
      port: 587,
      requireTLS: true,
      tls: { servername: 'mail.shop.example' },
    });
    t.close();
  });

  it('allows a dev host as written', async () => {
    const t = await smtpTransport({ smtpUrl: 'smtp://127.0.0.1:2525' }, ['127.0.0.1:2525']);
    expect((t as unknown as { options: Record<string, any> }).options).toMatchObject({
      host: '127.0.0.1',
      requireTLS: false,
    });
    t.close();
  });

  it('treats 5xx answers as permanent and keeps no more than the answer', () => {
    const e = deliveryErrorOf(
      Object.assign(new Error('x'), { responseCode: 550, response: '550 5.1.1 No such user' }),
    );
    expect(e).toMatchObject({ permanent: true, message: 'The mail server answered 550 5.1.1 No such user.' });
    expect(
      deliveryErrorOf(Object.assign(new Error('x'), { responseCode: 451, response: '451 later' })).permanent,
    ).toBe(false);
    expect(deliveryErrorOf(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).message).toMatch(
      /ECONNREFUSED/,
    );
  });
});
