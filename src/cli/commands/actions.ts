import type { Command } from 'commander';
import { createApiClient } from '../api-client.ts';
import { UserError } from '../user-error.ts';

/** Parses `k=v` pairs; values that read as JSON (numbers, true, arrays) keep their JSON type. */
export function parseInputPairs(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UserError(`--input takes name=value, got "${pair}"`);
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {}
    out[pair.slice(0, at)] = value;
  }
  return out;
}

export function registerActionCommands(program: Command): void {
  const actions = program.command('actions').description('Work with actions');
  actions
    .command('test <key>')
    .description('Make a test call of an action with sample inputs (B8), without publishing')
    .option('--agent <agent>', 'agent name or id (default: the only agent that has this action)')
    .option('-i, --input <name=value...>', 'an input value; repeat for more', [])
    .action(async (key: string, o: { agent?: string; input: string[] }) => {
      const api = await createApiClient();
      const { agents } = await api.call<{ agents: { id: string; name: string }[] }>('GET', '/api/v1/agents');
      const candidates = o.agent ? agents.filter((a) => a.id === o.agent || a.name === o.agent) : agents;
      let agentId: string | undefined;
      for (const a of candidates) {
        const { actions: list } = await api.call<{ actions: { key: string }[] }>(
          'GET',
          `/api/v1/agents/${a.id}/actions`,
        );
        if (list.some((x) => x.key === key)) {
          if (agentId) throw new UserError(`Several agents have "${key}"; pass --agent.`);
          agentId = a.id;
        }
      }
      if (!agentId) throw new UserError(`No action "${key}"${o.agent ? ` on agent ${o.agent}` : ''}.`);
      const body = `{"inputs":${JSON.stringify(parseInputPairs(o.input))}}`;
      const res = await api.call<Record<string, unknown>>(
        'POST',
        `/api/v1/agents/${agentId}/actions/${key}/test`,
        JSON.parse(body),
      );
      process.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
      if (!res['ok']) process.exitCode = 1;
    });
}
