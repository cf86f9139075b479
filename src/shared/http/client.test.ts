import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, MAX_RESPONSE_BYTES, type OutboundRequest } from './client.ts';
import { OutboundError } from './errors.ts';
import { type LoopbackServer, sendJson, startLoopbackServer } from './loopback-server.ts';
import type { Resolver } from './resolve.ts';

async function failure(client: HttpClient, req: OutboundRequest): Promise<OutboundError> {
  try {
    await client.request(req);
  } catch (error) {
    if (error instanceof OutboundError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

const clients: HttpClient[] = [];
function client(options: Parameters<typeof createHttpClient>[0] = {}): HttpClient {
  const c = createHttpClient(options);
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('address policy without dev hosts', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'https://169.254.169.254/',
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://127.1/',
    'http://0x7f.1/',
    'http://2130706433/',
    'https://127.0.0.1/',
    'http://[::]/',
    'http://[::1]/',
    'http://[fd00::1]/',
    'https://[fd00:ec2::254]/',
    'https://10.0.0.1/',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://[::7f00:1]/',
    'https://[64:ff9b::a9fe:a9fe]/',
  ])('blocks %s before connecting', async (url) => {
    const error = await failure(client(), { method: 'GET', url });
    expect(error.errorClass).toBe('blocked_address');
  });

  it('blocks a host name that resolves to a private address', async () => {
    const asked: string[] = [];
    const resolve: Resolver = async (host) => {
      asked.push(host);
      return [{ address: '10.0.0.7', family: 4 }];
    };
    const error = await failure(client({ resolve }), { method: 'GET', url: 'https://internal.example/' });
    expect(error.errorClass).toBe('blocked_address');
    expect(error.message).toContain('10.0.0.7');
    expect(asked).toEqual(['internal.example']);
  });

  it('blocks a name whose answer mixes a public and a private address', async () => {
    const resolve: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '::ffff:169.254.169.254', family: 6 },
    ];
    const error = await failure(client({ resolve }), { method: 'GET', url: 'https://mixed.example/' });
    expect(error.errorClass).toBe('blocked_address');
  });

  it('refuses plain http to a host that is not a dev host', async () => {
    const resolve: Resolver = async () => {
      throw new Error('must not resolve');
    };
    for (const url of ['http://api.example.com/orders', 'http://93.184.216.34/']) {
      const error = await failure(client({ resolve }), { method: 'GET', url });
      expect(error.errorClass).toBe('invalid_url');
      expect(error.message).toMatch(/https/);
    }
  });

  it('refuses malformed URLs, other schemes and credentials in the URL', async () => {
    for (const url of ['not a url', 'ftp://example.com/', 'file:///etc/passwd', 'https://u:p@example.com/']) {
      const error = await failure(client(), { method: 'GET', url });
      expect(error.errorClass).toBe('invalid_url');
    }
  });
});

describe('against loopback servers', () => {
  let api: LoopbackServer;
  let dripClosed = false;
  let other: LoopbackServer;

  beforeAll(async () => {
    other = await startLoopbackServer((_req, res) => sendJson(res, 200, { reached: 'other' }));
    api = await startLoopbackServer(async (req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://x');
      switch (url.pathname) {
        case '/json':
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ ok: true, method: req.method, body }));
          return;
        case '/not-found':
          return sendJson(res, 404, { error: 'nope' });
        case '/empty':
          res.writeHead(204);
          res.end();
          return;
        case '/html':
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html></html>');
          return;
        case '/vnd':
          res.writeHead(200, { 'content-type': 'application/vnd.api+json' });
          res.end('{"data":null}');
          return;
        case '/broken-json':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"a":');
          return;
        case '/redirect':
          res.writeHead(Number(url.searchParams.get('status') ?? 302), {
            location: url.searchParams.get('to') ?? '/json',
          });
          res.end();
          return;
        case '/loop':
          res.writeHead(302, { location: '/loop' });
          res.end();
          return;
        case '/silent':
          return; // never answers
        case '/drip': {
          // Headers at once, then a byte every 20 ms for ever: only a whole-exchange deadline stops it.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('[');
          const timer = setInterval(() => res.write(' '), 20);
          res.on('close', () => {
            clearInterval(timer);
            dripClosed = true;
          });
          return;
        }
        case '/big-redirect':
          // A redirect with a body larger than the 64 KiB a redirect may carry.
          res.writeHead(302, { location: '/json', 'content-type': 'text/plain' });
          res.end('x'.repeat(200 * 1024));
          return;
        case '/repeated':
          res.setHeader('content-type', 'application/json');
          res.setHeader('x-multi', ['a', 'b']);
          res.setHeader('set-cookie', ['c=1', 'd=2']);
          res.writeHead(200);
          res.end('{}');
          return;
        default:
          return sendJson(res, 500, { path: url.pathname });
      }
    });
  });
  afterAll(async () => {
    await api.close();
    await other.close();
  });

  it('fetches JSON from a dev host over plain http', async () => {
    const res = await client({ devHosts: api.host }).request({
      method: 'post',
      url: `${api.origin}/json`,
      body: 'x',
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true, method: 'POST', body: 'x' });
  });

  it('allows exactly the dev host port: another port on the same address is blocked', async () => {
    const before = other.received.length;
    const error = await failure(client({ devHosts: api.host }), { method: 'GET', url: `${other.origin}/` });
    expect(error.errorClass).toBe('blocked_address');
    expect(other.received.length).toBe(before);
  });

  it('re-checks a redirect target: a 302 from a dev host to another loopback port is blocked', async () => {
    const before = other.received.length;
    const to = encodeURIComponent(`${other.origin}/`);
    const error = await failure(client({ devHosts: api.host }), {
      method: 'GET',
      url: `${api.origin}/redirect?to=${to}`,
    });
    expect(error.errorClass).toBe('blocked_address');
    expect(other.received.length).toBe(before);
  });

  it('re-checks a redirect target that is a name resolving to a private address', async () => {
    const resolve: Resolver = async () => [{ address: '10.9.9.9', family: 4 }];
    const to = encodeURIComponent('https://metadata.internal/');
    const error = await failure(client({ devHosts: api.host, resolve }), {
      method: 'GET',
      url: `${api.origin}/redirect?to=${to}`,
    });
    expect(error.errorClass).toBe('blocked_address');
  });

  it('follows allowed redirects; 303 turns a POST into a GET; credentials stay on their origin', async () => {
    const to = encodeURIComponent(`${other.origin}/landing`);
    const res = await client({ devHosts: [api.host, other.host] }).request({
      method: 'POST',
      url: `${api.origin}/redirect?status=303&to=${to}`,
      headers: { authorization: 'Bearer secret-token', 'x-trace': '1' },
      body: '{"a":1}',
    });
    expect(res.json).toEqual({ reached: 'other' });
    expect(res.redirects).toBe(1);
    const last = other.received.at(-1)!;
    expect(last.method).toBe('GET');
    expect(last.body).toBe('');
    expect(last.headers['authorization']).toBeUndefined();
    expect(last.headers['x-trace']).toBe('1');
  });

  it('keeps method and body on a 307', async () => {
    const res = await client({ devHosts: api.host }).request({
      method: 'PUT',
      url: `${api.origin}/redirect?status=307&to=/json`,
      body: 'same',
    });
    expect(res.json).toEqual({ ok: true, method: 'PUT', body: 'same' });
  });

  it('gives up after three redirects', async () => {
    const error = await failure(client({ devHosts: api.host }), { method: 'GET', url: `${api.origin}/loop` });
    expect(error.errorClass).toBe('http_status');
    expect(error.message).toMatch(/redirects/);
  });

  it('returns a non-2xx answer with its parsed body for the caller to classify', async () => {
    const res = await client({ devHosts: api.host }).request({
      method: 'GET',
      url: `${api.origin}/not-found`,
    });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'nope' });
  });

  it('accepts 204 without a body', async () => {
    const res = await client({ devHosts: api.host }).request({
      method: 'DELETE',
      url: `${api.origin}/empty`,
    });
    expect(res.status).toBe(204);
    expect(res.json).toBeNull();
  });

  it.each(['/html', '/vnd', '/broken-json'])('refuses a 2xx body that is not JSON (%s)', async (path) => {
    const error = await failure(client({ devHosts: api.host }), {
      method: 'GET',
      url: `${api.origin}${path}`,
    });
    expect(error.errorClass).toBe('not_json');
    expect(error.response?.status).toBe(200);
  });

  it('returns a 2xx body that is not JSON as text when asked for text, under the same address policy', async () => {
    const res = await client({ devHosts: api.host }).request({
      method: 'GET',
      url: `${api.origin}/html`,
      responseType: 'text',
    });
    expect(res.status).toBe(200);
    expect(res.json).toBeNull();
    expect(res.bodyText.length).toBeGreaterThan(0);
    const blocked = await failure(client(), {
      method: 'GET',
      url: `${api.origin}/html`,
      responseType: 'text',
    });
    expect(blocked.errorClass).not.toBe('not_json');
    expect(['blocked_address', 'invalid_url']).toContain(blocked.errorClass);
  });

  it('times out on a server that does not answer', async () => {
    const error = await failure(client({ devHosts: api.host }), {
      method: 'GET',
      url: `${api.origin}/silent`,
      timeoutMs: 150,
    });
    expect(error.errorClass).toBe('timeout');
  });

  it('holds one deadline over the whole exchange: a body that keeps dripping times out', async () => {
    const started = Date.now();
    const error = await failure(client({ devHosts: api.host }), {
      method: 'GET',
      url: `${api.origin}/drip`,
      timeoutMs: 200,
    });
    expect(error.errorClass).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
    // The connection was closed, not left streaming.
    await expect.poll(() => dripClosed).toBe(true);
  });

  it('keeps the first bytes of a non-2xx body past the limit, for display', async () => {
    const res = await client({ devHosts: api.host }).request({
      method: 'GET',
      url: `${api.origin}/not-found`,
      maxResponseBytes: 5,
    });
    expect(res.status).toBe(404);
    expect(res.bodyText).toBe('{"err');
    expect(res.json).toBeUndefined();
  });

  it('drops a redirect body larger than 64 KiB and still follows the redirect', async () => {
    const res = await client({ devHosts: api.host }).request({
      method: 'GET',
      url: `${api.origin}/big-redirect`,
    });
    expect(res.json).toEqual({ ok: true, method: 'GET', body: '' });
    expect(res.redirects).toBe(1);
  });

  it('returns without following a redirect when asked not to', async () => {
    const res = await client({ devHosts: api.host }).request({
      method: 'GET',
      url: `${api.origin}/redirect?to=/json`,
      followRedirects: false,
    });
    expect(res.status).toBe(302);
    expect(res.headers['location']).toBe('/json');
    expect(res.redirects).toBe(0);
  });

  it('joins repeated response headers into one string', async () => {
    const res = await client({ devHosts: api.host }).request({
      method: 'GET',
      url: `${api.origin}/repeated`,
    });
    expect(res.headers['x-multi']).toBe('a, b');
    expect(res.headers['set-cookie']).toBe('c=1, d=2');
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('classifies a refused connection as a network error', async () => {
    const gone = await startLoopbackServer(() => {});
    await gone.close();
    const error = await failure(client({ devHosts: gone.host }), { method: 'GET', url: `${gone.origin}/` });
    expect(error.errorClass).toBe('network');
  });

  it('lets prepare() refuse a hop', async () => {
    const error = await failure(client({ devHosts: api.host }), {
      method: 'GET',
      url: `${api.origin}/json`,
      prepare: () => {
        throw new OutboundError('host_not_allowed', 'nope');
      },
    });
    expect(error.errorClass).toBe('host_not_allowed');
  });
});

describe('response size cap', () => {
  const total = 64 * 1024 * 1024;
  let streamed: { written: number; finished: boolean } | undefined;
  let closed: Promise<void>;
  let server: LoopbackServer;

  beforeAll(async () => {
    server = await startLoopbackServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/exact') {
        // A JSON string padded to exactly `size` bytes.
        const size = Number(url.searchParams.get('size'));
        const body = `"${'a'.repeat(size - 2)}"`;
        const headers: Record<string, string | number> = { 'content-type': 'application/json' };
        if (url.searchParams.has('length')) headers['content-length'] = size;
        res.writeHead(200, headers);
        res.end(body);
        return;
      }
      // Streams far more than the cap, honouring back-pressure, and records how it ended.
      const state = { written: 0, finished: false };
      streamed = state;
      closed = new Promise((resolve) => res.on('close', () => resolve()));
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (state.written < total) {
          state.written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end(() => {
          state.finished = true;
        });
      };
      pump();
    });
  });
  afterAll(() => server.close());

  it('aborts a streamed body past 2 MB without reading the rest', async () => {
    const error = await failure(client({ devHosts: server.host }), {
      method: 'GET',
      url: `${server.origin}/big`,
    });
    expect(error.errorClass).toBe('too_large');
    await closed;
    expect(streamed?.finished).toBe(false);
    expect(streamed!.written).toBeLessThan(total);
  });

  it('accepts exactly 2 MB and refuses 2 MB + 1 byte, with or without a declared length', async () => {
    const c = client({ devHosts: server.host });
    const ok = await c.request({ method: 'GET', url: `${server.origin}/exact?size=${MAX_RESPONSE_BYTES}` });
    expect(typeof ok.json).toBe('string');
    for (const suffix of ['', '&length=1']) {
      const error = await failure(c, {
        method: 'GET',
        url: `${server.origin}/exact?size=${MAX_RESPONSE_BYTES + 1}${suffix}`,
      });
      expect(error.errorClass).toBe('too_large');
    }
  });
});
