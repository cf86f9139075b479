import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot, seriousViolations } from './browser.ts';
import { waitFor } from './processes.ts';

/** A loopback HTTP API the actions call: password resets (API key required) and tickets. */
export interface LoopbackApi {
  url: string;
  host: string;
  received: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

export async function startLoopbackApi(apiKey: string): Promise<LoopbackApi> {
  const received: LoopbackApi['received'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'POST' && req.url === '/password-resets') {
        if (req.headers['x-api-key'] !== apiKey) return send(401, { error: 'bad key' });
        const email = (JSON.parse(body || '{}') as { email?: string }).email;
        return send(200, { status: 'sent', ticket: { id: 'T-100', email } });
      }
      const m = /^\/tickets\/([\w-]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && m) return send(200, { id: m[1], state: 'open' });
      send(404, { error: 'not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/**
 * Every screen a test reaches: axe-core finds no serious or critical violation, and a
 * screenshot is kept under .artifacts/screenshots for a reviewer.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await seriousViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/#/actions`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Actions', level: 1 }).waitFor();
}

/** The text content of an element found by test id. */
export const textOf = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).textContent()) ?? '';

const WEB = join(import.meta.dirname, '../../web');

const webBuildIsStale = (): boolean => {
  const built = join(WEB, 'dist/index.html');
  const at = existsSync(built) ? statSync(built).mtimeMs : 0;
  const sources = readdirSync(join(WEB, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
  return [join(WEB, 'index.html'), ...sources].some((f) => statSync(f).mtimeMs > at);
};

const WIDGET = join(WEB, 'widget');

const widgetBuildIsStale = (): boolean => {
  const bundle = join(WEB, 'dist-widget/widget.js');
  if (!existsSync(bundle)) return true;
  const at = statSync(bundle).mtimeMs;
  return readdirSync(WIDGET).some((f) => statSync(join(WIDGET, f)).mtimeMs > at);
};

/**
 * Builds the web app when its sources changed after the last build, so a browser test sees
 * the app as its sources are now (npm ci builds it, so CI does not rebuild).
 */
export const ensureWebBuild = () => buildIfStale(webBuildIsStale, join(WEB, 'vite.config.ts'));

/** The same for the live chat widget's bundle (web/dist-widget/widget.js). */
export const ensureWidgetBuild = () => buildIfStale(widgetBuildIsStale, join(WIDGET, 'vite.config.ts'));

/**
 * Browser suites run in parallel processes: a lock directory lets one build while the
 * others wait for it.
 */
async function buildIfStale(stale: () => boolean, configFile: string): Promise<void> {
  const lock = join(WEB, '.build-lock');
  await waitFor(
    () => {
      try {
        // A lock left by a killed run is taken over after two minutes.
        if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
          rmSync(lock, { recursive: true });
        mkdirSync(lock);
        return true;
      } catch {
        return false;
      }
    },
    'the web build lock',
    180_000,
  );
  try {
    if (stale()) {
      const { build } = await import('vite');
      await build({ configFile, logLevel: 'warn' });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
