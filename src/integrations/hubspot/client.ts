import { sharedHttpClient } from '../../actions/runner/shared-client.ts';
import type { AppContext } from '../../context.ts';
import { DatabasePacing } from './pacer.ts';
import { createHubSpotSdk, type HubSpotSdk } from './sdk.ts';
import { HubSpotTransport } from './transport.ts';

/** An SDK client for one HubSpot account (or, before a connection exists, for the token endpoint). */
export function hubspotSdk(ctx: AppContext, pacingKey: string, accessToken?: string): HubSpotSdk {
  const transport = new HubSpotTransport({
    http: sharedHttpClient(ctx.config.devHosts),
    // Per HubSpot account, across every process on the database (contracts.md §1.7).
    pacing: new DatabasePacing(ctx.db),
    account: pacingKey,
  });
  return createHubSpotSdk({
    baseUrl: ctx.config.hubspot.baseUrl,
    transport,
    ...(accessToken ? { accessToken } : {}),
  });
}
