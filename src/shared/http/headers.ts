/** RFC 9110 token characters, the only ones a header name may use. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isHeaderToken(name: string): boolean {
  return TOKEN.test(name);
}

/**
 * Headers that frame or route the message: the client owns them, configuration may not set
 * them (request smuggling, host confusion).
 */
export const FRAMING_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'keep-alive',
  'expect',
  'proxy-connection',
  'proxy-authorization',
  'http2-settings',
]);

/** Sets a header, replacing any other spelling of the same name. */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const existing of Object.keys(headers)) {
    if (existing.toLowerCase() === lower) delete headers[existing];
  }
  headers[name] = value;
}

/** Control characters other than tab would split or corrupt a header line. */
export function hasHeaderBreakingChars(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}
