import { invalid } from '../shared/errors.ts';
import { parseDevHosts } from '../shared/http/dev-hosts.ts';
import { OutboundError } from '../shared/http/errors.ts';
import { checkOutboundUrl } from '../shared/http/url-policy.ts';

/**
 * Refuses, when an agent is saved, a model base URL that every call would refuse: plain
 * http or a literal private/loopback/metadata address, unless the operator allowed the host
 * in FRONTDESK_MODEL_HOSTS. Names are checked again, address by address, on every call.
 */
export function assertModelAddress(
  model: { baseUrl?: string | undefined } | null | undefined,
  modelHosts: readonly string[],
): void {
  if (!model?.baseUrl) return;
  try {
    checkOutboundUrl(model.baseUrl, parseDevHosts(modelHosts));
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    throw invalid('The model base URL is not allowed.', [
      {
        path: 'model.baseUrl',
        message: `${error.message} An operator can allow a local model server with FRONTDESK_MODEL_HOSTS.`,
      },
    ]);
  }
}
