import { loadConfig } from '../../config/config.ts';
import { startRuntime } from '../../server/runtime.ts';

export async function startCommand(): Promise<void> {
  const config = loadConfig();
  const rt = await startRuntime(config);
  const out = process.stdout;
  out.write(
    `\nFrontdesk is running on Node ${process.versions.node} (${rt.ctx.database.kind === 'pg' ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`}).\n`,
  );
  out.write(`  Web app   ${rt.url}/\n`);
  out.write(`  API       ${rt.url}/api/v1\n`);
  out.write(`  API docs  ${rt.url}/docs   (OpenAPI: ${rt.url}/api/v1/openapi.json)\n`);
  out.write(`  Health    ${rt.url}/healthz   ${rt.url}/readyz   Metrics ${rt.url}/metrics\n`);
  if (rt.bootstrap.adminKey) {
    out.write(`\nFirst start: created the default account and its admin API key (shown once):\n\n`);
    out.write(`  ${rt.bootstrap.adminKey}\n\n`);
    out.write(`It is also in ${config.dataDir}/admin-key (mode 0600).\n`);
    out.write(
      `Try: curl -H "Authorization: Bearer $(cat ${config.dataDir}/admin-key)" ${rt.url}/api/v1/account\n\n`,
    );
    out.write(
      rt.bootstrap.adminPasswordSet
        ? `Sign in to the web app as ${rt.bootstrap.adminEmail} with FRONTDESK_ADMIN_PASSWORD.\n\n`
        : `To sign in to the web app, set the admin's password:\n\n  frontdesk users set-password ${rt.bootstrap.adminEmail}\n\n`,
    );
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    rt.ctx.log.info({ signal }, 'shutting down');
    await rt.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
