import { useId, useMemo } from 'react';
import type { HoursInput } from '../../../src/deployments/hours.ts';
import { type Errors, Field, SelectField } from '../ui.tsx';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];
const DAY_LABEL: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

export interface Interval {
  days: Weekday[];
  from: string;
  to: string;
}
/** What the editor holds: every field of every mode, so switching mode loses nothing. */
export interface HoursDraft {
  mode: 'all' | 'during' | 'outside';
  timeZone: string;
  intervals: Interval[];
  holidays: string[];
}

export const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const WORKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

export function hoursDraftOf(h: Record<string, unknown> | undefined): HoursDraft {
  const mode = (h?.['mode'] as HoursDraft['mode']) ?? 'all';
  return {
    mode,
    timeZone: (h?.['timeZone'] as string) ?? localZone(),
    intervals: (h?.['intervals'] as Interval[]) ?? [{ days: [...WORKDAYS], from: '09:00', to: '17:00' }],
    holidays: (h?.['holidays'] as string[]) ?? [],
  };
}

export function hoursOf(d: HoursDraft): HoursInput {
  if (d.mode === 'all') return { mode: 'all' };
  return { mode: d.mode, timeZone: d.timeZone, intervals: d.intervals, holidays: d.holidays.filter(Boolean) };
}

/** "Mon–Fri" for a run of consecutive days, else the days one by one. */
function describeDays(days: Weekday[]): string {
  const at = days.map((d) => WEEKDAYS.indexOf(d)).sort((a, b) => a - b);
  const run = at.length > 2 && at.every((d, i) => i === 0 || d === at[i - 1]! + 1);
  return run
    ? `${DAY_LABEL[WEEKDAYS[at[0]!]!]}–${DAY_LABEL[WEEKDAYS[at.at(-1)!]!]}`
    : days.map((x) => DAY_LABEL[x]).join(' ');
}

/** "During Mon–Fri 09:00–12:00, Mon–Fri 13:00–17:00 (Europe/Berlin)" for a list row. */
export function describeHours(h: Record<string, unknown>): string {
  const d = hoursDraftOf(h);
  if (d.mode === 'all') return 'All hours';
  const spans = d.intervals.map((i) => `${describeDays(i.days)} ${i.from}–${i.to}`);
  const holidays = d.holidays.length
    ? `; ${d.holidays.length} holiday${d.holidays.length > 1 ? 's' : ''}`
    : '';
  return `${d.mode === 'during' ? 'During' : 'Outside'} ${spans.join(', ')} (${d.timeZone})${holidays}`;
}

/**
 * Working hours (E3): all hours, during or only outside weekly intervals (several a day for
 * split shifts; one past midnight runs into the next day), in an IANA time zone, with
 * holidays. Errors come at the API's paths under `base` (`hours.intervals[1].to`).
 */
export function HoursEditor({
  value,
  onChange,
  errors,
  base = 'hours',
}: {
  value: HoursDraft;
  onChange: (d: HoursDraft) => void;
  errors: Errors;
  base?: string;
}) {
  const zones = useMemo(() => {
    const all = Intl.supportedValuesOf?.('timeZone') ?? [];
    return all.includes(value.timeZone) ? all : [value.timeZone, ...all];
  }, [value.timeZone]);
  const group = useId();
  const set = (patch: Partial<HoursDraft>) => onChange({ ...value, ...patch });
  const setInterval = (i: number, patch: Partial<Interval>) =>
    set({ intervals: value.intervals.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const errorAt = (path: string) => errors.filter((e) => e.path === path || e.path.startsWith(`${path}[`));

  return (
    <fieldset>
      <legend>Working hours</legend>
      <div role="radiogroup" aria-labelledby={`${group}-l`} className="radios">
        <span id={`${group}-l`} className="copy-label">
          When the agent takes new conversations
        </span>
        {(
          [
            ['all', 'All hours'],
            ['during', 'During specific hours'],
            ['outside', 'Only outside specific hours'],
          ] as const
        ).map(([m, label]) => (
          <label key={m} className="check">
            <input type="radio" name={group} checked={value.mode === m} onChange={() => set({ mode: m })} />
            {label}
          </label>
        ))}
      </div>
      {value.mode !== 'all' && (
        <>
          <SelectField
            label="Time zone"
            path={`${base}.timeZone`}
            errors={errors}
            value={value.timeZone}
            options={zones.map((z) => [z, z.replaceAll('_', ' ')])}
            hint="Times are wall-clock times there, daylight saving included."
            onChange={(timeZone) => set({ timeZone })}
          />
          <ol className="intervals">
            {value.intervals.map((iv, i) => {
              const at = `${base}.intervals[${i}]`;
              const n = i + 1;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no identity but their place
                <li key={i} className="interval">
                  <fieldset className="days">
                    <legend>Interval {n} days</legend>
                    {WEEKDAYS.map((d) => (
                      <label key={d} className="day">
                        <input
                          type="checkbox"
                          checked={iv.days.includes(d)}
                          onChange={(e) =>
                            setInterval(i, {
                              days: e.target.checked
                                ? WEEKDAYS.filter((x) => x === d || iv.days.includes(x))
                                : iv.days.filter((x) => x !== d),
                            })
                          }
                        />
                        {DAY_LABEL[d]}
                      </label>
                    ))}
                    {errorAt(`${at}.days`).map((e) => (
                      <small key={e.message} className="error" data-path={e.path}>
                        {e.message}
                      </small>
                    ))}
                  </fieldset>
                  <div className="input-row">
                    <Field label={`Interval ${n} from`} path={`${at}.from`} errors={errors}>
                      {(a) => (
                        <input
                          {...a}
                          type="time"
                          value={iv.from}
                          onChange={(e) => setInterval(i, { from: e.target.value })}
                        />
                      )}
                    </Field>
                    <Field label={`Interval ${n} to`} path={`${at}.to`} errors={errors}>
                      {(a) => (
                        <input
                          {...a}
                          type="time"
                          value={iv.to}
                          onChange={(e) => setInterval(i, { to: e.target.value })}
                        />
                      )}
                    </Field>
                    <button
                      type="button"
                      className="icon"
                      disabled={value.intervals.length === 1}
                      onClick={() => set({ intervals: value.intervals.filter((_, j) => j !== i) })}
                    >
                      Remove<span className="sr-only"> interval {n}</span>
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
          <button
            type="button"
            onClick={() =>
              set({
                intervals: [
                  ...value.intervals,
                  { days: [...(value.intervals.at(-1)?.days ?? WORKDAYS)], from: '13:00', to: '17:00' },
                ],
              })
            }
          >
            Add interval
          </button>
          <p className="muted small">
            Add a second interval on the same days for a split shift. An interval that ends at or before it
            starts runs past midnight.
          </p>
          <h3>Holidays</h3>
          <p className="muted small">
            {value.mode === 'during'
              ? 'On these dates the agent is off all day.'
              : 'On these dates the agent is on all day (your people are off).'}
          </p>
          {value.holidays.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: dates are edited in place
            <div key={i} className="input-row">
              <Field label={`Holiday ${i + 1}`} path={`${base}.holidays[${i}]`} errors={errors}>
                {(a) => (
                  <input
                    {...a}
                    type="date"
                    value={h}
                    onChange={(e) =>
                      set({ holidays: value.holidays.map((x, j) => (j === i ? e.target.value : x)) })
                    }
                  />
                )}
              </Field>
              <button
                type="button"
                className="icon"
                onClick={() => set({ holidays: value.holidays.filter((_, j) => j !== i) })}
              >
                Remove<span className="sr-only"> holiday {i + 1}</span>
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set({ holidays: [...value.holidays, ''] })}>
            Add holiday
          </button>
        </>
      )}
    </fieldset>
  );
}
