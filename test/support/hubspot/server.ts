import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type LoopbackServer,
  sendJson,
  startLoopbackServer,
} from '../../../src/shared/http/loopback-server.ts';
import { type OAuthApp, OAuthState } from './oauth.ts';
import { HttpProblem, Portal, validationError } from './portal.ts';
import { runSearch, type SearchBody, searchLimitError } from './search.ts';
import { ALL_SCOPES, pipelines, propertyView, schemaView, scopeFor, view } from './views.ts';

export { ALL_SCOPES };

/**
 * A HubSpot stand-in on 127.0.0.1 for tests and local development, faithful to
 * contracts.md §1: OAuth (consent page, v3 token endpoint), CRM v3 objects (contacts,
 * companies, deals, tickets, notes, calls, one custom object), search with its limits and
 * its 5/s rate limit, properties and schemas, associations v4 with the SDK's type ids,
 * pipelines. Tests drive it through the official `@hubspot/api-client`.
 */
export interface HubSpotStandIn {
  url: string;
  /** `127.0.0.1:PORT`, for FRONTDESK_DEV_HOSTS. */
  host: string;
  app: OAuthApp;
  oauth: OAuthState;
  portal: Portal;
  server: LoopbackServer;
  /** Moves the stand-in's clock (token expiry) forward. */
  advance(ms: number): void;
  /** The next `times` requests matching `match` are answered with `status` (and Retry-After). */
  failNext(opts: {
    times?: number;
    status: number;
    retryAfter?: string;
    match?: (method: string, path: string) => boolean;
  }): void;
  /** Forgets the request windows of the rate limits (between test steps). */
  resetRateLimits(): void;
  /** A token with every scope, for tests that use the SDK directly. */
  issueToken(scopes?: string[]): string;
  close(): Promise<void>;
}

const SEARCH_PER_SECOND = 5;
const BURST = { max: 110, windowMs: 10_000 };

export async function startHubSpotStandIn(opts: { app?: OAuthApp } = {}): Promise<HubSpotStandIn> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const app = opts.app ?? { clientId: 'standin-client-id', clientSecret: 'standin-client-secret' };
  const oauth = new OAuthState(app, now);
  const portal = new Portal(now);
  const failures: Array<{
    times: number;
    status: number;
    retryAfter?: string;
    match?: (m: string, p: string) => boolean;
  }> = [];
  const searchTimes: number[] = [];
  const callTimes: number[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && /^\/oauth(\/\d+)?\/authorize$/.test(path))
      return oauth.authorizePage(res, url.searchParams);
    if (method === 'POST' && path === '/oauth/authorize') return oauth.approve(res, new URLSearchParams(raw));
    const failure = failures.find((f) => f.times > 0 && (!f.match || f.match(method, path)));
    if (failure) {
      failure.times--;
      res.writeHead(failure.status, {
        'content-type': 'application/json',
        ...(failure.retryAfter ? { 'retry-after': failure.retryAfter } : {}),
      });
      res.end(
        JSON.stringify({
          status: 'error',
          message:
            failure.status === 429 ? 'You have reached your ten_secondly_rolling limit.' : 'internal error',
          category: failure.status === 429 ? 'RATE_LIMITS' : 'INTERNAL_ERROR',
          policyName: 'TEN_SECONDLY_ROLLING',
        }),
      );
      return;
    }
    if (method === 'POST' && (path === '/oauth/v3/token' || path === '/oauth/2026-03/token')) {
      if (!/application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? ''))
        return sendJson(res, 415, { status: 'error', message: 'form body required' });
      return oauth.token(res, path, new URLSearchParams(raw), url.searchParams);
    }
    if (path === '/oauth/v1/token')
      return sendJson(res, 410, {
        status: 'error',
        message: 'The stand-in speaks the v3 token endpoint only.',
      });

    const grant = oauth.check(req.headers.authorization);
    if (!grant)
      return sendJson(res, 401, {
        status: 'error',
        message: 'Authentication credentials not found or expired.',
        category: 'INVALID_AUTHENTICATION',
      });
    const need = (scope: string) => {
      if (!grant.scopes.includes(scope))
        throw new HttpProblem(403, {
          status: 'error',
          message: `This app hasn't been granted all required scopes to make this call. Required: ${scope}`,
          category: 'MISSING_SCOPES',
          errors: [{ context: { requiredGranularScopes: [scope] } }],
        });
    };
    const t0 = Date.now();
    while (callTimes.length && callTimes[0]! <= t0 - BURST.windowMs) callTimes.shift();
    if (callTimes.length >= BURST.max) return rateLimited(res, 'TEN_SECONDLY_ROLLING', '10');
    callTimes.push(t0);
    const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
    let m: RegExpExecArray | null;

    m = /^\/crm\/v3\/objects\/([^/]+)\/search$/.exec(path);
    if (m && method === 'POST') {
      while (searchTimes.length && searchTimes[0]! <= t0 - 1000) searchTimes.shift();
      if (searchTimes.length >= SEARCH_PER_SECOND) return rateLimited(res, 'SECONDLY', '1');
      searchTimes.push(t0);
      const t = portal.type(m[1]!);
      need(scopeFor(t, false));
      const search = body as SearchBody;
      const problem = searchLimitError(search, raw.length, new Set(t.properties.map((p) => p.name)));
      if (problem) throw validationError(problem);
      const out = runSearch([...portal.records.get(t.objectTypeId)!.values()], search, (r, to) =>
        portal.associated(t, r.id, to),
      );
      return sendJson(res, 200, {
        total: out.total,
        results: out.results.map((r) => view(r, search.properties)),
        ...(out.nextAfter ? { paging: { next: { after: out.nextAfter } } } : {}),
      });
    }
    m = /^\/crm\/v3\/objects\/([^/]+)\/batch\/(read|create|update)$/.exec(path);
    if (m && method === 'POST') {
      const t = portal.type(m[1]!);
      const inputs = (body['inputs'] ?? []) as Array<Record<string, any>>;
      if (inputs.length > 100) throw validationError('A batch takes at most 100 inputs.');
      need(scopeFor(t, m[2] !== 'read'));
      const started = new Date(now()).toISOString();
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const input of inputs) {
        try {
          if (m[2] === 'read')
            results.push(view(portal.get(t, String(input['id']), body['idProperty']), body['properties']));
          else if (m[2] === 'create')
            results.push(view(portal.create(t, input['properties'] ?? {}, input['associations'] ?? [])));
          else results.push(view(portal.update(t, String(input['id']), input['properties'] ?? {})));
        } catch (e) {
          if (!(e instanceof HttpProblem)) throw e;
          errors.push({
            status: 'error',
            category: e.body['category'],
            message: e.message,
            context: { id: [String(input['id'] ?? '')] },
          });
        }
      }
      return sendJson(res, errors.length ? 207 : m[2] === 'create' ? 201 : 200, {
        status: 'COMPLETE',
        results,
        ...(errors.length ? { errors, numErrors: errors.length } : {}),
        startedAt: started,
        completedAt: new Date(now()).toISOString(),
      });
    }
    m = /^\/crm\/v3\/objects\/([^/]+)\/([^/]+)$/.exec(path);
    if (m) {
      const t = portal.type(m[1]!);
      const props = url.searchParams.get('properties')?.split(',').filter(Boolean);
      if (method === 'GET') {
        need(scopeFor(t, false));
        const r = portal.get(t, decodeURIComponent(m[2]!), url.searchParams.get('idProperty') ?? undefined);
        const assoc = url.searchParams.get('associations')?.split(',').filter(Boolean) ?? [];
        const associations: Record<string, unknown> = {};
        for (const to of assoc) {
          const ids = [...portal.associated(t, r.id, to)];
          if (ids.length)
            associations[to] = {
              results: ids.map((id) => ({ id, type: `${t.singular.toLowerCase()}_to_${to}` })),
            };
        }
        return sendJson(res, 200, { ...view(r, props), ...(assoc.length ? { associations } : {}) });
      }
      need(scopeFor(t, true));
      if (method === 'PATCH')
        return sendJson(res, 200, view(portal.update(t, m[2]!, body['properties'] ?? {})));
      if (method === 'DELETE') {
        portal.get(t, m[2]!).archived = true;
        res.writeHead(204).end();
        return;
      }
    }
    m = /^\/crm\/v3\/objects\/([^/]+)$/.exec(path);
    if (m) {
      const t = portal.type(m[1]!);
      if (method === 'POST') {
        need(scopeFor(t, true));
        return sendJson(
          res,
          201,
          view(portal.create(t, body['properties'] ?? {}, body['associations'] ?? [])),
        );
      }
      if (method === 'GET') {
        need(scopeFor(t, false));
        const limit = Number(url.searchParams.get('limit') ?? 10);
        const out = runSearch(
          [...portal.records.get(t.objectTypeId)!.values()],
          { limit: Math.min(limit, 100), after: url.searchParams.get('after') ?? '0' },
          () => new Set(),
        );
        return sendJson(res, 200, {
          results: out.results.map((r) => view(r)),
          ...(out.nextAfter ? { paging: { next: { after: out.nextAfter } } } : {}),
        });
      }
    }
    m = /^\/crm\/v3\/properties\/([^/]+)$/.exec(path);
    if (m && method === 'GET') {
      const t = portal.type(m[1]!);
      need(scopeFor(t, false, true));
      return sendJson(res, 200, { results: t.properties.map(propertyView) });
    }
    if (path === '/crm-object-schemas/v3/schemas' && method === 'GET') {
      need('crm.schemas.custom.read');
      return sendJson(res, 200, { results: portal.types.filter((t) => t.custom).map(schemaView) });
    }
    m = /^\/crm-object-schemas\/v3\/schemas\/([^/]+)$/.exec(path);
    if (m && method === 'GET') {
      need('crm.schemas.custom.read');
      return sendJson(res, 200, schemaView(portal.type(m[1]!)));
    }
    m = /^\/crm\/v3\/pipelines\/(deals|tickets)$/.exec(path);
    if (m && method === 'GET') {
      need(m[1] === 'deals' ? 'crm.objects.deals.read' : 'tickets');
      return sendJson(res, 200, { results: pipelines[m[1] as 'deals' | 'tickets'] });
    }
    m = /^\/crm\/v4\/objects\/([^/]+)\/([^/]+)\/associations\/default\/([^/]+)\/([^/]+)$/.exec(path);
    if (m && method === 'PUT') {
      const [from, to] = [portal.type(m[1]!), portal.type(m[3]!)];
      need(scopeFor(from, true));
      portal.get(from, m[2]!);
      portal.get(to, m[4]!);
      portal.linkDefault(from.name, m[2]!, to.name, m[4]!);
      return sendJson(res, 200, {
        status: 'COMPLETE',
        results: [
          {
            from: { id: m[2] },
            to: { id: m[4] },
            associationSpec: {
              associationCategory: 'HUBSPOT_DEFINED',
              associationTypeId: portal.edges.at(-1)!.typeId,
            },
          },
        ],
        startedAt: new Date(now()).toISOString(),
        completedAt: new Date(now()).toISOString(),
      });
    }
    m = /^\/crm\/v4\/objects\/([^/]+)\/([^/]+)\/associations\/([^/]+)\/([^/]+)$/.exec(path);
    if (m && method === 'PUT') {
      const [from, to] = [portal.type(m[1]!), portal.type(m[3]!)];
      need(scopeFor(from, true));
      portal.get(from, m[2]!);
      portal.get(to, m[4]!);
      portal.link(
        from.name,
        m[2]!,
        to.name,
        m[4]!,
        body as unknown as Array<{ associationCategory: string; associationTypeId: number }>,
      );
      return sendJson(res, 200, {
        fromObjectTypeId: from.objectTypeId,
        fromObjectId: Number(m[2]),
        toObjectTypeId: to.objectTypeId,
        toObjectId: Number(m[4]),
        labels: [],
      });
    }
    m = /^\/crm\/v4\/objects\/([^/]+)\/([^/]+)\/associations\/([^/]+)$/.exec(path);
    if (m && method === 'GET') {
      const [from, to] = [portal.type(m[1]!), portal.type(m[3]!)];
      need(scopeFor(from, false));
      return sendJson(res, 200, { results: portal.edgesFrom(from.name, m[2]!, to.name) });
    }
    sendJson(res, 404, {
      status: 'error',
      message: `No route for ${method} ${path}`,
      category: 'OBJECT_NOT_FOUND',
    });
  }

  function rateLimited(res: ServerResponse, policy: string, retryAfter: string): void {
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
    res.end(
      JSON.stringify({
        status: 'error',
        message:
          policy === 'SECONDLY'
            ? 'You have reached your secondly limit.'
            : 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        policyName: policy,
        category: 'RATE_LIMITS',
      }),
    );
  }

  const server = await startLoopbackServer(async (req, res, raw) => {
    try {
      await handle(req, res, raw);
    } catch (e) {
      if (e instanceof HttpProblem) return sendJson(res, e.status, e.body);
      if (e instanceof SyntaxError)
        return sendJson(res, 400, {
          status: 'error',
          message: 'Invalid JSON input',
          category: 'VALIDATION_ERROR',
        });
      throw e;
    }
  });
  return {
    url: server.origin,
    host: server.host,
    app,
    oauth,
    portal,
    server,
    advance: (ms) => {
      offset += ms;
    },
    resetRateLimits: () => {
      searchTimes.length = 0;
      callTimes.length = 0;
    },
    failNext: (f) => failures.push({ times: 1, ...f }),
    issueToken: (scopes = ALL_SCOPES) => {
      const token = `at-test-${Math.random().toString(36).slice(2)}`;
      oauth.access.set(token, { scopes, expiresAt: now() + 1800_000 });
      return token;
    },
    close: () => server.close(),
  };
}
