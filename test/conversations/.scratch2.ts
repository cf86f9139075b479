import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { startTestApp } from '../support/app.ts';

const t = await startTestApp('pglite', { env: { FRONTDESK_DEMO: 'on' } });
const text = readFileSync('examples/config/help-desk.yaml', 'utf8').replaceAll('${env:FRONTDESK_URL}', t.url);
const resources = parseAllDocuments(text).map((d) => d.toJS());
console.log(JSON.stringify((await t.call('POST', '/api/v1/config/apply', { body: { resources } })).body));
const agents = (await t.call('GET', '/api/v1/agents')).body.agents;
const agent = agents.find((a: any) => a.name === 'Example Help Desk');
console.log(
  (
    await t.call('PATCH', `/api/v1/agents/${agent.id}`, {
      body: { handoff: { topics: ['chargeback', 'lawyer'] } },
    })
  ).status,
);
for (const s of JSON.parse(process.argv[2]!)) {
  const c = await t.call('POST', `/api/v1/agents/${agent.id}/conversations`, { body: {} });
  console.log('===');
  for (const line of s) {
    const r = await t.call('POST', `/api/v1/conversations/${c.body.id}/messages`, { body: { text: line } });
    console.log('>', line, '\n<', r.status, JSON.stringify(r.body));
  }
}
await t.close();
