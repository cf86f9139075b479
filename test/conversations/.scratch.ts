import { startTestApp } from '../support/app.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

const sink = await startSmtpSink();
const t = await startTestApp('pglite', { env: { FRONTDESK_DEMO: 'on', FRONTDESK_SMTP_URL: sink.url } });
const agents = (await t.call('GET', '/api/v1/agents')).body.agents;
const agent = agents.find((a: any) => a.name === 'Demo Store Assistant');
async function chat(lines: string[], contact: any = { email: 'a@example.com' }) {
  const c = await t.call('POST', `/api/v1/agents/${agent.id}/conversations`, { body: { contact } });
  console.log('=== new', c.status, JSON.stringify(c.body));
  for (let line of lines) {
    if (line === 'CODE') line = sink.lastCode(contact.email);
    const r = await t.call('POST', `/api/v1/conversations/${c.body.id}/messages`, { body: { text: line } });
    console.log('>', line, '\n<', r.status, JSON.stringify(r.body));
  }
}
const scripts = JSON.parse(process.argv[2]!);
for (const s of scripts) await chat(s.lines, s.contact);
await t.close();
await sink.close();
