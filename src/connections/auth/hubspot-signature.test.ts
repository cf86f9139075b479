import { describe, expect, it } from 'vitest';
import { hubspotSignatureUri, signHubspotV3 } from './hubspot-signature.ts';

describe('HubSpot v3 signature', () => {
  it('matches the reference vector (contracts §1.8, vector 4)', () => {
    const signature = signHubspotV3({
      clientSecret: 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy',
      method: 'POST',
      uri: hubspotSignatureUri(new URL('https://www.example.com/webhook_uri')),
      body: '{"example_field":"example_value"}',
      timestamp: '1700000000000',
    });
    expect(signature).toBe('rQEKkaNUiu+1qGF//O/pw4BCzstSqO1PyUnGICmf+7o=');
  });

  it('signs the URI with the listed escapes decoded, others kept, no fragment', () => {
    const url = new URL('https://Example.com:443/a%3Ab/%20c?q=%2F%40x%26y#frag');
    expect(hubspotSignatureUri(url)).toBe('https://example.com/a:b/%20c?q=/@x%26y');
  });
});
