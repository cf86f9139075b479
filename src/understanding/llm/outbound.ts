import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../shared/http/client.ts';

/**
 * Model calls go through the project's one SSRF-safe client, like actions: an agent's
 * `baseUrl` is chosen by whoever may edit the agent, so it must not reach loopback, private
 * or metadata addresses, nor plain http — unless the operator allows the host in
 * FRONTDESK_MODEL_HOSTS (a local Ollama or vLLM). The address policy is the actions' one;
 * only the time and size ceilings are larger, as models answer slowly and at length.
 */
export const MODEL_TIMEOUT_MS = 120_000;
export const MODEL_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Adapts the client to the `fetch` signature the AI SDK providers accept. */
export function policyFetch(client: HttpClient): typeof fetch {
  const adapted = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' || input instanceof URL ? input : input.url;
    const body = init.body;
    if (body !== undefined && body !== null && typeof body !== 'string') {
      throw new TypeError('Model requests must have a text body.');
    }
    const res = await client.request({
      method: init.method ?? 'GET',
      url,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      ...(typeof body === 'string' ? { body } : {}),
      timeoutMs: MODEL_TIMEOUT_MS,
      ...(init.signal ? { signal: init.signal } : {}),
    });
    const empty = res.status === 204 || res.status === 205 || res.status === 304;
    return new Response(empty ? null : res.bodyText, { status: res.status, headers: res.headers });
  };
  return adapted as typeof fetch;
}

let shared: { client: HttpClient; fetch: typeof fetch } | undefined;

/**
 * Sets the process's model host allowance (from FRONTDESK_MODEL_HOSTS) at start. Model
 * calls made before, or in a process that never calls it, allow no extra host.
 */
export function configureModelOutbound(options: Pick<HttpClientOptions, 'devHosts' | 'resolve'>): void {
  const previous = shared;
  const client = createHttpClient({
    ...options,
    ceilings: { timeoutMs: MODEL_TIMEOUT_MS, responseBytes: MODEL_RESPONSE_BYTES },
  });
  shared = { client, fetch: policyFetch(client) };
  void previous?.client.close();
}

/** The fetch every model call uses unless a caller passes its own (tests do). */
export function modelFetch(): typeof fetch {
  if (!shared) configureModelOutbound({});
  return shared!.fetch;
}
