import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { DEMO_MAILBOX_PATH } from '../../demo/mailbox.ts';
import { createApiClient } from '../api-client.ts';
import { UserError } from '../user-error.ts';

interface Turn {
  replies: { text: string }[];
  state: string;
  trace: { skill?: { key: string }; run?: { ok: boolean; status?: number }; knowledge?: { source: string } };
}

/** `frontdesk chat <agent>`: the same conversation the API gives, in a terminal (C7 preview with --draft). */
export function registerChatCommand(program: Command): void {
  program
    .command('chat <agent>')
    .description('Chat with an agent in the terminal (agent name or id)')
    .option('--draft', 'preview: let the agent use draft actions')
    .option('--email <email>', "the customer's email")
    .option('--verified', 'treat the customer as verified (as a signed-in user)')
    .option('--trace', 'show which action or content answered')
    .action(
      async (
        agentRef: string,
        o: { draft?: boolean; email?: string; verified?: boolean; trace?: boolean },
      ) => {
        const api = await createApiClient();
        const { agents } = await api.call<{ agents: { id: string; name: string }[] }>(
          'GET',
          '/api/v1/agents',
        );
        const agent = agents.find(
          (a) => a.id === agentRef || a.name.toLowerCase() === agentRef.toLowerCase(),
        );
        if (!agent)
          throw new UserError(`No agent "${agentRef}". Agents: ${agents.map((a) => a.name).join(', ')}`);
        const contact = {
          ...(o.email ? { email: o.email } : {}),
          ...(o.verified ? { verified: ['email'] } : {}),
        };
        const conv = await api.call<{ id: string; replies: { text: string }[] }>(
          'POST',
          `/api/v1/agents/${agent.id}/conversations`,
          {
            draft: !!o.draft,
            ...(Object.keys(contact).length ? { contact } : {}),
          },
        );
        const out = process.stdout;
        const seenMail = new Set<string>();
        await printDemoMail(api.baseUrl, seenMail, null);
        for (const r of conv.replies) out.write(`${agent.name}: ${r.text}\n`);
        const rl = createInterface({
          input: process.stdin,
          output: process.stdout,
          terminal: process.stdin.isTTY,
        });
        rl.on('SIGINT', () => rl.close());
        for await (const line of rl) {
          const text = line.trim();
          if (!text) continue;
          if (text === '/quit' || text === '/exit') break;
          const turn = await api.call<Turn>('POST', `/api/v1/conversations/${conv.id}/messages`, { text });
          for (const r of turn.replies) out.write(`${agent.name}: ${r.text}\n`);
          await printDemoMail(api.baseUrl, seenMail, out);
          if (o.trace) {
            const t = turn.trace;
            const what = t.skill
              ? `${t.skill.key}${t.run ? ` → ${t.run.ok ? 'ok' : 'failed'} ${t.run.status ?? ''}` : ''}`
              : (t.knowledge?.source ?? '—');
            out.write(`  [${turn.state}] ${what}\n`);
          }
          if (turn.state === 'handed_off' && turn.replies.length === 0)
            out.write('  (a person has this conversation now)\n');
        }
        rl.close();
      },
    );
}

/**
 * With the demo mailbox on (demo workspace, no SMTP), one-time codes land there: print each new
 * message so the demo refund can be finished in the terminal. `out` null only marks what is there.
 */
async function printDemoMail(baseUrl: string, seen: Set<string>, out: NodeJS.WritableStream | null) {
  let messages: { id: string; to: string; subject: string }[];
  try {
    const res = await fetch(`${baseUrl}${DEMO_MAILBOX_PATH}.json`);
    if (!res.ok) return;
    messages = ((await res.json()) as { messages: typeof messages }).messages;
  } catch {
    return;
  }
  for (const m of [...messages].reverse()) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    out?.write(`  [demo mailbox, ${baseUrl}${DEMO_MAILBOX_PATH}] to ${m.to}: ${m.subject}\n`);
  }
}
