import { useEffect, useRef, useState } from 'react';
import { actionDefinitionSchema, HTTP_METHODS } from '../../../src/actions/definition/schema.ts';
import { api, check, enc } from '../api.ts';
import { useLoad } from '../load.ts';
import { navigate } from '../router.ts';
import { useSession } from '../session.tsx';
import { useAgent } from '../shell.tsx';
import type { Action, Connection, TestResult } from '../types.ts';
import {
  AreaField,
  Badge,
  errorsOf,
  FormError,
  Loading,
  Notice,
  Section,
  SelectField,
  submit,
  TextField,
} from '../ui.tsx';
import {
  type ActionDraft,
  definitionOf,
  draftFrom,
  emptyDraft,
  keyFromName,
  outputName,
} from './action-draft.ts';
import {
  InputsEditor,
  type InsertTarget,
  PlaceholderPicker,
  RowsEditor,
  TriggersEditor,
} from './editor-parts.tsx';
import { OutputsEditor } from './outputs-editor.tsx';
import { SampleInputs, sampleValues, TestResultView } from './test-panel.tsx';

/** The action editor, in the order of seed 000: describe, inputs, API, test and outputs, response. */
export function ActionEditor({ id }: { id: string | null }) {
  const { agent } = useAgent();
  const { can } = useSession();
  const base = `/api/v1/agents/${enc(agent.id)}/actions`;
  const [saved, setSaved] = useState<Action | null>(null);
  const [d, setD] = useState<ActionDraft>(emptyDraft);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState('');
  const [samples, setSamples] = useState<Record<string, string>>({});
  const [test, setTest] = useState<TestResult | null>(null);
  const target = useRef<InsertTarget | null>(null);
  const conns = useLoad(() => api<{ connections: Connection[] }>('GET', '/api/v1/connections'), []);

  useEffect(() => {
    if (!id) return;
    api<Action>('GET', `${base}/${enc(id)}`).then((a) => {
      setSaved(a);
      setD(draftFrom(a));
    }, setError);
  }, [id, base]);

  const published = saved?.status === 'published';
  const locked = !can('actions:write') || published;
  const set = (patch: Partial<ActionDraft>) => {
    setDirty(true);
    setD((x) => {
      const next = { ...x, ...patch };
      if (patch.name !== undefined && !x.keyTouched) next.key = keyFromName(patch.name);
      return next;
    });
  };
  const focusTarget = (
    el: HTMLInputElement | HTMLTextAreaElement,
    apply: (v: string) => void,
    json = false,
  ) => {
    target.current = { el, apply, json };
  };

  /** Saves the draft (create or full update) and returns the stored action. */
  const save = async (): Promise<Action> => {
    const def = definitionOf(d);
    const problem = check(actionDefinitionSchema, def);
    if (problem) throw problem;
    const a = saved
      ? await api<Action>('PATCH', `${base}/${enc(saved.id)}`, def)
      : await api<Action>('POST', base, def);
    setSaved(a);
    setDirty(false);
    if (!saved) window.history.replaceState(null, '', `#/actions/${enc(a.id)}`);
    return a;
  };
  const act = (label: string, fn: () => Promise<string | undefined>) => async () => {
    setBusy(label);
    setError(null);
    setNotice('');
    try {
      const msg = await fn();
      if (msg) setNotice(msg);
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };
  const onSave = act('save', async () => {
    await save();
    return 'Saved as a draft.';
  });
  const onTest = act('test', async () => {
    const a = dirty || !saved ? await save() : saved;
    const inputs = sampleValues(d.inputs, samples);
    setTest(await api<TestResult>('POST', `${base}/${enc(a.id)}/test`, { inputs }));
    return undefined;
  });
  const onPublish = act('publish', async () => {
    const a = dirty || !saved ? await save() : saved;
    const p = await api<Action>('POST', `${base}/${enc(a.id)}/publish`);
    setSaved(p);
    return `Published as version ${p.publishedVersion}. The agent uses it now.`;
  });
  const onUnpublish = act('unpublish', async () => {
    const a = await api<Action>('POST', `${base}/${enc(saved!.id)}/unpublish`);
    setSaved(a);
    return 'Unpublished: the agent no longer uses it, and you can edit it.';
  });

  if (id && !saved && !error) return <Loading />;
  const errors = errorsOf(error);
  const inputNames = d.inputs.map((i) => i.name).filter(Boolean);
  const mapped = new Set(d.outputs.map((o) => o.path));
  const pick = (path: string, name: string) => {
    if (locked || mapped.has(path)) return;
    const taken = d.outputs.map((o) => o.name);
    set({ outputs: [...d.outputs, { name: outputName(name, taken), path, description: '' }] });
  };

  return (
    <form className="editor" onSubmit={submit(() => onSave())}>
      <div className="title-row">
        <h1>{saved ? saved.name : 'Create action'}</h1>
        {saved && <Badge state={saved.status} />}
        <span className="spacer" />
        {can('actions:write') && !published && (
          <>
            <button type="submit" disabled={!!busy}>
              {busy === 'save' ? 'Saving…' : 'Save draft'}
            </button>
            <button type="button" className="primary" disabled={!!busy} onClick={onPublish}>
              {busy === 'publish' ? 'Publishing…' : 'Publish'}
            </button>
          </>
        )}
        {can('actions:write') && published && (
          <button type="button" disabled={!!busy} onClick={onUnpublish}>
            Unpublish
          </button>
        )}
        {saved && (
          <button type="button" onClick={() => navigate(`/preview?action=${enc(saved.key)}`)}>
            Preview
          </button>
        )}
      </div>
      {published && (
        <Notice>Published actions cannot be changed. Unpublish it to edit, then publish again.</Notice>
      )}
      {notice && <Notice>{notice}</Notice>}
      <FormError error={error} />
      <fieldset disabled={locked} className="plain">
        <Section title="1. Describe the action">
          <TextField
            label="Name"
            value={d.name}
            path="name"
            errors={errors}
            onChange={(v) => set({ name: v })}
          />
          <TextField
            label="Key"
            value={d.key}
            path="key"
            errors={errors}
            hint="Stable identifier used by the API and config files."
            onChange={(v) => set({ key: v, keyTouched: true })}
          />
          <AreaField
            label="Description"
            value={d.description}
            path="description"
            errors={errors}
            hint="What it does; the agent reads it to decide when to use it."
            onChange={(v) => set({ description: v })}
          />
          <SelectField
            label="Kind"
            value={d.kind}
            path="kind"
            errors={errors}
            options={[
              ['read', 'Read — looks something up'],
              ['write', 'Write — changes something (asks the customer to confirm)'],
            ]}
            onChange={(v) => set({ kind: v as 'read' | 'write' })}
          />
          <TriggersEditor
            value={d.triggers}
            onChange={(v) => set({ triggers: v })}
            errors={errors}
            disabled={locked}
          />
        </Section>
        <Section title="2. Define required inputs">
          <InputsEditor
            value={d.inputs}
            onChange={(v) => set({ inputs: v })}
            errors={errors}
            disabled={locked}
          />
        </Section>
        <Section title="3. Configure the API">
          <div className="grid2">
            <SelectField
              label="Method"
              value={d.method}
              path="request.method"
              errors={errors}
              options={HTTP_METHODS.map((m) => [m, m])}
              onChange={(v) => set({ method: v as ActionDraft['method'] })}
            />
            <SelectField
              label="Connection (authentication)"
              value={d.connection}
              path="request.connection"
              errors={errors}
              options={[
                ['', 'None'],
                ...(conns.data?.connections ?? []).map((c): [string, string] => [
                  c.key,
                  `${c.name} (${c.type})`,
                ]),
              ]}
              onChange={(v) => set({ connection: v })}
            />
          </div>
          <Url d={d} set={set} errors={errors} focus={focusTarget} />
          <PlaceholderPicker names={inputNames} target={target} disabled={locked} />
          <RowsEditor
            label="Query parameters"
            value={d.query}
            disabled={locked}
            onChange={(v) => set({ query: v })}
            onFocusValue={(i, el) =>
              focusTarget(el, (v) => set({ query: d.query.map((r, j) => (j === i ? [r[0], v] : r)) }))
            }
          />
          <RowsEditor
            label="Headers"
            value={d.headers}
            disabled={locked}
            onChange={(v) => set({ headers: v })}
            onFocusValue={(i, el) =>
              focusTarget(el, (v) => set({ headers: d.headers.map((r, j) => (j === i ? [r[0], v] : r)) }))
            }
          />
          <BodyField d={d} set={set} errors={errors} focus={focusTarget} />
        </Section>
      </fieldset>
      <Section title="4. Test call and outputs">
        <p className="muted">
          Make a real call with sample inputs, then click fields in the response to map them as outputs.
        </p>
        <SampleInputs names={inputNames} values={samples} onChange={setSamples} />
        {can('actions:write') && (
          <button type="button" onClick={onTest} disabled={!!busy}>
            {busy === 'test' ? 'Calling…' : 'Make test call'}
          </button>
        )}
        {test && <TestResultView result={test} mapped={mapped} onPick={locked ? undefined : pick} />}
        <OutputsEditor
          value={d.outputs}
          onChange={(v) => set({ outputs: v })}
          errors={errors}
          disabled={locked}
        />
      </Section>
      <fieldset disabled={locked} className="plain">
        <Section title="5. Response">
          <AreaField
            label="Response instructions"
            value={d.responseInstructions}
            path="responseInstructions"
            errors={errors}
            hint="What from the outputs to include or leave out (used by the LLM engine)."
            onChange={(v) => set({ responseInstructions: v })}
          />
          <AreaField
            label="Response template"
            value={d.responseTemplate}
            path="responseTemplate"
            errors={errors}
            hint="The built-in engine's answer, e.g. “Done! We sent a link to {{email}}.”"
            onChange={(v) => set({ responseTemplate: v })}
          />
        </Section>
      </fieldset>
    </form>
  );
}

type PartProps = {
  d: ActionDraft;
  set: (p: Partial<ActionDraft>) => void;
  errors: ReturnType<typeof errorsOf>;
  focus: (el: HTMLInputElement | HTMLTextAreaElement, apply: (v: string) => void, json?: boolean) => void;
};

function Url({ d, set, errors, focus }: PartProps) {
  return (
    <TextField
      onFocus={(el) => focus(el, (v) => set({ url: v }))}
      label="Endpoint URL"
      value={d.url}
      path="request.url"
      errors={errors}
      hint="Absolute https URL; {{input}} placeholders allowed in the path and query."
      onChange={(v) => set({ url: v })}
    />
  );
}

function BodyField({ d, set, errors, focus }: PartProps) {
  return (
    <AreaField
      onFocus={(el) => focus(el, (v) => set({ bodyText: v }), true)}
      label="JSON body"
      rows={6}
      value={d.bodyText}
      path="request.body"
      errors={errors}
      hint={'A string that is exactly "{{input}}" becomes the typed value.'}
      onChange={(v) => set({ bodyText: v })}
    />
  );
}
