import { useState } from 'react';
import { api, enc } from '../api.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import { useAgent } from '../shell.tsx';
import {
  AreaField,
  CheckField,
  Empty,
  errorsOf,
  FormError,
  Loading,
  Notice,
  Section,
  SelectField,
  submit,
  TextField,
} from '../ui.tsx';
import type { Binding, ObjectSummary, SchemaObject, SchemaProperty } from './hubspot-api.ts';

type Operation = 'search' | 'create' | 'update' | 'findOrCreate';
const OPERATIONS: Array<[Operation, string]> = [
  ['search', 'Find records (read)'],
  ['create', 'Create a record (write)'],
  ['update', 'Update a record by id (write)'],
  ['findOrCreate', 'Find or create (write)'],
];

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, 'b_$1')
    .slice(0, 64);

/** The input a chosen property is asked for with. */
function inputFor(p: SchemaProperty) {
  const type =
    p.type === 'number'
      ? 'number'
      : p.type === 'date' || p.type === 'datetime'
        ? 'date'
        : p.type === 'bool'
          ? 'boolean'
          : p.type === 'phone_number'
            ? 'phone'
            : p.name.includes('email')
              ? 'email'
              : 'string';
  return { name: slug(p.name) || 'value', type, required: true, description: p.label };
}

/** What the manual builder's choices make, in the API's grammar (the server checks it). */
function buildBinding(f: {
  name: string;
  key: string;
  object: SchemaObject;
  op: Operation;
  chosen: SchemaProperty[];
  match: string;
  latest: boolean;
  limit: number;
}): Binding {
  const inputs = f.chosen.map(inputFor);
  const ref = (p: SchemaProperty) => ({ input: inputFor(p).name });
  const base = { key: f.key || slug(f.name), name: f.name, description: f.name };
  if (f.op === 'search') {
    return {
      ...base,
      inputs,
      restSearch: {
        object: f.object.name,
        filterGroups: f.chosen.length
          ? [{ filters: f.chosen.map((p) => ({ property: p.name, operator: 'EQ', value: ref(p) })) }]
          : [],
        sorts: f.latest ? [{ property: 'createdate', direction: 'DESCENDING' }] : [],
        properties: f.object.properties.slice(0, 8).map((p) => p.name),
        limit: f.latest ? 1 : f.limit,
      },
    };
  }
  const match = f.chosen.find((p) => p.name === f.match);
  return {
    ...base,
    inputs: [
      ...(f.op === 'update'
        ? [{ name: 'id', type: 'string', required: true, description: 'Record id' }]
        : []),
      ...inputs,
    ],
    restWrite: {
      object: f.object.name,
      operation: f.op,
      properties: Object.fromEntries(f.chosen.filter((p) => p !== match).map((p) => [p.name, ref(p)])),
      ...(f.op === 'update' ? { id: { input: 'id' } } : {}),
      ...(f.op === 'findOrCreate' && match ? { match: { property: match.name, value: ref(match) } } : {}),
    },
  };
}

/** Bindings (§D5): the manual builder and "describe it", each showing the checked binding before saving. */
export function HubSpotBindings() {
  const { agent } = useAgent();
  const { can } = useSession();
  const base = `/api/v1/agents/${enc(agent.id)}/integrations/hubspot`;
  const skills = useLoad(
    () =>
      api<{ skills: Array<{ key: string; source: string; kind: string; definition: Binding }> }>(
        'GET',
        `${base}/skills`,
      ),
    [base],
  );
  const objects = useLoad(
    () => api<{ objects: ObjectSummary[] }>('GET', '/api/v1/integrations/hubspot/objects'),
    [],
  );
  const [checked, setChecked] = useState<{ binding: Binding; kind: string; method?: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const editable = can('skills:write');
  const bindings = (skills.data?.skills ?? []).filter((s) => s.source === 'binding');

  const save = async () => {
    if (!checked) return;
    setError(null);
    try {
      await api('POST', `${base}/bindings`, checked.binding);
      setNotice(`Saved “${checked.binding.name}”. The agent can use it now.`);
      setChecked(null);
      skills.reload();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (key: string, name: string) => {
    if (!window.confirm(`Remove the binding “${name}”? The agent stops using it.`)) return;
    setError(null);
    try {
      await api('DELETE', `${base}/skills/${enc(key)}`);
      setNotice(`Removed “${name}”.`);
      skills.reload();
    } catch (e) {
      setError(e);
    }
  };
  const propose = (c: { binding: Binding; kind: string; method?: string }) => {
    setNotice('');
    setError(null);
    setChecked(c);
  };

  return (
    <>
      <Section title="Bindings of this agent">
        {notice && <Notice>{notice}</Notice>}
        {!skills.data && !skills.error && <Loading />}
        <FormError error={skills.error ?? (checked ? null : error)} />
        {skills.data && bindings.length === 0 && (
          <Empty title="No bindings yet.">
            <p>A binding lets the agent read or write any object and field of your HubSpot schema.</p>
          </Empty>
        )}
        {bindings.length > 0 && (
          <ul className="rows">
            {bindings.map((b) => (
              <li key={b.key}>
                <strong>{b.definition.name}</strong> <code className="small">{b.key}</code>{' '}
                <span className="muted small">({b.kind})</span>{' '}
                {editable && (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => void remove(b.key, b.definition.name)}
                  >
                    Remove<span className="sr-only"> {b.definition.name}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
      {objects.data && objects.data.objects.length === 0 && (
        <p className="empty">
          <strong>No schema yet.</strong> <a href="#/hubspot/schema">Discover the schema</a> to build
          bindings.
        </p>
      )}
      {editable && objects.data && objects.data.objects.length > 0 && (
        <>
          <DescribeIt base={base} objects={objects.data.objects} onChecked={propose} />
          <ManualBuilder base={base} objects={objects.data.objects} onChecked={propose} />
        </>
      )}
      {checked && (
        <Section title="Checked binding">
          <p>
            <strong>{checked.binding.name}</strong> ({checked.kind}) is valid against your schema
            {checked.method
              ? ` — mapped by ${checked.method === 'llm' ? "the agent's model" : 'the matcher'}`
              : ''}
            . Review it, then save.
          </p>
          <FormError error={error} />
          <pre className="json">{JSON.stringify(checked.binding, null, 2)}</pre>
          <div className="buttons">
            <button type="button" className="primary" onClick={() => void save()}>
              Save binding
            </button>
            <button type="button" onClick={() => setChecked(null)}>
              Discard
            </button>
          </div>
        </Section>
      )}
    </>
  );
}

interface BuilderProps {
  base: string;
  objects: ObjectSummary[];
  onChecked: (c: { binding: Binding; kind: string; method?: string }) => void;
}

function DescribeIt({ base, objects, onChecked }: BuilderProps) {
  const [goal, setGoal] = useState('');
  const [object, setObject] = useState('');
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setError(null);
    try {
      onChecked(
        await api<{ binding: Binding; kind: string; method: string }>('POST', `${base}/bindings/auto`, {
          goal,
          ...(object ? { object } : {}),
        }),
      );
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Section title="Describe it">
      <form onSubmit={submit(run)}>
        <FormError error={error} />
        <AreaField
          label="What should the agent be able to do?"
          value={goal}
          onChange={setGoal}
          path="goal"
          errors={errorsOf(error)}
          hint="For example: find the service plan by serial number."
          rows={2}
        />
        <SelectField
          label="Object (optional)"
          value={object}
          onChange={setObject}
          options={[['', 'Let it choose'], ...objects.map((o): [string, string] => [o.name, o.label])]}
        />
        <button type="submit">Map it</button>
      </form>
    </Section>
  );
}

function ManualBuilder({ base, objects, onChecked }: BuilderProps) {
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [objectName, setObjectName] = useState(objects[0]?.name ?? '');
  const [op, setOp] = useState<Operation>('search');
  const [chosen, setChosen] = useState<string[]>([]);
  const [match, setMatch] = useState('');
  const [latest, setLatest] = useState(false);
  const [limit, setLimit] = useState('10');
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<unknown>(null);
  const object = useLoad(
    () => api<SchemaObject>('GET', `/api/v1/integrations/hubspot/objects/${enc(objectName)}`),
    [objectName],
  );
  const props = (object.data?.properties ?? []).filter((p) => op === 'search' || !p.readOnly);
  const shown = props.filter(
    (p) => !filter || `${p.label} ${p.name}`.toLowerCase().includes(filter.toLowerCase()),
  );
  const toggle = (n: string, on: boolean) => setChosen((c) => (on ? [...c, n] : c.filter((x) => x !== n)));

  const check = async () => {
    setError(null);
    if (!object.data) return;
    const binding = buildBinding({
      name,
      key,
      object: object.data,
      op,
      chosen: props.filter((p) => chosen.includes(p.name)),
      match,
      latest,
      limit: Number(limit) || 10,
    });
    try {
      onChecked(
        await api<{ binding: Binding; kind: string }>('POST', `${base}/bindings?dryRun=true`, binding),
      );
    } catch (e) {
      setError(e);
    }
  };
  const errors = errorsOf(error);
  return (
    <Section title="Build it yourself">
      <form onSubmit={submit(check)}>
        <FormError error={error ?? object.error} />
        <div className="grid2">
          <TextField label="Name" value={name} onChange={setName} path="name" errors={errors} />
          <TextField
            label="Key"
            value={key}
            onChange={setKey}
            path="key"
            errors={errors}
            placeholder={slug(name) || 'find_plan_by_serial'}
            hint="Left empty, it is made from the name."
          />
          <SelectField
            label="Object"
            value={objectName}
            onChange={(v) => {
              setObjectName(v);
              setChosen([]);
            }}
            options={objects.map((o): [string, string] => [o.name, o.label])}
          />
          <SelectField
            label="Operation"
            value={op}
            onChange={(v) => {
              setOp(v as Operation);
              setChosen([]);
            }}
            options={OPERATIONS}
          />
        </div>
        <fieldset>
          <legend>
            {op === 'search' ? 'Search by (each becomes a question to the customer)' : 'Fields to write'}
          </legend>
          <TextField label="Filter the fields" value={filter} onChange={setFilter} />
          {!object.data && !object.error && <Loading />}
          <div className="hs-fields">
            {shown.map((p) => (
              <CheckField
                key={p.name}
                label={`${p.label} (${p.name})`}
                checked={chosen.includes(p.name)}
                onChange={(on) => toggle(p.name, on)}
              />
            ))}
          </div>
        </fieldset>
        {op === 'search' && (
          <div className="grid2">
            <CheckField label="Newest first, one result" checked={latest} onChange={setLatest} />
            <TextField label="How many results" type="number" value={limit} onChange={setLimit} />
          </div>
        )}
        {op === 'findOrCreate' && (
          <SelectField
            label="Match an existing record on"
            value={match}
            onChange={setMatch}
            options={[['', 'Choose a field'], ...chosen.map((n): [string, string] => [n, n])]}
          />
        )}
        <button type="submit">Check binding</button>
      </form>
    </Section>
  );
}
