import { useState } from 'react';
import { agentPatchSchema } from '../../../src/agents/model.ts';
import { api, check, enc } from '../api.ts';
import { useSession } from '../session.tsx';
import { useAgent } from '../shell.tsx';
import { AreaField, errorsOf, FormError, Notice, Section, SelectField, submit, TextField } from '../ui.tsx';

const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The agent (C1, C3, C6): identity, tone, greeting, guidelines, languages, handoff, model. */
export function AgentScreen() {
  const { agent, reloadAgents } = useAgent();
  const { can } = useSession();
  const [f, setF] = useState(() => ({
    name: agent.name,
    tone: agent.tone,
    greeting: agent.greeting,
    guidelines: agent.guidelines.join('\n'),
    languages: agent.languages.join(', '),
    topics: agent.handoff.topics.join(', '),
    maxFailures: String(agent.handoff.maxFailures),
    assignTo: agent.handoff.assignTo,
    provider: agent.model?.provider ?? '',
    model: agent.model?.model ?? '',
    baseUrl: agent.model?.baseUrl ?? '',
    apiKey: '',
    temperature: agent.model?.temperature === undefined ? '' : String(agent.model.temperature),
  }));
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const editable = can('agents:write');

  const save = async () => {
    setError(null);
    setNotice('');
    const model = f.provider
      ? {
          provider: f.provider,
          model: f.model,
          ...(f.baseUrl ? { baseUrl: f.baseUrl } : {}),
          ...(f.apiKey ? { apiKey: f.apiKey } : {}),
          ...(f.temperature ? { temperature: Number(f.temperature) } : {}),
        }
      : null;
    const body = {
      name: f.name,
      tone: f.tone,
      greeting: f.greeting,
      guidelines: lines(f.guidelines),
      languages: list(f.languages),
      handoff: { topics: list(f.topics), maxFailures: Number(f.maxFailures), assignTo: f.assignTo },
      // Keep the stored model key: leave `model` out unless it changed or a new key was typed.
      ...(f.provider !== (agent.model?.provider ?? '') ||
      f.apiKey ||
      f.model !== (agent.model?.model ?? '') ||
      f.baseUrl !== (agent.model?.baseUrl ?? '') ||
      f.temperature !== String(agent.model?.temperature ?? '')
        ? { model }
        : {}),
    };
    try {
      const problem = check(agentPatchSchema, body);
      if (problem) throw problem;
      await api('PATCH', `/api/v1/agents/${enc(agent.id)}`, body);
      setNotice('Saved. New conversations use these settings.');
      setF((x) => ({ ...x, apiKey: '' }));
      reloadAgents();
    } catch (e) {
      setError(e);
    }
  };
  const errors = errorsOf(error);

  return (
    <form onSubmit={submit(() => save())}>
      <div className="title-row">
        <h1>Agent</h1>
        <span className="spacer" />
        {editable && (
          <button type="submit" className="primary">
            Save agent
          </button>
        )}
      </div>
      {notice && <Notice>{notice}</Notice>}
      <FormError error={error} />
      <fieldset disabled={!editable} className="plain">
        <Section title="Identity and tone">
          <TextField
            label="Name"
            value={f.name}
            onChange={set('name')}
            path="name"
            errors={errors}
            hint="Shown to customers, e.g. “Ava from Acme”."
          />
          <TextField label="Tone" value={f.tone} onChange={set('tone')} path="tone" errors={errors} />
          <AreaField
            label="Greeting"
            value={f.greeting}
            onChange={set('greeting')}
            path="greeting"
            errors={errors}
          />
          <AreaField
            label="Guidelines"
            rows={5}
            value={f.guidelines}
            onChange={set('guidelines')}
            path="guidelines"
            errors={errors}
            hint="One rule per line, e.g. “never promise refunds”."
          />
          <TextField
            label="Languages"
            value={f.languages}
            onChange={set('languages')}
            path="languages"
            errors={errors}
            hint="Comma-separated language tags, e.g. en, pt-BR."
          />
        </Section>
        <Section title="Handoff to a person">
          <TextField
            label="Topics that always go to a person"
            value={f.topics}
            onChange={set('topics')}
            path="handoff.topics"
            errors={errors}
            hint="Comma-separated, e.g. legal, complaint."
          />
          <TextField
            label="Failed answers before handing off"
            type="number"
            value={f.maxFailures}
            onChange={set('maxFailures')}
            path="handoff.maxFailures"
            errors={errors}
          />
          <TextField
            label="Assign to"
            value={f.assignTo}
            onChange={set('assignTo')}
            path="handoff.assignTo"
            errors={errors}
            hint="unassigned, team:<name> or user:<id>."
          />
        </Section>
        <Section title="Language model">
          <SelectField
            label="Engine"
            value={f.provider}
            onChange={set('provider')}
            path="model.provider"
            errors={errors}
            options={[
              ['', 'Built-in (no LLM)'],
              ['openai', 'OpenAI'],
              ['anthropic', 'Anthropic'],
              ['openai-compatible', 'OpenAI-compatible server'],
            ]}
          />
          {f.provider && (
            <div className="grid2">
              <TextField
                label="Model"
                value={f.model}
                onChange={set('model')}
                path="model.model"
                errors={errors}
              />
              <TextField
                label="Base URL"
                value={f.baseUrl}
                onChange={set('baseUrl')}
                path="model.baseUrl"
                errors={errors}
              />
              <TextField
                label="API key"
                type="password"
                value={f.apiKey}
                onChange={set('apiKey')}
                path="model.apiKey"
                errors={errors}
                hint={agent.model?.apiKeySet ? 'Set. Leave empty to keep it.' : 'Write-only.'}
              />
              <TextField
                label="Temperature"
                type="number"
                value={f.temperature}
                onChange={set('temperature')}
                path="model.temperature"
                errors={errors}
              />
            </div>
          )}
        </Section>
      </fieldset>
    </form>
  );
}
