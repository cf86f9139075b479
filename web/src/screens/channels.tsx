import { useMemo, useState } from 'react';
import { ApiError, api, enc } from '../api.ts';
import { CopyBlock } from '../components/copy-block.tsx';
import { FormButtons } from '../components/form-buttons.tsx';
import { checkSchema, draftOf, fieldsOf, labelOf, valueFromDraft } from '../components/json-schema.ts';
import { Listing } from '../components/list-table.tsx';
import { removeOptimistically } from '../components/optimistic.ts';
import { SchemaFields } from '../components/schema-form.tsx';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import type { Channel, ChannelTypeInfo } from '../types.ts';
import {
  CheckField,
  Empty,
  type Errors,
  errorsOf,
  FormError,
  Loading,
  Notice,
  Section,
  SelectField,
  submit,
  TextField,
} from '../ui.tsx';

interface TypesAnswer {
  baseUrl: string;
  types: ChannelTypeInfo[];
}
type Saved = Channel & { secrets: Record<string, string> };

const TYPE_LABEL: Record<string, string> = {
  api: 'API',
  livechat: 'Live chat',
  custom: 'Custom (your server)',
  email: 'Email',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  'twilio-voice': 'Phone (Twilio voice)',
  'twilio-sms': 'SMS (Twilio)',
};
export const channelTypeLabel = (t: string): string => TYPE_LABEL[t] ?? t;

/**
 * Channels (E1): where customers reach the agent. The form of each type is generated from
 * the schema the server publishes, so a new channel type needs no screen of its own.
 */
export function ChannelsScreen() {
  const { can } = useSession();
  const editable = can('channels:write');
  const list = useLoad(() => api<{ channels: Channel[] }>('GET', '/api/v1/channels'), []);
  const types = useLoad(() => api<TypesAnswer>('GET', '/api/v1/channel-types'), []);
  const [open, setOpen] = useState<string | 'new' | null>(null);
  const [shownOnce, setShownOnce] = useState<{ channelId: string; secrets: Record<string, string> } | null>(
    null,
  );
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const channels = list.data?.channels;
  const current = open && open !== 'new' ? channels?.find((c) => c.id === open) : undefined;

  const saved = (c: Saved) => {
    const { secrets, ...channel } = c;
    const rest = (channels ?? []).filter((x) => x.id !== channel.id);
    list.setData({ channels: [...rest, channel].sort((a, b) => a.name.localeCompare(b.name)) });
    setShownOnce(Object.keys(secrets).length ? { channelId: channel.id, secrets } : null);
    setNotice(`Saved “${channel.name}”.`);
    setOpen(channel.id);
  };
  const remove = (c: Channel) => {
    if (open === c.id) setOpen(null);
    return removeOptimistically({
      question: `Delete the channel “${c.name}”? Its deployment stops and its secrets are gone.`,
      item: c,
      items: channels,
      setItems: (channels) => list.setData({ channels }),
      remove: () => api('DELETE', `/api/v1/channels/${enc(c.id)}`),
      reload: list.reload,
      onDone: () => setNotice(`Deleted “${c.name}”.`),
      onError: setError,
    });
  };

  return (
    <>
      <div className="title-row">
        <h1>Channels</h1>
        <span className="spacer" />
        {editable && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              setOpen('new');
              setNotice('');
              setShownOnce(null);
            }}
          >
            New channel
          </button>
        )}
      </div>
      <p className="muted">
        Where customers reach the agent. After creating a channel, deploy the agent to it on the{' '}
        <a href="#/deploy">Deploy</a> screen.
      </p>
      {notice && <Notice>{notice}</Notice>}
      <FormError error={error ?? types.error} />
      {open && !types.data && !types.error && <Loading />}
      {open && types.data && (open === 'new' || current) && (
        <ChannelEditor
          key={open}
          channel={current ?? null}
          types={types.data}
          onSaved={saved}
          onClose={() => setOpen(null)}
        />
      )}
      {current && shownOnce?.channelId === current.id && <SecretsOnce secrets={shownOnce.secrets} />}
      {current && types.data && (
        <ChannelSetup
          channel={current}
          info={types.data.types.find((t) => t.type === current.type)}
          baseUrl={types.data.baseUrl}
          canTest={editable}
        />
      )}
      <Listing
        items={channels}
        error={list.error}
        caption="Channels"
        columns={['Name', 'Type', 'Secrets']}
        empty={
          <Empty title="No channels yet.">
            <p>
              {editable
                ? 'Create a live chat channel to put the agent on your website, or a custom channel for your own app.'
                : 'Ask an admin to create one.'}
            </p>
          </Empty>
        }
        row={(c) => (
          <tr key={c.id}>
            <td>{c.name}</td>
            <td>{channelTypeLabel(c.type)}</td>
            <td>{c.secretsSet.length ? `${c.secretsSet.join(', ')} set` : 'none'}</td>
            <td className="row-actions">
              <button
                type="button"
                onClick={() => {
                  setOpen(c.id);
                  setNotice('');
                }}
              >
                {editable ? 'Set up' : 'View'}
                <span className="sr-only"> {c.name}</span>
              </button>
              {editable && (
                <button type="button" className="danger" onClick={() => void remove(c)}>
                  Delete<span className="sr-only"> {c.name}</span>
                </button>
              )}
            </td>
          </tr>
        )}
      />
    </>
  );
}

function ChannelEditor({
  channel,
  types,
  onSaved,
  onClose,
}: {
  channel: Channel | null;
  types: TypesAnswer;
  onSaved: (c: Saved) => void;
  onClose: () => void;
}) {
  const { can } = useSession();
  const [type, setType] = useState(channel?.type ?? 'livechat');
  const info = types.types.find((t) => t.type === type);
  const fields = useMemo(() => (info ? fieldsOf(info.config, 'config') : []), [info]);
  const [name, setName] = useState(channel?.name ?? '');
  const [draft, setDraft] = useState(() => draftOf(fields, channel?.config ?? {}));
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [rotate, setRotate] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const pickType = (t: string) => {
    const next = types.types.find((x) => x.type === t);
    setType(t);
    setDraft(draftOf(next ? fieldsOf(next.config, 'config') : [], {}));
    setSecrets({});
    setError(null);
  };
  const save = async () => {
    if (!info) return;
    setError(null);
    let config: Record<string, unknown>;
    const problems: Errors = [];
    try {
      config = valueFromDraft(fields, draft);
    } catch {
      return setError(
        new ApiError(422, 'invalid', 'Some fields need attention.', [
          { path: fields.find((f) => f.kind === 'json')?.path ?? 'config', message: 'is not valid JSON' },
        ]),
      );
    }
    if (!name.trim()) problems.push({ path: 'name', message: 'required' });
    problems.push(...checkSchema(info.config, config, 'config'));
    const given = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== ''));
    for (const s of info.secrets) {
      const v = given[s.name];
      if (v !== undefined && v.length < s.minLength)
        problems.push({ path: `secrets.${s.name}`, message: `must be at least ${s.minLength} characters` });
      if (v === undefined && !s.generated && !channel?.secretsSet.includes(s.name))
        problems.push({ path: `secrets.${s.name}`, message: 'required' });
    }
    if (problems.length)
      return setError(new ApiError(422, 'invalid', 'Some fields need attention.', problems));
    setBusy(true);
    try {
      const body = { name: name.trim(), config, secrets: given };
      const res = channel
        ? await api<Saved>('PATCH', `/api/v1/channels/${enc(channel.id)}`, { ...body, rotate })
        : await api<Saved>('POST', '/api/v1/channels', { type, ...body });
      setSecrets({});
      setRotate([]);
      onSaved(res);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const errors = errorsOf(error);
  const editable = can('channels:write');

  return (
    <Section title={channel ? `${channel.name} (${channelTypeLabel(channel.type)})` : 'New channel'}>
      <form onSubmit={submit(save)}>
        <FormError error={error} />
        <fieldset className="plain" disabled={!editable}>
          <div className="grid2">
            <SelectField
              label="Type"
              path="type"
              errors={errors}
              value={type}
              disabled={channel !== null}
              options={types.types.map((t) => [t.type, channelTypeLabel(t.type)])}
              onChange={pickType}
            />
            <TextField label="Name" path="name" errors={errors} value={name} onChange={setName} />
            <SchemaFields fields={fields} draft={draft} onChange={setDraft} errors={errors} />
            {info?.secrets.map((s) => (
              <div key={s.name}>
                <TextField
                  label={`${labelOf(s.name)} (secret)`}
                  type="password"
                  autoComplete="new-password"
                  path={`secrets.${s.name}`}
                  errors={errors}
                  value={secrets[s.name] ?? ''}
                  hint={
                    channel?.secretsSet.includes(s.name)
                      ? 'Set. Leave empty to keep it, or type a new one to replace it.'
                      : s.generated
                        ? `Write-only. Leave empty to have one generated (shown once); at least ${s.minLength} characters.`
                        : 'Write-only: it is never shown again.'
                  }
                  onChange={(v) => setSecrets((x) => ({ ...x, [s.name]: v }))}
                />
                {s.generated && channel?.secretsSet.includes(s.name) && (
                  <CheckField
                    label={`Generate a new ${labelOf(s.name).toLowerCase()}`}
                    checked={rotate.includes(s.name)}
                    onChange={(on) => setRotate((r) => (on ? [...r, s.name] : r.filter((x) => x !== s.name)))}
                  />
                )}
              </div>
            ))}
          </div>
        </fieldset>
        <FormButtons
          submit={channel ? 'Save channel' : 'Create channel'}
          busy={busy}
          canSubmit={editable}
          cancel="Close"
          onCancel={onClose}
        />
      </form>
    </Section>
  );
}

function SecretsOnce({ secrets }: { secrets: Record<string, string> }) {
  return (
    <Section title="Secrets: copy them now">
      <p role="status">
        These are shown once. Store them in your server's configuration; they cannot be shown again.
      </p>
      {Object.entries(secrets).map(([k, v]) => (
        <CopyBlock key={k} label={k} value={v} testId={`secret-${k}`} />
      ))}
    </Section>
  );
}

/** What to paste where to connect the channel, and the test that it works. */
function ChannelSetup({
  channel,
  info,
  baseUrl,
  canTest,
}: {
  channel: Channel;
  info: ChannelTypeInfo | undefined;
  baseUrl: string;
  canTest: boolean;
}) {
  const webhook = info?.webhookPath
    ? `${baseUrl}${info.webhookPath.replace('{channelId}', channel.id)}`
    : null;
  const snippet =
    info?.publicId && channel.publicId
      ? `<script src="${baseUrl}/widget.js" data-channel="${channel.publicId}" async></script>`
      : null;
  if (!webhook && !snippet && !info?.canSendTest) return null;
  return (
    <Section title="Connect it">
      {snippet && (
        <>
          <CopyBlock label="Embed snippet" value={snippet} testId="embed-snippet" />
          <p className="muted small">
            Paste it before <code>&lt;/body&gt;</code> on each page of an allowed origin. The chat shows once
            the agent is deployed to this channel.
          </p>
        </>
      )}
      {webhook && (
        <>
          <CopyBlock label="Webhook URL" value={webhook} testId="webhook-url" />
          <p className="muted small">
            {channel.type === 'custom'
              ? 'Your server posts customer messages here, with the channel key as a bearer token.'
              : "Paste it into the provider's console as the webhook (callback) URL."}
          </p>
        </>
      )}
      {info?.canSendTest && canTest && <TestMessage channel={channel} />}
    </Section>
  );
}

function TestMessage({ channel }: { channel: Channel }) {
  const [to, setTo] = useState('');
  const [text, setText] = useState('This is a test message from Frontdesk.');
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<unknown>(null);
  const send = async () => {
    setError(null);
    setState('sending');
    try {
      await api('POST', `/api/v1/channels/${enc(channel.id)}/test-message`, { to, text });
      setState('sent');
    } catch (e) {
      setError(e);
      setState('idle');
    }
  };
  const errors = errorsOf(error);
  return (
    <form className="inline" onSubmit={submit(send)} aria-label="Send a test message">
      <TextField
        label="Send to"
        path="to"
        errors={errors}
        value={to}
        hint={
          channel.type === 'custom'
            ? 'Optional: passed on to your server as "to".'
            : 'The address to send to.'
        }
        onChange={setTo}
      />
      <TextField label="Test text" path="text" errors={errors} value={text} onChange={setText} />
      <button type="submit" disabled={state === 'sending'}>
        {state === 'sending' ? 'Sending…' : 'Send a test message'}
      </button>
      <div className="full">
        <FormError error={error} />
        {state === 'sent' && <Notice>The test message was sent.</Notice>}
      </div>
    </form>
  );
}
