/**
 * Allowed-host patterns of a connection: an exact host (`api.example.com`, `203.0.113.9`)
 * or `*.example.com`, which matches any subdomain but not `example.com` itself.
 * Patterns and hostnames are compared lower-cased, without port.
 */
export function hostAllowed(patterns: readonly string[], hostname: string): boolean {
  const host = hostname.toLowerCase();
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p.startsWith('*.')) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
    return host === p;
  });
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Why a pattern is not a valid allowed host, or undefined. */
export function allowedHostProblem(pattern: string): string | undefined {
  if (pattern.length > 128) return 'At most 128 characters.';
  const wildcard = pattern.startsWith('*.');
  const host = wildcard ? pattern.slice(2) : pattern;
  if (host.startsWith('[') && host.endsWith(']') && !wildcard) return undefined;
  const labels = host.split('.');
  if (!labels.every((l) => LABEL.test(l))) {
    return 'Use a lower-case host name such as api.example.com or *.example.com (no scheme, port or path).';
  }
  // Without a public-suffix list, insist on two labels under a wildcard (no `*.com`).
  if (wildcard && labels.length < 2) return 'A wildcard needs at least two labels after "*.".';
  return undefined;
}
