import { describe, expect, it } from 'vitest';
import { isDevHost, parseDevHosts } from './dev-hosts.ts';

describe('dev hosts', () => {
  const hosts = parseDevHosts('localhost:3000, 127.1 ,[::1]:8080,Store.Test, http://api.local:81/');

  it('parses host and host:port entries, normalising them like request URLs', () => {
    expect(hosts).toEqual([
      { hostname: 'localhost', port: 3000 },
      { hostname: '127.0.0.1', port: undefined },
      { hostname: '[::1]', port: 8080 },
      { hostname: 'store.test', port: undefined },
      { hostname: 'api.local', port: 81 },
    ]);
  });

  it('matches the host as written and the port when one is given', () => {
    expect(isDevHost(hosts, new URL('http://localhost:3000/x'))).toBe(true);
    expect(isDevHost(hosts, new URL('http://localhost:3001/x'))).toBe(false);
    expect(isDevHost(hosts, new URL('http://localhost/x'))).toBe(false);
    expect(isDevHost(hosts, new URL('http://127.0.0.1:9999/'))).toBe(true);
    expect(isDevHost(hosts, new URL('http://[::1]:8080/'))).toBe(true);
    expect(isDevHost(hosts, new URL('https://STORE.test/'))).toBe(true);
    expect(isDevHost(hosts, new URL('http://sub.store.test/'))).toBe(false);
  });

  it('uses the default port of the scheme', () => {
    const only80 = parseDevHosts(['intranet:80']);
    expect(isDevHost(only80, new URL('http://intranet/'))).toBe(true);
    expect(isDevHost(only80, new URL('https://intranet/'))).toBe(false);
  });

  it('rejects malformed entries', () => {
    expect(() => parseDevHosts('a b')).toThrow(/Invalid dev host/);
    expect(() => parseDevHosts('host:99999')).toThrow(/port/);
  });
});
