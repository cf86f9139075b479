import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A shop's website on its own loopback origin, for the widget's browser tests: each page
 * path serves a page with the given markup (the widget's one-line embed) at the end of its
 * body, and hostile CSS that must not reach the widget (it hides every button and li).
 */
export interface Shop {
  url: string;
  /** The markup per page path; a path not set is a 404. */
  pages: Map<string, string>;
  close(): Promise<void>;
}

export async function startShop(): Promise<Shop> {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const script = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (script === undefined) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><head><title>Shop</title><style>button,li{display:none!important}*{font-size:2px!important}</style></head><body><main><h1>Shop</h1></main>${script}</body></html>`,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pages,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** The one-line embed a shop puts on its pages (README "Live chat widget"). */
export const embed = (frontdeskUrl: string, publicId: string, token?: string) =>
  `<script src="${frontdeskUrl}/widget.js" data-channel="${publicId}"${token ? ` data-token="${token}"` : ''} async></script>`;
