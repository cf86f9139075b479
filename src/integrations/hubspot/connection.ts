import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../access/api-keys.ts';
import type { AppContext } from '../../context.ts';
import { withLock } from '../../jobs/locks.ts';
import { conflict, forbidden, invalid } from '../../shared/errors.ts';
import { toJson } from '../../store/json.ts';
import type { BrowserSession } from './browser-session.ts';
import { hubspotSdk } from './client.ts';
import { hubspotFailure, hubspotStatus } from './errors.ts';
import { requestedScopes } from './scopes.ts';
import type { HubSpotSdk } from './sdk.ts';
import { installPackForAccount } from './skills-store.ts';

/** An OAuth state is good for this long, once. */
const STATE_TTL_MS = 10 * 60_000;
/** Access tokens (30 minutes) are refreshed this long before they expire. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const tokenContext = (accountId: string) => `hubspot:${accountId}`;

export interface ConnectionStatus {
  status: 'not_connected' | 'connected' | 'reconnect_needed';
  hubId: string | null;
  scopes: string[];
  connectedAt: string | null;
  accessExpiresAt: string | null;
  lastError: string | null;
}

function app(ctx: AppContext): { clientId: string; clientSecret: string } {
  const { clientId, clientSecret } = ctx.config.hubspot;
  if (!clientId || !clientSecret) {
    throw conflict(
      'HubSpot is not configured on this server: set FRONTDESK_HUBSPOT_CLIENT_ID and FRONTDESK_HUBSPOT_CLIENT_SECRET.',
      'hubspot_not_configured',
    );
  }
  return { clientId, clientSecret };
}

/** The user behind a principal: a session's user, or the user who created the API key. */
async function userOf(ctx: AppContext, principal: Principal): Promise<string | null> {
  const direct = (principal as Principal & { userId?: string }).userId;
  if (direct) return direct;
  const row = await ctx.db
    .selectFrom('api_keys')
    .select('created_by')
    .where('id', '=', principal.keyId)
    .executeTakeFirst();
  return row?.created_by ?? null;
}

/** POST …/connect: a consent URL with a fresh single-use state bound to the requesting user. */
export async function startConnect(
  ctx: AppContext,
  principal: Principal,
  opts: { redirectUri: string; customObjects: boolean; extraScopes?: readonly string[] },
): Promise<{ oauthUrl: string; scopes: string[]; expiresAt: string }> {
  const { clientId } = app(ctx);
  const state = randomBytes(32).toString('base64url');
  const scopes = requestedScopes(opts.customObjects, opts.extraScopes);
  const expiresAt = new Date(Date.now() + STATE_TTL_MS);
  await ctx.db
    .insertInto('hubspot_oauth_states')
    .values({
      state_hash: sha256(state),
      account_id: principal.accountId,
      user_id: await userOf(ctx, principal),
      redirect_uri: opts.redirectUri,
      scopes: toJson(scopes),
      expires_at: expiresAt,
    })
    .execute();
  const url = new URL(ctx.config.hubspot.authorizeUrl);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', opts.redirectUri);
  url.searchParams.set('scope', scopes.join(' '));
  url.searchParams.set('state', state);
  return { oauthUrl: url.href, scopes, expiresAt: expiresAt.toISOString() };
}

/** The browser callback: checks and spends the state, exchanges the code, stores the tokens sealed. */
export async function completeConnect(
  ctx: AppContext,
  session: BrowserSession,
  query: { code?: string | undefined; state?: string | undefined; error?: string | undefined },
): Promise<ConnectionStatus> {
  if (!query.state)
    throw invalid('The HubSpot callback has no state.', [{ path: 'query.state', message: 'required' }]);
  // Spending the state is one conditional update: two tabs racing cannot both use it.
  const spent = await ctx.db
    .updateTable('hubspot_oauth_states')
    .set({ used_at: new Date() })
    .where('state_hash', '=', sha256(query.state))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .where('account_id', '=', session.accountId)
    .returningAll()
    .executeTakeFirst();
  if (!spent)
    throw forbidden(
      'This HubSpot link is unknown, expired or already used; start connecting again.',
      'oauth_state_invalid',
    );
  if (spent.user_id && session.userId && spent.user_id !== session.userId) {
    throw forbidden('This HubSpot link was started by another user.', 'oauth_state_invalid');
  }
  if (query.error || !query.code)
    throw invalid(`HubSpot did not grant access (${query.error ?? 'no code'}).`, [], 'hubspot_denied');
  const { clientId, clientSecret } = app(ctx);
  let tokens: { accessToken: string; refreshToken: string; expiresIn: number };
  let raw: { hub_id?: number; scopes?: string[] };
  try {
    const info = await hubspotSdk(ctx, `frontdesk:${session.accountId}`).oauth.tokensApi.createWithHttpInfo(
      'authorization_code',
      query.code,
      spent.redirect_uri,
      clientId,
      clientSecret,
    );
    tokens = info.data;
    // The SDK's TokenResponseIF model drops `hub_id` and `scopes`; the raw body has them.
    raw = JSON.parse(await info.body.text()) as typeof raw;
  } catch (e) {
    throw hubspotFailure(e, 'HubSpot token exchange');
  }
  const hubId = String(raw.hub_id ?? 'unknown');
  const scopes = Array.isArray(raw.scopes) ? raw.scopes : spent.scopes;
  const sealed = ctx.keyring.seal(
    JSON.stringify({ access: tokens.accessToken, refresh: tokens.refreshToken }),
    tokenContext(session.accountId),
  );
  const row = {
    status: 'connected' as const,
    hub_id: hubId,
    scopes: toJson(scopes),
    tokens: sealed,
    access_expires_at: new Date(Date.now() + tokens.expiresIn * 1000),
    connected_by: session.userId,
    last_error: null,
    updated_at: new Date(),
  };
  await ctx.db
    .insertInto('hubspot_connections')
    .values({ account_id: session.accountId, ...row, connected_at: new Date() })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ ...row, connected_at: new Date() }))
    .execute();
  // Connecting installs the Connector Pack for the account's agents (seed 003); idempotent.
  await installPackForAccount(ctx, session.accountId);
  return connectionStatus(ctx, session.accountId);
}

export async function connectionStatus(
  ctx: Pick<AppContext, 'db'>,
  accountId: string,
): Promise<ConnectionStatus> {
  const row = await ctx.db
    .selectFrom('hubspot_connections')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row)
    return {
      status: 'not_connected',
      hubId: null,
      scopes: [],
      connectedAt: null,
      accessExpiresAt: null,
      lastError: null,
    };
  return {
    status: row.status,
    hubId: row.hub_id,
    scopes: row.scopes,
    connectedAt: row.connected_at.toISOString(),
    accessExpiresAt: row.access_expires_at.toISOString(),
    lastError: row.last_error,
  };
}

export async function disconnect(ctx: AppContext, accountId: string): Promise<void> {
  await ctx.db.deleteFrom('hubspot_connections').where('account_id', '=', accountId).execute();
}

export interface HubSpotSession {
  sdk: HubSpotSdk;
  hubId: string;
  scopes: string[];
}

/**
 * An SDK client with a valid access token, refreshed when it expires within the margin
 * (HubSpot: refresh from expires_in, a 401 is not a reliable signal). One refresh at a time
 * per account across processes; a refused refresh marks the connection "reconnect needed".
 */
export async function hubspotFor(ctx: AppContext, accountId: string): Promise<HubSpotSession> {
  const load = () =>
    ctx.db
      .selectFrom('hubspot_connections')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
  let row = await load();
  if (!row) throw conflict('HubSpot is not connected for this account.', 'hubspot_not_connected');
  if (row.access_expires_at.getTime() - Date.now() < REFRESH_MARGIN_MS && row.status === 'connected') {
    row = await withLock(ctx.database, `hubspot:refresh:${accountId}`, async () => {
      const fresh = await load();
      if (
        fresh?.status !== 'connected' ||
        fresh.access_expires_at.getTime() - Date.now() >= REFRESH_MARGIN_MS
      )
        return fresh;
      return refresh(ctx, accountId, fresh);
    });
    if (!row) throw conflict('HubSpot is not connected for this account.', 'hubspot_not_connected');
  }
  if (row.status !== 'connected') {
    throw conflict(
      'HubSpot needs to be reconnected: the connection could not be refreshed.',
      'hubspot_reconnect_needed',
    );
  }
  const { access } = JSON.parse(ctx.keyring.open(row.tokens, tokenContext(accountId))) as { access: string };
  return { sdk: hubspotSdk(ctx, row.hub_id, access), hubId: row.hub_id, scopes: row.scopes };
}

type ConnectionRow = NonNullable<Awaited<ReturnType<typeof loadRow>>>;
const loadRow = (ctx: AppContext, accountId: string) =>
  ctx.db.selectFrom('hubspot_connections').selectAll().where('account_id', '=', accountId).executeTakeFirst();

async function refresh(
  ctx: AppContext,
  accountId: string,
  row: ConnectionRow,
): Promise<ConnectionRow | undefined> {
  const { clientId, clientSecret } = app(ctx);
  const { refresh: refreshToken } = JSON.parse(ctx.keyring.open(row.tokens, tokenContext(accountId))) as {
    refresh: string;
  };
  try {
    const t = await hubspotSdk(ctx, row.hub_id).oauth.tokensApi.create(
      'refresh_token',
      undefined,
      undefined,
      clientId,
      clientSecret,
      refreshToken,
    );
    await ctx.db
      .updateTable('hubspot_connections')
      .set({
        tokens: ctx.keyring.seal(
          JSON.stringify({ access: t.accessToken, refresh: t.refreshToken || refreshToken }),
          tokenContext(accountId),
        ),
        access_expires_at: new Date(Date.now() + t.expiresIn * 1000),
        last_error: null,
        updated_at: new Date(),
      })
      .where('account_id', '=', accountId)
      .execute();
  } catch (e) {
    const status = hubspotStatus(e);
    // HubSpot refused the refresh token itself: only a new consent helps. Anything else
    // (network, 5xx, 429) is transient and leaves the connection as it is.
    if (status !== 400 && status !== 401) throw hubspotFailure(e, 'HubSpot token refresh');
    await ctx.db
      .updateTable('hubspot_connections')
      .set({
        status: 'reconnect_needed',
        last_error: 'HubSpot refused to refresh the access token.',
        updated_at: new Date(),
      })
      .where('account_id', '=', accountId)
      .execute();
    ctx.log.warn({ accountId, status }, 'HubSpot token refresh refused; reconnect needed');
  }
  return loadRow(ctx, accountId);
}
