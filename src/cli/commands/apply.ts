import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Command } from 'commander';
import { parseAllDocuments, stringify } from 'yaml';
import { SECRET_FIELDS } from '../../apply/export.ts';
import { secretFieldsOf } from '../../channels/channel-config.ts';
import { createApiClient } from '../api-client.ts';
import { UserError } from '../user-error.ts';

const FILE_TYPES = new Set(['.yaml', '.yml', '.json']);

/** Every resource in a file or a folder (sorted by name): YAML documents, lists, or JSON. */
export async function readResources(path: string): Promise<unknown[]> {
  const info = await stat(path).catch(() => {
    throw new UserError(`No such file or folder: ${path}`);
  });
  const files = info.isDirectory()
    ? (await readdir(path))
        .filter((f) => FILE_TYPES.has(extname(f)))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const out: unknown[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) throw new UserError(`${file}: ${doc.errors[0]!.message}`);
      const value = doc.toJS();
      if (value == null) continue;
      if (Array.isArray(value)) out.push(...value);
      else if (typeof value === 'object' && Array.isArray((value as { resources?: unknown }).resources)) {
        out.push(...(value as { resources: unknown[] }).resources);
      } else out.push(value);
    }
  }
  return out;
}

/** Replaces `${env:NAME}` in every string with the variable's value; a missing one is an error. */
export function resolveEnvRefs(value: unknown, env: NodeJS.ProcessEnv, missing: string[] = []): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) missing.push(name);
      return v ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveEnvRefs(v, env, missing));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveEnvRefs(v, env, missing)]));
  }
  return value;
}

interface ApplyResponse {
  results: { kind: string; name: string; result: string }[];
  changed: number;
}

export function registerApplyCommands(program: Command): void {
  program
    .command('apply')
    .description(
      'Create or update agents, connections, actions, flows, channels, teams, deployments and routing rules from YAML/JSON files, idempotently',
    )
    .requiredOption('-f, --file <path>', 'a file or a folder of .yaml/.yml/.json files')
    .option('--dry-run', 'report what would change without changing anything')
    .action(async (o: { file: string; dryRun?: boolean }) => {
      const missing: string[] = [];
      const resources = resolveEnvRefs(await readResources(o.file), process.env, missing);
      if (missing.length)
        throw new UserError(`Set these environment variables: ${[...new Set(missing)].join(', ')}`);
      const api = await createApiClient();
      const res = await api.call<ApplyResponse>('POST', '/api/v1/config/apply', {
        resources,
        dryRun: !!o.dryRun,
      });
      for (const r of res.results)
        process.stdout.write(`${r.kind.padEnd(10)} ${r.name.padEnd(32)} ${r.result}\n`);
      process.stdout.write(
        res.changed === 0
          ? 'No changes.\n'
          : `${res.changed} changed${o.dryRun ? ' (dry run: nothing written)' : ''}.\n`,
      );
    });

  program
    .command('export')
    // biome-ignore lint/suspicious/noTemplateCurlyInString: names the ${env:…} syntax, not a template
    .description('Write the configuration as YAML (secrets become ${env:…} references)')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (o: { output?: string }) => {
      const api = await createApiClient();
      const { resources } = await api.call<{ resources: Record<string, unknown>[] }>(
        'GET',
        '/api/v1/config/export',
      );
      const docs = resources.map((r) => {
        const spec = r['spec'] as Record<string, unknown>;
        const fields =
          r['kind'] === 'Connection'
            ? (SECRET_FIELDS[String(spec['type'])] ?? [])
            : r['kind'] === 'Channel'
              ? secretFieldsOf(String(spec['type']))
              : [];
        if (!fields.length) return r;
        const prefix =
          r['kind'] === 'Channel'
            ? `CHANNEL_${String(spec['name'])
                .toUpperCase()
                .replace(/[^A-Z0-9]+/g, '_')}`
            : String(spec['key']).toUpperCase();
        const envName = (f: string) => `${prefix}_${f.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
        const secrets = Object.fromEntries(fields.map((f) => [f, `\${env:${envName(f)}}`]));
        return { ...r, spec: { ...spec, secrets } };
      });
      const text = docs.map((d) => stringify(d)).join('---\n');
      if (o.output) await writeFile(o.output, text);
      else process.stdout.write(text);
    });
}
