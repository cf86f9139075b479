import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import { errorsOf, FormError, Loading, Notice, Section, SelectField, submit } from '../ui.tsx';
import type { Writeback } from './hubspot-api.ts';

const MODES: Array<[string, string]> = [
  ['off', 'Off: nothing is written to HubSpot'],
  ['summary', 'Summary'],
  ['summary_transcript', 'Summary and transcript (card and ID numbers removed)'],
];
const NO_MATCH: Array<[string, string]> = [
  ['skip', 'Skip the conversation (and count it)'],
  ['create', 'Create a contact, then log it'],
];

/** Interaction logging (§D4): finished conversations on the contact's HubSpot timeline. */
export function HubSpotLogging() {
  const { can } = useSession();
  const path = '/api/v1/integrations/hubspot/writeback';
  const current = useLoad(() => api<Writeback>('GET', path), []);
  const [mode, setMode] = useState<Writeback['mode']>('off');
  const [onNoMatch, setOnNoMatch] = useState<Writeback['onNoMatch']>('skip');
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const editable = can('integrations:write');
  useEffect(() => {
    if (current.data) {
      setMode(current.data.mode);
      setOnNoMatch(current.data.onNoMatch);
    }
  }, [current.data]);

  const save = async () => {
    setError(null);
    setNotice('');
    try {
      current.setData(await api<Writeback>('PATCH', path, { mode, onNoMatch }));
      setNotice(
        mode === 'off'
          ? 'Interaction logging is off.'
          : 'Saved. Conversations that finish from now on are logged.',
      );
    } catch (e) {
      setError(e);
    }
  };
  const errors = errorsOf(error);
  const w = current.data;
  return (
    <Section title="Interaction logging">
      <p className="muted">
        Each conversation that finishes is written to the matched contact's timeline: a chat as a note, a call
        as a call. Conversations from before it was turned on are never exported.
      </p>
      {!w && !current.error && <Loading />}
      <FormError error={error ?? current.error} />
      {notice && <Notice>{notice}</Notice>}
      {w && (
        <form onSubmit={submit(save)}>
          <SelectField
            label="What to log"
            value={mode}
            onChange={(v) => setMode(v as Writeback['mode'])}
            options={MODES}
            path="mode"
            errors={errors}
            disabled={!editable}
          />
          <SelectField
            label="When no HubSpot contact matches"
            value={onNoMatch}
            onChange={(v) => setOnNoMatch(v as Writeback['onNoMatch'])}
            options={NO_MATCH}
            path="onNoMatch"
            errors={errors}
            disabled={!editable}
          />
          <dl className="facts">
            <dt>Logging since</dt>
            <dd>{w.enabledAt ? new Date(w.enabledAt).toLocaleString() : 'not turned on yet'}</dd>
            <dt>Skipped (no matching contact)</dt>
            <dd data-testid="skipped-count">{w.skippedCount}</dd>
          </dl>
          {editable && (
            <button type="submit" className="primary">
              Save logging settings
            </button>
          )}
        </form>
      )}
    </Section>
  );
}
