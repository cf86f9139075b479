import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson } from '../../../src/shared/http/loopback-server.ts';
import { PORTAL_ID } from './catalog.ts';
import { HttpProblem } from './portal.ts';

/**
 * OAuth 2.0 of the stand-in (contracts.md §1.1): an authorize page with an Approve button,
 * single-use 10-minute codes, the v3 token endpoint taking every field in a form body,
 * 30-minute access tokens and long-lived refresh tokens.
 */
export interface OAuthApp {
  clientId: string;
  clientSecret: string;
}

export interface AccessGrant {
  scopes: string[];
  expiresAt: number;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const token = (prefix: string) => `${prefix}-${randomBytes(24).toString('base64url')}`;

export class OAuthState {
  readonly codes = new Map<
    string,
    { redirectUri: string; scopes: string[]; expiresAt: number; used: boolean }
  >();
  readonly access = new Map<string, AccessGrant>();
  readonly refresh = new Map<string, { scopes: string[]; revoked: boolean }>();
  /** Every token request: path and grant type (to show the v3 endpoint and refreshes). */
  readonly tokenRequests: Array<{ path: string; grantType: string }> = [];
  tokenLifetimeSeconds = 1800;

  readonly app: OAuthApp;
  readonly now: () => number;

  constructor(app: OAuthApp, now: () => number) {
    this.app = app;
    this.now = now;
  }

  /** GET /oauth/authorize: HubSpot's consent screen, reduced to the scopes and a button. */
  authorizePage(res: ServerResponse, query: URLSearchParams): void {
    const clientId = query.get('client_id') ?? '';
    const redirectUri = query.get('redirect_uri') ?? '';
    const scope = query.get('scope') ?? '';
    if (clientId !== this.app.clientId || !redirectUri || !scope) {
      res.writeHead(400, { 'content-type': 'text/html' });
      res.end('<p>Invalid authorization request: client_id, redirect_uri and scope are required.</p>');
      return;
    }
    const optional = query.get('optional_scope') ?? '';
    const hidden = (name: string, value: string) =>
      `<input type="hidden" name="${name}" value="${esc(value)}">`;
    const list = [...scope.split(' '), ...optional.split(' ')].filter(Boolean);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>Connect to HubSpot</title></head><body>
<h1>Frontdesk wants to access your HubSpot account ${PORTAL_ID}</h1>
<ul>${list.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>
<form method="post" action="/oauth/authorize">
${hidden('client_id', clientId)}${hidden('redirect_uri', redirectUri)}${hidden('scope', scope)}${hidden('optional_scope', optional)}${hidden('state', query.get('state') ?? '')}
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form></body></html>`);
  }

  /** POST /oauth/authorize: the consent form; redirects back with a code (or an error). */
  approve(res: ServerResponse, form: URLSearchParams): void {
    const redirect = new URL(form.get('redirect_uri') ?? '');
    const state = form.get('state');
    if (state) redirect.searchParams.set('state', state);
    if (form.get('decision') !== 'approve') {
      redirect.searchParams.set('error', 'access_denied');
    } else {
      const code = token('code');
      const scopes = [
        ...(form.get('scope') ?? '').split(' '),
        ...(form.get('optional_scope') ?? '').split(' '),
      ];
      this.codes.set(code, {
        redirectUri: form.get('redirect_uri') ?? '',
        scopes: scopes.filter(Boolean),
        expiresAt: this.now() + 10 * 60_000,
        used: false,
      });
      redirect.searchParams.set('code', code);
    }
    res.writeHead(302, { location: redirect.href });
    res.end();
  }

  /** POST /oauth/v3/token (form body only). */
  token(res: ServerResponse, path: string, form: URLSearchParams, query: URLSearchParams): void {
    const grantType = form.get('grant_type') ?? '';
    this.tokenRequests.push({ path, grantType });
    const bad: (status: string, message: string) => never = (status, message) => {
      throw new HttpProblem(400, { status, message, correlationId: token('c') });
    };
    if ([...query.keys()].length > 0) bad('BAD_REQUEST', 'v3 takes every parameter in the form body.');
    if (form.get('client_id') !== this.app.clientId || form.get('client_secret') !== this.app.clientSecret) {
      bad('BAD_CLIENT_ID', 'missing or unknown client id or secret');
    }
    let scopes: string[];
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      if (!code || code.used || code.expiresAt < this.now())
        bad('BAD_AUTH_CODE', 'missing or unknown auth code');
      if (code.redirectUri !== form.get('redirect_uri'))
        bad('BAD_REDIRECT_URI', 'redirect_uri does not match');
      code.used = true;
      scopes = code.scopes;
    } else if (grantType === 'refresh_token') {
      const grant = this.refresh.get(form.get('refresh_token') ?? '');
      if (!grant || grant.revoked) bad('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
      scopes = grant.scopes;
    } else {
      bad('BAD_GRANT_TYPE', `unsupported grant_type ${grantType}`);
    }
    const access = token('at');
    this.access.set(access, { scopes, expiresAt: this.now() + this.tokenLifetimeSeconds * 1000 });
    let refresh = form.get('refresh_token');
    if (grantType === 'authorization_code' || !refresh) {
      refresh = token('rt');
      this.refresh.set(refresh, { scopes, revoked: false });
    }
    sendJson(res, 200, {
      access_token: access,
      refresh_token: refresh,
      expires_in: this.tokenLifetimeSeconds,
      token_type: 'bearer',
      token_use: 'access_token',
      hub_id: PORTAL_ID,
      user_id: 1001,
      scopes,
    });
  }

  /** The grant behind a bearer token, if valid now. */
  check(authorization: string | undefined): AccessGrant | null {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const grant = m ? this.access.get(m[1]!) : undefined;
    return grant && grant.expiresAt > this.now() ? grant : null;
  }

  revokeAllRefreshTokens(): void {
    for (const r of this.refresh.values()) r.revoked = true;
  }
}
