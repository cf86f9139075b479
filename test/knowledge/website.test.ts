import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWLEDGE_CHANGED } from '../../src/knowledge/events.ts';
import { RESYNC_DUE_JOB } from '../../src/knowledge/website/jobs.ts';
import { type LoopbackServer, startLoopbackServer } from '../../src/shared/http/loopback-server.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/**
 * A website source end to end: a small help center served on loopback (sitemap, robots.txt
 * excluding a path, a redirect, a page that changes, one that disappears, one outside the
 * section) is added through the API, synced by the durable job, re-synced, and the agent
 * answers from it in a conversation, citing the page.
 */
const page = (title: string, body: string, links = '') =>
  `<!doctype html><html><head><title>${title}</title><script>var x = "<p>not text</p>";</script></head>` +
  `<body><nav><a href="/help/">Help home</a> ${links}</nav><main>${body}</main>` +
  '<footer>&copy; Acme</footer></body></html>';

function helpCenter() {
  const state = { shippingDays: '5', giftCards: true, returnsEtag: '"returns-v1"' };
  const shippingModified = { at: 'Mon, 02 Nov 2026 10:00:00 GMT' };
  const html = (res: ServerResponse, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const origin = `http://${req.headers.host}`;
    switch (req.url) {
      case '/robots.txt':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`User-agent: *\nDisallow: /help/internal/\n\nSitemap: ${origin}/sitemap.xml\n`);
        return;
      case '/sitemap.xml':
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
            ['/help/returns', '/help/internal/staff-notes', '/help/old-warranty', '/pricing']
              .map((p) => `<url><loc>${origin}${p}</loc></url>`)
              .join('') +
            '</urlset>',
        );
        return;
      case '/help/':
        return html(
          res,
          page(
            'Help Center',
            '<h1>Help Center</h1><p>Browse our articles.</p>',
            '<a href="/help/shipping">Shipping</a> <a href="/help/gift-cards">Gift cards</a> ' +
              '<a href="/pricing">Pricing</a> <a href="/help/internal/staff-notes">Staff</a>',
          ),
        );
      case '/help/returns':
        if (req.headers['if-none-match'] === state.returnsEtag) {
          res.writeHead(304, { etag: state.returnsEtag });
          res.end();
          return;
        }
        return html(
          res,
          page(
            'Returns and refunds',
            '<h1>Returns and refunds</h1><h2 id="return-window">Return window</h2>' +
              '<p>You can return unworn shoes within 60 days of delivery for a full refund.</p>',
          ),
          { etag: state.returnsEtag },
        );
      case '/help/shipping':
        if (req.headers['if-modified-since'] === shippingModified.at) {
          res.writeHead(304);
          res.end();
          return;
        }
        return html(
          res,
          page(
            'Shipping',
            '<h1>Shipping</h1><h2>Delivery times</h2>' +
              `<p>Standard delivery to Norway takes ${state.shippingDays} business days.</p>`,
          ),
          { 'last-modified': shippingModified.at },
        );
      case '/help/gift-cards':
        if (!state.giftCards) {
          res.writeHead(404, { 'content-type': 'text/html' });
          res.end('<h1>Not found</h1>');
          return;
        }
        return html(
          res,
          page('Gift cards', '<h1>Gift cards</h1><p>Gift cards never expire and can be used online.</p>'),
        );
      case '/help/old-warranty':
        res.writeHead(301, { location: '/help/warranty' });
        res.end();
        return;
      case '/help/warranty':
        return html(
          res,
          page('Warranty', '<h1>Warranty</h1><p>Every kettle carries a three year warranty.</p>'),
        );
      default:
        // /help/internal/* and /pricing must never be asked for.
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('should not have been fetched');
    }
  };
  return { state, shippingModified, handler };
}

describe.each(backends)('website knowledge source on %s', (kind) => {
  let site: LoopbackServer;
  let t: TestApp;
  let agentId: string;
  let sourceId: string;
  const help = helpCenter();

  const source = async () => (await t.call('GET', `/api/v1/agents/${agentId}/knowledge/${sourceId}`)).body;
  const settled = async (after?: string) => {
    for (let i = 0; i < 600; i++) {
      const s = await source();
      if ((s.state === 'ready' || s.state === 'failed') && s.lastSyncedAt !== after) return s;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the sync did not finish');
  };
  const pages = async () =>
    (await t.call('GET', `/api/v1/agents/${agentId}/knowledge/${sourceId}/pages`)).body.pages as {
      url: string;
      title: string;
    }[];
  const ask = async (question: string) => {
    const conv = await t.call('POST', `/api/v1/agents/${agentId}/conversations`, { body: {} });
    expect(conv.status).toBe(201);
    const turn = await t.call('POST', `/api/v1/conversations/${conv.body.id}/messages`, {
      body: { text: question },
    });
    expect(turn.status, JSON.stringify(turn.body)).toBe(200);
    const text = (turn.body.replies as { text: string }[]).map((r) => r.text).join('\n');
    // The reply names the page; the trace carries the full citation with the URL and section.
    return `${text}\n${turn.body.trace?.knowledge?.source ?? ''}`;
  };

  beforeAll(async () => {
    site = await startLoopbackServer(help.handler);
    t = await startTestApp(kind, { env: { FRONTDESK_DEV_HOSTS: site.host } });
    agentId = (await t.call('POST', '/api/v1/agents', { body: { name: 'Help agent' } })).body.id;
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await site?.close();
  });

  it('adds a section, returns it queued, and the first sync indexes the right pages', async () => {
    const created = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/websites`, {
      body: { url: `${site.origin}/help/`, title: 'Acme help center' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ kind: 'website', scope: 'section', enabled: true });
    expect(['queued', 'indexing', 'ready']).toContain(created.body.state);
    sourceId = created.body.id;

    const synced = await settled();
    expect(synced).toMatchObject({ state: 'ready', stateReason: null, pageCount: 5 });
    expect((await pages()).map((p) => p.url.replace(site.origin, ''))).toEqual([
      '/help/',
      '/help/gift-cards',
      '/help/returns',
      '/help/shipping',
      '/help/warranty',
    ]);
    const asked = site.received.map((r) => r.url);
    expect(asked).toContain('/robots.txt');
    expect(asked).toContain('/help/old-warranty');
    expect(asked.filter((u) => u.startsWith('/help/internal') || u === '/pricing')).toEqual([]);
    const list = (await t.call('GET', `/api/v1/agents/${agentId}/knowledge`)).body.sources;
    expect(list.map((s: { id: string }) => s.id)).toContain(sourceId);
  });

  it('answers a question from the site in a conversation, citing the page and section', async () => {
    const reply = await ask('How long does standard delivery to Norway take?');
    expect(reply).toContain('Standard delivery to Norway takes 5 business days.');
    expect(reply).toContain('Source: Shipping');
    expect(reply).toContain(`Source: Shipping (${site.origin}/help/shipping#delivery-times)`);
  });

  it('re-syncs: a changed page is re-indexed, a removed one dropped, an unchanged one asked conditionally', async () => {
    const before = await source();
    const published: unknown[] = [];
    const unsubscribe = await t.rt.ctx.events.subscribe(KNOWLEDGE_CHANGED, (p) => published.push(p));
    help.state.shippingDays = '2';
    help.shippingModified.at = 'Tue, 03 Nov 2026 10:00:00 GMT';
    help.state.giftCards = false;
    site.received.length = 0;
    const queued = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/${sourceId}/sync`);
    expect(queued.status).toBe(202);
    const after = await settled(before.lastSyncedAt);
    expect(after).toMatchObject({ state: 'ready', pageCount: 4 });
    expect((await pages()).map((p) => p.url.replace(site.origin, ''))).not.toContain('/help/gift-cards');
    const returns = site.received.find((r) => r.url === '/help/returns');
    expect(returns?.headers['if-none-match']).toBe('"returns-v1"');
    // Other processes learn that the agent's knowledge changed (their cached indexes are stale).
    for (let i = 0; i < 100 && published.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await unsubscribe();
    expect(published).toContainEqual({ accountId: expect.any(String), agentId });

    expect(await ask('How long does standard delivery to Norway take?')).toContain('takes 2 business days');
    expect(await ask('Do gift cards expire?')).not.toContain('gift-cards');
    expect(await ask('what is the warranty on a kettle?')).toContain(`${site.origin}/help/warranty`);
  });

  it('re-syncs on schedule: the hourly check queues a source whose last sync is older than its period', async () => {
    const old = new Date(Date.now() - 25 * 3600_000);
    await t.rt.ctx.db
      .updateTable('knowledge_sources')
      .set({ last_synced_at: old })
      .where('id', '=', sourceId)
      .execute();
    site.received.length = 0;
    await t.rt.ctx.jobs.send(RESYNC_DUE_JOB, { hour: 'test' });
    const after = await settled(old.toISOString());
    expect(after.state).toBe('ready');
    expect(Date.parse(after.lastSyncedAt)).toBeGreaterThan(Date.now() - 3600_000);
    expect(site.received.map((r) => r.url)).toContain('/robots.txt');
  });

  it('does not answer from a source that is turned off', async () => {
    const off = await t.call('PATCH', `/api/v1/agents/${agentId}/knowledge/${sourceId}`, {
      body: { enabled: false },
    });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    const search = await t.call(
      'GET',
      `/api/v1/agents/${agentId}/knowledge/search?q=${encodeURIComponent('standard delivery to Norway')}`,
    );
    expect(search.body.answer).toBeNull();
    await t.call('PATCH', `/api/v1/agents/${agentId}/knowledge/${sourceId}`, { body: { enabled: true } });
    const again = await t.call(
      'GET',
      `/api/v1/agents/${agentId}/knowledge/search?q=${encodeURIComponent('standard delivery to Norway')}`,
    );
    expect(again.body.answer.source).toContain('/help/shipping');
  });

  it('refuses URLs the outbound policy refuses, with the field path', async () => {
    for (const url of ['ftp://example.com/', 'http://10.0.0.1/help/', 'not a url']) {
      const res = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/websites`, { body: { url } });
      expect(res.status, url).toBe(422);
      expect(res.body.error.details[0].path).toBe('url');
    }
    const sync = await t.call('POST', `/api/v1/agents/${agentId}/knowledge/nope/sync`);
    expect(sync.status).toBe(404);
  });
});
