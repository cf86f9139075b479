import { useEffect, useState } from 'react';
import { flowDefinitionSchema } from '../../../src/actions/flows/schema.ts';
import { api, check, enc } from '../api.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import { useAgent } from '../shell.tsx';
import type { Action, Flow, TestResult } from '../types.ts';
import {
  AreaField,
  Badge,
  Empty,
  errorsOf,
  FormError,
  Loading,
  Notice,
  Section,
  submit,
  TextField,
} from '../ui.tsx';
import { keyFromName } from './action-draft.ts';
import { type InputDraft, InputsEditor, TriggersEditor } from './editor-parts.tsx';
import { type Step, StepsEditor } from './flow-steps.tsx';
import { SampleInputs, sampleValues, TestResultView } from './test-panel.tsx';

export function FlowsList() {
  const { agent } = useAgent();
  const { can } = useSession();
  const base = `/api/v1/agents/${enc(agent.id)}/flows`;
  const list = useLoad(() => api<{ flows: Flow[] }>('GET', base), [base]);
  return (
    <>
      <div className="title-row">
        <h1>Flows</h1>
        {can('actions:write') && (
          <a className="button primary" href="#/flows/new">
            Create flow
          </a>
        )}
      </div>
      <p className="muted">
        Several actions in order, each step fed by the flow's inputs or earlier outputs.
      </p>
      <FormError error={list.error} />
      {!list.data && !list.error && <Loading />}
      {list.data?.flows.length === 0 && (
        <Empty title="No flows yet.">
          <p>Create actions first, then chain them: e.g. look up an order, then refund it.</p>
        </Empty>
      )}
      <ul className="sources">
        {list.data?.flows.map((f) => (
          <li key={f.id}>
            <a href={`#/flows/${enc(f.id)}`}>{f.name}</a> <Badge state={f.status} />{' '}
            <span className="muted small">{f.steps.map((s) => s.action).join(' → ')}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

interface FlowDraft {
  key: string;
  name: string;
  description: string;
  triggers: string[];
  inputs: InputDraft[];
  steps: Step[];
  responseTemplate: string;
}

export function FlowEditor({ id }: { id: string | null }) {
  const { agent } = useAgent();
  const { can } = useSession();
  const base = `/api/v1/agents/${enc(agent.id)}/flows`;
  const actions = useLoad(
    () => api<{ actions: Action[] }>('GET', `/api/v1/agents/${enc(agent.id)}/actions`),
    [agent.id],
  );
  const [saved, setSaved] = useState<Flow | null>(null);
  const [d, setD] = useState<FlowDraft>({
    key: '',
    name: '',
    description: '',
    triggers: [''],
    inputs: [],
    steps: [],
    responseTemplate: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [samples, setSamples] = useState<Record<string, string>>({});
  const [test, setTest] = useState<TestResult | null>(null);

  useEffect(() => {
    if (!id) return;
    api<Flow>('GET', `${base}/${enc(id)}`).then((f) => {
      setSaved(f);
      setD({
        key: f.key,
        name: f.name,
        description: f.description,
        triggers: [...f.triggers],
        inputs: f.inputs.map((i) => ({ ...i }) as InputDraft),
        steps: f.steps.map((s) => ({
          action: s.action,
          inputs: Object.fromEntries(
            Object.entries(s.inputs).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
          ),
        })),
        responseTemplate: f.responseTemplate ?? '',
      });
    }, setError);
  }, [id, base]);

  const published = saved?.status === 'published';
  const locked = !can('actions:write') || published;
  const set = (p: Partial<FlowDraft>) =>
    setD((x) => ({ ...x, ...p, ...(p.name !== undefined && !saved ? { key: keyFromName(p.name) } : {}) }));
  const definition = () => ({
    key: d.key,
    name: d.name,
    description: d.description,
    triggers: d.triggers.filter((t) => t.trim()),
    inputs: d.inputs.map(({ format, ...r }) => ({ ...r, ...(format ? { format } : {}) })),
    steps: d.steps.map((s) => ({
      action: s.action,
      inputs: Object.fromEntries(Object.entries(s.inputs).filter(([, v]) => v !== '')),
    })),
    ...(d.responseTemplate.trim() ? { responseTemplate: d.responseTemplate } : {}),
  });
  const run = (fn: () => Promise<string | undefined>) => async () => {
    setError(null);
    setNotice('');
    try {
      const m = await fn();
      if (m) setNotice(m);
    } catch (e) {
      setError(e);
    }
  };
  const save = async (): Promise<Flow> => {
    const def = definition();
    const problem = check(flowDefinitionSchema, def);
    if (problem) throw problem;
    const f = saved
      ? await api<Flow>('PATCH', `${base}/${enc(saved.id)}`, def)
      : await api<Flow>('POST', base, def);
    setSaved(f);
    if (!saved) window.history.replaceState(null, '', `#/flows/${enc(f.id)}`);
    return f;
  };
  const errors = errorsOf(error);
  if (id && !saved && !error) return <Loading />;

  return (
    <form
      onSubmit={submit(
        run(async () => {
          await save();
          return 'Saved as a draft.';
        }),
      )}
    >
      <div className="title-row">
        <h1>{saved ? saved.name : 'Create flow'}</h1>
        {saved && <Badge state={saved.status} />}
        <span className="spacer" />
        {!locked && <button type="submit">Save draft</button>}
        {!locked && (
          <button
            type="button"
            className="primary"
            onClick={run(async () => {
              const f = await save();
              const p = await api<Flow>('POST', `${base}/${enc(f.id)}/publish`);
              setSaved(p);
              return `Published as version ${p.publishedVersion}.`;
            })}
          >
            Publish
          </button>
        )}
        {can('actions:write') && published && (
          <button
            type="button"
            onClick={run(async () => {
              setSaved(await api<Flow>('POST', `${base}/${enc(saved!.id)}/unpublish`));
              return 'Unpublished.';
            })}
          >
            Unpublish
          </button>
        )}
      </div>
      {notice && <Notice>{notice}</Notice>}
      <FormError error={error} />
      <fieldset disabled={locked} className="plain">
        <Section title="Describe the flow">
          <TextField
            label="Name"
            value={d.name}
            path="name"
            errors={errors}
            onChange={(v) => set({ name: v })}
          />
          <TextField label="Key" value={d.key} path="key" errors={errors} onChange={(v) => set({ key: v })} />
          <AreaField
            label="Description"
            value={d.description}
            path="description"
            errors={errors}
            onChange={(v) => set({ description: v })}
          />
          <TriggersEditor
            value={d.triggers}
            onChange={(v) => set({ triggers: v })}
            errors={errors}
            disabled={locked}
          />
        </Section>
        <Section title="Flow inputs">
          <InputsEditor
            value={d.inputs}
            onChange={(v) => set({ inputs: v })}
            errors={errors}
            disabled={locked}
          />
        </Section>
        <Section title="Steps">
          <StepsEditor
            steps={d.steps}
            actions={actions.data?.actions ?? []}
            flowInputs={d.inputs.map((i) => i.name).filter(Boolean)}
            errors={errors}
            disabled={locked}
            onChange={(steps) => set({ steps })}
          />
        </Section>
        <Section title="Response">
          <AreaField
            label="Response template"
            value={d.responseTemplate}
            path="responseTemplate"
            errors={errors}
            onChange={(v) => set({ responseTemplate: v })}
          />
        </Section>
      </fieldset>
      {can('actions:write') && (
        <Section title="Test the flow">
          <SampleInputs
            names={d.inputs.map((i) => i.name).filter(Boolean)}
            values={samples}
            onChange={setSamples}
          />
          <button
            type="button"
            onClick={run(async () => {
              const f = published ? saved! : await save();
              setTest(
                await api<TestResult>('POST', `${base}/${enc(f.id)}/test`, {
                  inputs: sampleValues(d.inputs, samples),
                }),
              );
              return undefined;
            })}
          >
            Make test call
          </button>
          {test && <TestResultView result={test} mapped={new Set()} />}
        </Section>
      )}
    </form>
  );
}
