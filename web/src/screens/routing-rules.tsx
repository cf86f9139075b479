import { useId, useState } from 'react';
import type { z } from 'zod';
import type { Agent } from '../../../src/agents/model.ts';
import type { routingRuleView } from '../../../src/deployments/schema.ts';
import { ApiError, api, enc } from '../api.ts';
import { FormButtons } from '../components/form-buttons.tsx';
import { Listing } from '../components/list-table.tsx';
import { removeOptimistically } from '../components/optimistic.ts';
import {
  type ConditionRow,
  conditionOf,
  type Match,
  OPERATORS,
  rowsOf,
  VARIABLES,
} from '../components/rule-condition.ts';
import { useLoad } from '../load.ts';
import {
  AreaField,
  CheckField,
  Empty,
  errorsOf,
  FormError,
  Notice,
  Section,
  SelectField,
  submit,
  TextField,
} from '../ui.tsx';

export interface Directory {
  agents: Agent[];
  teams: Array<{ id: string; name: string; members: Array<{ userId: string; name: string; email: string }> }>;
  users: Array<{ id: string; name: string; email: string }>;
}

type Rule = z.output<typeof routingRuleView>;

/** "Team VIP desk" for a rule's target or a deployment's assignment rule. */
export function targetName(t: Record<string, unknown>, dir: Directory): string {
  switch (t['assignTo']) {
    case 'agent':
      return `Agent ${dir.agents.find((a) => a.id === t['agentId'])?.name ?? t['agentId']}`;
    case 'team':
      return `Team ${dir.teams.find((x) => x.id === t['teamId'])?.name ?? t['teamId']}`;
    case 'user': {
      const u = dir.users.find((x) => x.id === t['userId']);
      return `Person ${u ? u.name : t['userId']}`;
    }
    default:
      return 'Unassigned queue';
  }
}

function describeCondition(c: unknown): string {
  const parsed = rowsOf(c);
  if (!parsed) return JSON.stringify(c);
  if (parsed.rows.length === 0) return 'Every new conversation';
  const op = (o: string) => OPERATORS.find(([k]) => k === o)?.[1] ?? o;
  return parsed.rows
    .map((r) => `${r.variable} ${op(r.op)} “${r.value}”`)
    .join(parsed.match === 'all' ? ' and ' : ' or ');
}

/** Routing rules (E7): conditions on the contact and conversation send a new conversation to an agent, team or person. */
export function RoutingRules({ editable, dir }: { editable: boolean; dir: Directory }) {
  const rules = useLoad(() => api<{ rules: Rule[] }>('GET', '/api/v1/routing-rules'), []);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>(null);
  const list = rules.data?.rules;
  const remove = (r: Rule) =>
    removeOptimistically({
      question: `Delete the rule “${r.name}”?`,
      item: r,
      items: list,
      setItems: (next) => rules.setData({ rules: next }),
      remove: () => api('DELETE', `/api/v1/routing-rules/${enc(r.id)}`),
      reload: rules.reload,
      onDone: () => setNotice(`Deleted “${r.name}”.`),
      onError: setError,
    });
  // Optimistic: the list changes at once; the server's order (or its refusal) then replaces it.
  const change = async (r: Rule, patch: { enabled?: boolean; position?: number }, done: string) => {
    setError(null);
    if (list && patch.position !== undefined) {
      const rest = list.filter((x) => x.id !== r.id);
      rest.splice(patch.position, 0, r);
      rules.setData({ rules: rest.map((x, i) => ({ ...x, position: i })) });
    } else if (list) {
      rules.setData({ rules: list.map((x) => (x.id === r.id ? { ...x, ...patch } : x)) });
    }
    try {
      await api('PATCH', `/api/v1/routing-rules/${enc(r.id)}`, patch);
      setNotice(done);
    } catch (e) {
      setError(e);
    }
    rules.reload();
  };
  return (
    <Section title="Routing rules">
      <p className="muted">
        Checked in order before a channel's deployment: the first rule that matches a new conversation decides
        who takes it.
      </p>
      {notice && <Notice>{notice}</Notice>}
      <FormError error={error} />
      {open ? (
        <RuleEditor
          key={open}
          rule={list?.find((r) => r.id === open) ?? null}
          dir={dir}
          onSaved={(r, created) => {
            setOpen(null);
            setNotice(created ? `Added “${r.name}”.` : `Saved “${r.name}”.`);
            rules.reload();
          }}
          onClose={() => setOpen(null)}
        />
      ) : (
        editable && (
          <div className="buttons">
            <button type="button" className="primary" onClick={() => setOpen('new')}>
              Add rule
            </button>
          </div>
        )
      )}
      <Listing
        items={list}
        error={rules.error}
        caption="Routing rules in order"
        columns={['#', 'Name', 'When', 'Goes to']}
        empty={
          <Empty title="No routing rules.">
            <p>
              Every new conversation follows its channel's deployment. Add a rule to send, say, VIP customers
              to a team.
            </p>
          </Empty>
        }
        row={(r) => (
          <tr key={r.id}>
            <td>{r.position + 1}</td>
            <td>
              {r.name} {!r.enabled && <span className="badge">off</span>}
            </td>
            <td>{describeCondition(r.condition)}</td>
            <td>{targetName(r.target, dir)}</td>
            <td className="row-actions">
              {editable && (
                <>
                  <button
                    type="button"
                    disabled={r.position === 0}
                    onClick={() => void change(r, { position: r.position - 1 }, `Moved “${r.name}” up.`)}
                  >
                    Up<span className="sr-only"> {r.name}</span>
                  </button>
                  <button
                    type="button"
                    disabled={r.position === (list?.length ?? 1) - 1}
                    onClick={() => void change(r, { position: r.position + 1 }, `Moved “${r.name}” down.`)}
                  >
                    Down<span className="sr-only"> {r.name}</span>
                  </button>
                  <button
                    type="button"
                    onClick={() =>
                      void change(
                        r,
                        { enabled: !r.enabled },
                        r.enabled ? `Turned “${r.name}” off.` : `Turned “${r.name}” on.`,
                      )
                    }
                  >
                    {r.enabled ? 'Turn off' : 'Turn on'}
                    <span className="sr-only"> {r.name}</span>
                  </button>
                  <button type="button" onClick={() => setOpen(r.id)}>
                    Edit<span className="sr-only"> {r.name}</span>
                  </button>
                  <button type="button" className="danger" onClick={() => void remove(r)}>
                    Delete<span className="sr-only"> {r.name}</span>
                  </button>
                </>
              )}
            </td>
          </tr>
        )}
      />
    </Section>
  );
}

function RuleEditor({
  rule,
  dir,
  onSaved,
  onClose,
}: {
  rule: Rule | null;
  dir: Directory;
  onSaved: (r: Rule, created: boolean) => void;
  onClose: () => void;
}) {
  // A condition the builder cannot show (written through the API) is edited as JsonLogic.
  const built = rule
    ? rowsOf(rule.condition)
    : { match: 'all' as Match, rows: [{ variable: 'contact.tier', op: '==' as const, value: '' }] };
  const [raw, setRaw] = useState(built ? null : JSON.stringify(rule?.condition, null, 2));
  const [name, setName] = useState(rule?.name ?? '');
  const [match, setMatch] = useState<Match>(built?.match ?? 'all');
  const [rows, setRows] = useState<ConditionRow[]>(built?.rows ?? []);
  const target = rule?.target ?? { assignTo: 'team' };
  const [assignTo, setAssignTo] = useState(String(target['assignTo']));
  const [targetId, setTargetId] = useState(
    String(target['agentId'] ?? target['teamId'] ?? target['userId'] ?? ''),
  );
  const [message, setMessage] = useState(rule?.message ?? '');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const listId = useId();
  const options: Array<[string, string]> =
    assignTo === 'agent'
      ? dir.agents.map((a) => [a.id, a.name])
      : assignTo === 'team'
        ? dir.teams.map((t) => [t.id, t.name])
        : assignTo === 'user'
          ? dir.users.map((u) => [u.id, `${u.name} (${u.email})`])
          : [];
  const chosen = options.some(([id]) => id === targetId) ? targetId : (options[0]?.[0] ?? '');
  const save = async () => {
    setError(null);
    const key = { agent: 'agentId', team: 'teamId', user: 'userId' }[assignTo];
    const target = key ? { assignTo, [key]: chosen } : { assignTo };
    let condition: unknown;
    try {
      condition = raw === null ? conditionOf(match, rows) : JSON.parse(raw);
    } catch {
      return setError(
        new ApiError(422, 'invalid', 'The condition is not valid JSON.', [
          { path: 'condition', message: 'is not valid JSON' },
        ]),
      );
    }
    const body = { name: name.trim(), condition, target, message: message.trim() || null, enabled };
    setBusy(true);
    try {
      onSaved(
        rule
          ? await api<Rule>('PATCH', `/api/v1/routing-rules/${enc(rule.id)}`, body)
          : await api<Rule>('POST', '/api/v1/routing-rules', body),
        !rule,
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errors = errorsOf(error);
  const setRow = (i: number, patch: Partial<ConditionRow>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <form
      onSubmit={submit(save)}
      className="card nested"
      aria-label={rule ? `Edit ${rule.name}` : 'New routing rule'}
    >
      <h3>{rule ? `Edit ${rule.name}` : 'New routing rule'}</h3>
      <FormError error={error} />
      <TextField label="Rule name" path="name" errors={errors} value={name} onChange={setName} />
      <fieldset>
        <legend>Conditions</legend>
        {raw !== null ? (
          <AreaField
            label="Condition (JsonLogic)"
            path="condition"
            errors={errors}
            rows={5}
            value={raw}
            hint="Written through the API; edit it as JsonLogic."
            onChange={setRaw}
          />
        ) : (
          <>
            <SelectField
              label="Match"
              value={match}
              options={[
                ['all', 'All of these'],
                ['any', 'Any of these'],
              ]}
              onChange={(v) => setMatch(v as Match)}
            />
            <datalist id={listId}>
              {VARIABLES.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
            {rows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
              <div key={i} className="input-row">
                <TextField
                  label={`Condition ${i + 1} field`}
                  value={r.variable}
                  list={listId}
                  hint="contact.tier, contact.emailDomain, conversation.channel, contact.properties.<name>…"
                  onChange={(variable) => setRow(i, { variable })}
                />
                <SelectField
                  label={`Condition ${i + 1} test`}
                  value={r.op}
                  options={OPERATORS.map(([k, l]) => [k, l])}
                  onChange={(op) => setRow(i, { op: op as ConditionRow['op'] })}
                />
                <TextField
                  label={`Condition ${i + 1} value`}
                  value={r.value}
                  onChange={(value) => setRow(i, { value })}
                />
                <button
                  type="button"
                  className="icon"
                  onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
                >
                  Remove<span className="sr-only"> condition {i + 1}</span>
                </button>
              </div>
            ))}
            <button
              type="button"
              onClick={() => setRows((rs) => [...rs, { variable: '', op: '==', value: '' }])}
            >
              Add condition
            </button>
            {rows.length === 0 && (
              <p className="muted small">No condition: the rule matches every new conversation.</p>
            )}
          </>
        )}
      </fieldset>
      <div className="grid2">
        <SelectField
          label="Send to"
          path="target.assignTo"
          errors={errors}
          value={assignTo}
          options={[
            ['agent', 'An agent'],
            ['team', 'A team'],
            ['user', 'A person'],
            ['unassigned', 'The unassigned queue'],
          ]}
          onChange={setAssignTo}
        />
        {assignTo !== 'unassigned' && (
          <SelectField
            label={assignTo === 'agent' ? 'Agent' : assignTo === 'team' ? 'Team' : 'Person'}
            path={`target.${assignTo}Id`}
            errors={errors}
            value={chosen}
            hint={options.length ? undefined : 'None yet: create one with the API first.'}
            options={options}
            onChange={setTargetId}
          />
        )}
      </div>
      <AreaField
        label="Message to the customer (optional)"
        path="message"
        errors={errors}
        value={message}
        rows={2}
        onChange={setMessage}
      />
      <CheckField label="Enabled" checked={enabled} onChange={setEnabled} />
      <FormButtons submit="Save rule" busy={busy} onCancel={onClose} />
    </form>
  );
}
