import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-HubSpot-Signature-v3';
export const TIMESTAMP_HEADER = 'X-HubSpot-Request-Timestamp';

// HubSpot's receivers decode exactly these escapes before hashing (contracts §1.8).
const DECODED: Record<string, string> = {
  '3A': ':',
  '2F': '/',
  '3F': '?',
  '40': '@',
  '21': '!',
  '24': '$',
  '27': "'",
  '28': '(',
  '29': ')',
  '2A': '*',
  '2C': ',',
  '3B': ';',
};

/**
 * The URI as a v3 receiver reconstructs it: scheme, host (default port omitted), path and
 * query as sent, no fragment, with HubSpot's listed escapes decoded.
 */
export function hubspotSignatureUri(url: URL): string {
  const raw = `${url.origin}${url.pathname}${url.search}`;
  return raw.replace(
    /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi,
    (_m, hex: string) => DECODED[hex.toUpperCase()]!,
  );
}

/** base64 HMAC-SHA256(clientSecret, METHOD + URI + body + timestamp), UTF-8 throughout. */
export function signHubspotV3(input: {
  clientSecret: string;
  method: string;
  uri: string;
  body: string;
  timestamp: string;
}): string {
  return createHmac('sha256', input.clientSecret)
    .update(`${input.method.toUpperCase()}${input.uri}${input.body}${input.timestamp}`, 'utf8')
    .digest('base64');
}
