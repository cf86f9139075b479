import { Client } from '@hubspot/api-client';
import type { HubSpotTransport } from './transport.ts';

/**
 * The official SDK, bound to Frontdesk's transport. The SDK has no setting for its HTTP
 * layer: `createConfiguration` takes an `httpApi`, but the top-level Client never passes
 * one, and the per-call `_options.httpApi` is ignored by the generated code (it sends
 * with `this.configuration.httpApi`). So the one configuration object each API group
 * shares is given our transport after construction. If an SDK upgrade changes that shape,
 * `bind` throws instead of silently letting calls bypass the address policy.
 */
export type HubSpotSdk = Client;

/** The API groups Frontdesk uses; each is bound before first use. */
function apis(client: Client): object[] {
  const crm = client.crm;
  return [
    crm.objects.basicApi,
    crm.objects.batchApi,
    crm.objects.searchApi,
    crm.properties.coreApi,
    crm.schemas.coreApi,
    crm.associations.v4.basicApi,
    crm.associations.v4.batchApi,
    crm.pipelines.pipelinesApi,
    client.oauth.tokensApi,
  ];
}

function bind(api: object, transport: HubSpotTransport): void {
  const configuration = (api as { api?: { configuration?: { httpApi?: unknown } } }).api?.configuration;
  if (!configuration || typeof configuration !== 'object' || !('httpApi' in configuration)) {
    throw new Error('The HubSpot SDK changed shape: its HTTP layer cannot be replaced, refusing to send.');
  }
  configuration.httpApi = transport;
}

export function createHubSpotSdk(opts: {
  baseUrl: string;
  accessToken?: string;
  transport: HubSpotTransport;
}): HubSpotSdk {
  // No limiter and no retries in the SDK: both live in the transport (one place), and the
  // SDK's decorators are a process-wide singleton that every Client construction resets.
  const client = new Client({
    basePath: opts.baseUrl.replace(/\/+$/, ''),
    ...(opts.accessToken ? { accessToken: opts.accessToken } : {}),
    numberOfApiCallRetries: 0,
  });
  for (const api of apis(client)) bind(api, opts.transport);
  return client;
}
