import type { Command } from 'commander';
import { createApiClient } from '../api-client.ts';

interface KeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  lastUsedAt: string | null;
  revokedAt: string | null;
  key?: string;
}

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('Manage API keys');
  keys
    .command('create')
    .requiredOption('--name <name>', 'a name to recognise the key by')
    .requiredOption('--scopes <scopes>', 'comma-separated scopes, e.g. agents:read,actions:write')
    .description('Create an API key (printed once)')
    .action(async (o: { name: string; scopes: string }) => {
      const api = await createApiClient();
      const k = await api.call<KeyView>('POST', '/api/v1/api-keys', {
        name: o.name,
        scopes: o.scopes.split(',').map((s) => s.trim()),
      });
      process.stdout.write(`${k.key}\n`);
      process.stderr.write(
        `Created ${k.id} (${k.prefix}…) with ${k.scopes.join(', ')}. It is shown only now.\n`,
      );
    });
  keys
    .command('list')
    .description('List API keys')
    .action(async () => {
      const api = await createApiClient();
      const { apiKeys } = await api.call<{ apiKeys: KeyView[] }>('GET', '/api/v1/api-keys');
      for (const k of apiKeys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt}` : `last used ${k.lastUsedAt ?? 'never'}`;
        process.stdout.write(`${k.id}  ${k.prefix}…  ${k.name}  [${k.scopes.join(' ')}]  ${state}\n`);
      }
    });
  keys
    .command('revoke <id>')
    .description('Revoke an API key')
    .action(async (id: string) => {
      const api = await createApiClient();
      const k = await api.call<KeyView>('DELETE', `/api/v1/api-keys/${encodeURIComponent(id)}`);
      process.stdout.write(`Revoked ${k.id} (${k.prefix}…)\n`);
    });
}
