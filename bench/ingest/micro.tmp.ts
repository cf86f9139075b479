import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config/config.ts';
import { startRuntime } from '../../src/server/runtime.ts';
const env: Record<string,string> = { PORT: '0', HOST: '127.0.0.1', FRONTDESK_DATA_DIR: await mkdtemp(join(tmpdir(), 'fx-')), LOG_LEVEL: 'silent', FRONTDESK_DEMO: 'off', FRONTDESK_WORKERS: 'off', FRONTDESK_DEV_HOSTS: '127.0.0.1:9' };
if (process.argv[2]) env['DATABASE_URL'] = process.argv[2];
const rt = await startRuntime(loadConfig(env));
const key = rt.bootstrap.adminKey!;
const api = async (path: string, body: unknown, auth = key) => {
  const res = await fetch(`${rt.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as any;
};
const agent = await api('/api/v1/agents', { name: 'A' });
const channel = await api('/api/v1/channels', { type: 'custom', name: 'S', config: { webhookUrl: 'http://127.0.0.1:9/h' } });
await api('/api/v1/deployments', { agentId: agent.id, channelId: channel.id });
const first = await api(`/webhooks/custom/${channel.id}`, { messageId: `m0`, contact: { id: `c1` }, text: 'hi' }, channel.secrets.channelKey);
const conv = first.conversationId; const acc = channel.id && (await rt.ctx.db.selectFrom('channels').select('account_id').executeTakeFirstOrThrow()).account_id;
let n = 0;
const variants: Record<string, () => any> = {
  bare: () => sql`with c as (update conversations set next_seq = next_seq + 1, last_activity_at = now(), updated_at = now() where id = ${conv} and status = 'open' returning id, account_id, next_seq - 1 as seq)
    insert into messages (id, account_id, conversation_id, seq, role, text, channel_message_id) select ${'msg_b' + ++n}, c.account_id, c.id, c.seq, 'customer', 'hi', ${'b' + n} from c on conflict (conversation_id, channel_message_id) do nothing`,
  bareNotify: () => sql`with c as (update conversations set next_seq = next_seq + 1, last_activity_at = now(), updated_at = now() where id = ${conv} and status = 'open' returning id, account_id, channel, next_seq - 1 as seq),
    stored as (insert into messages (id, account_id, conversation_id, seq, role, text, channel_message_id) select ${'msg_b' + ++n}, c.account_id, c.id, c.seq, 'customer', 'hi', ${'b' + n} from c on conflict (conversation_id, channel_message_id) do nothing returning id, conversation_id),
    notified as (select pg_notify('frontdesk.events', json_build_object('name','message.received','accountId',c.account_id,'conversationId',c.id,'messageId',stored.id,'channel',c.channel)::text) from stored join c on c.id = stored.conversation_id)
    select stored.id, (select count(*) from notified) from stored`,
  lookupOnly: () => sql`with known as (select i.contact_id from contact_identities i where i.account_id = ${acc} and ((i.type = 'external' and i.value = 'c1')) group by i.contact_id having count(*) = 1),
    target as (select v.id from conversations v join known on known.contact_id = v.contact_id where v.account_id = ${acc} and v.channel_id = ${channel.id} and v.status = 'open' order by v.created_at desc limit 1) select id from target`,
};
for (const [name, q] of Object.entries(variants)) {
  for (let i = 0; i < 50; i++) await q().execute(rt.ctx.db);
  const cpu = process.cpuUsage(); const t = performance.now();
  for (let i = 0; i < 300; i++) await q().execute(rt.ctx.db);
  const u = process.cpuUsage(cpu);
  console.log(name, ((performance.now() - t) / 300).toFixed(3), 'ms wall', ((u.user + u.system) / 1000 / 300).toFixed(3), 'ms cpu');
}
await rt.close();
process.exit(0);
