import { useState } from 'react';
import type { z } from 'zod';
import type { creditsView } from '../../../src/credits/schema.ts';
import type { CreditPeriod } from '../../../src/store/schema.ts';
import { api, enc } from '../api.ts';
import { DayChart, fillDays, ShareBars } from '../components/bar-chart.tsx';
import { useLoad } from '../load.ts';
import { useSession } from '../session.tsx';
import { useAgent } from '../shell.tsx';
import {
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
import { channelTypeLabel } from './channels.tsx';

type Credits = z.output<typeof creditsView>;
/** `usageView`, whose buckets are built from a key name, so their fields are written out here. */
interface Usage {
  from: string;
  to: string;
  total: number;
  byDay: Array<{ day: string; credits: number }>;
  byChannel: Array<{ channel: string; credits: number }>;
  byAgent: Array<{ agentId: string; credits: number }>;
}

const PERIODS = ['day', 'week', 'month', 'year'] as const satisfies readonly CreditPeriod[];
const PACKS = [1000, 5000, 25000];
const n = (x: number) => x.toLocaleString('en-US');
const date = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 10) : '—');

/** Credits (E6): the allotment and its period, top-ups, the balance and where credits went. */
export function CreditsScreen() {
  const { can } = useSession();
  const editable = can('credits:write');
  const credits = useLoad(() => api<Credits>('GET', '/api/v1/credits'), []);
  // The last 30 days, not the period: a reset or a new allotment would empty the chart.
  const usage = useLoad(
    () =>
      api<Usage>(
        'GET',
        `/api/v1/credits/usage?from=${enc(new Date(Date.now() - 30 * 86_400_000).toISOString())}`,
      ),
    [],
  );
  const c = credits.data;
  return (
    <>
      <h1>Credits</h1>
      <p className="muted">
        Each new conversation the agent takes uses one credit. Conversations people take are free.
      </p>
      <FormError error={credits.error} />
      {!c && !credits.error && <Loading />}
      {c && (
        <Section title="Balance">
          <dl className="stats">
            <div>
              <dt>Balance</dt>
              <dd data-testid="balance">{c.balance === null ? 'Unlimited' : n(c.balance)}</dd>
            </div>
            <div>
              <dt>Allotment</dt>
              <dd>{c.allotment === null ? 'Unlimited' : `${n(c.allotment)} a ${c.period}`}</dd>
            </div>
            <div>
              <dt>Used this period</dt>
              <dd>{n(c.usedThisPeriod)}</dd>
            </div>
            <div>
              <dt>Purchased, left</dt>
              <dd>{n(c.purchasedLeft)}</dd>
            </div>
            <div>
              <dt>Period</dt>
              <dd>
                {date(c.periodStart)} to {date(c.resetAt)}
              </dd>
            </div>
            <div>
              <dt>Next reset</dt>
              <dd>{date(c.resetAt)}</dd>
            </div>
          </dl>
          {c.balance === 0 && (
            <p className="alert warn">
              No credits left: new conversations go where each deployment's “when unavailable” says until the
              reset or a top-up.
            </p>
          )}
        </Section>
      )}
      {c && editable && <CreditSettings credits={c} onSaved={credits.setData} />}
      {c && editable && <TopUps credits={c} onSaved={credits.setData} />}
      <UsageCharts usage={usage.data} error={usage.error} />
    </>
  );
}

function CreditSettings({ credits, onSaved }: { credits: Credits; onSaved: (c: Credits) => void }) {
  const [unlimited, setUnlimited] = useState(credits.allotment === null);
  const [allotment, setAllotment] = useState(String(credits.allotment ?? 1000));
  const [period, setPeriod] = useState<string>(credits.period);
  const [resetOn, setResetOn] = useState(credits.resetAt ? date(credits.resetAt) : '');
  const [auto, setAuto] = useState(credits.autoTopUp.enabled);
  const [packSize, setPackSize] = useState(String(credits.autoTopUp.packSize));
  const [maxPerPeriod, setMaxPerPeriod] = useState(String(credits.autoTopUp.maxPerPeriod));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      onSaved(
        await api<Credits>('PATCH', '/api/v1/credits', {
          allotment: unlimited ? null : Number(allotment),
          period,
          ...(resetOn ? { resetAt: `${resetOn}T00:00:00Z` } : {}),
          autoTopUp: { enabled: auto, packSize: Number(packSize), maxPerPeriod: Number(maxPerPeriod) },
        }),
      );
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  };
  const errors = errorsOf(error);
  return (
    <Section title="Allotment and automatic top-up">
      <form onSubmit={submit(save)}>
        <FormError error={error} />
        {saved && <Notice>Credit settings saved.</Notice>}
        <CheckField label="Unlimited (usage is still counted)" checked={unlimited} onChange={setUnlimited} />
        <div className="grid2">
          {!unlimited && (
            <TextField
              label="Credits per period"
              type="number"
              path="allotment"
              errors={errors}
              value={allotment}
              onChange={setAllotment}
            />
          )}
          <SelectField
            label="Period"
            path="period"
            errors={errors}
            value={period}
            options={PERIODS.map((p) => [p, `Every ${p}`])}
            onChange={setPeriod}
          />
          <TextField
            label="Reset date (UTC)"
            type="date"
            path="resetAt"
            errors={errors}
            value={resetOn}
            hint="When the current period ends; the allotment refills then, and every period after."
            onChange={setResetOn}
          />
        </div>
        <CheckField
          label="Top up automatically when the balance runs out"
          checked={auto}
          onChange={setAuto}
        />
        {auto && (
          <div className="grid2">
            <TextField
              label="Credits per automatic top-up"
              type="number"
              path="autoTopUp.packSize"
              errors={errors}
              value={packSize}
              onChange={setPackSize}
            />
            <TextField
              label="At most this many a period"
              type="number"
              path="autoTopUp.maxPerPeriod"
              errors={errors}
              value={maxPerPeriod}
              onChange={setMaxPerPeriod}
            />
          </div>
        )}
        <div className="buttons">
          <button type="submit" className="primary">
            Save credit settings
          </button>
        </div>
      </form>
    </Section>
  );
}

function TopUps({ credits, onSaved }: { credits: Credits; onSaved: (c: Credits) => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const add = async (pack: number) => {
    setError(null);
    setBusy(true);
    try {
      onSaved(
        await api<Credits>('POST', '/api/v1/credits/top-ups', {
          credits: pack,
          ...(note.trim() ? { note: note.trim() } : {}),
        }),
      );
      setNote('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title="Top-up packs">
      <p className="muted small">Purchased credits are used after the allotment and carry over resets.</p>
      <FormError error={error} />
      <TextField
        label="Order number or note (optional)"
        path="note"
        errors={errorsOf(error)}
        value={note}
        onChange={setNote}
      />
      <div className="buttons">
        {PACKS.map((p) => (
          <button key={p} type="button" disabled={busy} onClick={() => void add(p)}>
            Add {n(p)} credits
          </button>
        ))}
      </div>
      {credits.topUps.length > 0 && (
        <ul className="plain-list">
          {credits.topUps.map((t) => (
            <li key={t.id}>
              {date(t.createdAt)}: +{n(t.credits)} ({t.source}
              {t.note ? `, ${t.note}` : ''})
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function UsageCharts({ usage, error }: { usage: Usage | undefined; error: unknown }) {
  const { agents } = useAgent();
  return (
    <Section title="Usage, last 30 days">
      <FormError error={error} />
      {!usage && !error && <Loading />}
      {usage && usage.total === 0 && (
        <Empty title="No credits used in the last 30 days.">
          <p>
            Usage appears here once the agent takes conversations.{' '}
            <a href="#/deploy">Deploy it to a channel</a> to start.
          </p>
        </Empty>
      )}
      {usage && usage.total > 0 && (
        <>
          <p>
            <strong data-testid="usage-total">{n(usage.total)}</strong> credits from {date(usage.from)} to{' '}
            {date(usage.to)}.
          </p>
          <DayChart title="Credits per day (UTC)" bars={fillDays(usage.from, usage.to, usage.byDay)} />
          <div className="grid2">
            <ShareBars
              title="By channel"
              testId="usage-by-channel"
              bars={usage.byChannel.map((c) => ({ label: channelTypeLabel(c.channel), value: c.credits }))}
            />
            <ShareBars
              title="By agent"
              testId="usage-by-agent"
              bars={usage.byAgent.map((a) => ({
                label: agents.find((x) => x.id === a.agentId)?.name ?? a.agentId,
                value: a.credits,
              }))}
            />
          </div>
        </>
      )}
    </Section>
  );
}
