import { useId } from 'react';

export interface Bar {
  label: string;
  value: number;
}

/**
 * Every UTC day from `from` to `to` (at most `max` days, the latest ones), with the
 * credits used on it: days without usage are bars of zero, so the chart shows the period.
 */
export function fillDays(
  from: string,
  to: string,
  byDay: Array<{ day: string; credits: number }>,
  max = 62,
): Bar[] {
  const used = new Map(byDay.map((d) => [d.day, d.credits]));
  const end = new Date(to);
  const start = new Date(Math.max(new Date(from).getTime(), end.getTime() - (max - 1) * 86_400_000));
  const out: Bar[] = [];
  for (
    let d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
    d <= end.getTime();
    d += 86_400_000
  ) {
    const day = new Date(d).toISOString().slice(0, 10);
    out.push({ label: day, value: used.get(day) ?? 0 });
  }
  return out;
}

/** Credits per day as SVG columns, with the numbers in a table for screen readers. */
export function DayChart({ title, bars }: { title: string; bars: Bar[] }) {
  const id = useId();
  const top = Math.max(1, ...bars.map((b) => b.value));
  const w = 12;
  const gap = 4;
  const h = 120;
  const width = Math.max(bars.length * (w + gap), 40);
  return (
    <figure className="chart" aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${h + 2}`}
        preserveAspectRatio="none"
        aria-hidden="true"
        className="day-chart"
        data-testid="day-chart"
      >
        {bars.map((b, i) => {
          const bh = Math.round((b.value / top) * h);
          return (
            <rect
              key={b.label}
              x={i * (w + gap)}
              y={h - bh}
              width={w}
              height={Math.max(bh, b.value ? 2 : 0)}
              rx="2"
            >
              <title>{`${b.label}: ${b.value}`}</title>
            </rect>
          );
        })}
        <line x1="0" x2={width} y1={h + 1} y2={h + 1} />
      </svg>
      <div className="chart-axis muted small" aria-hidden="true">
        <span>{bars[0]?.label}</span>
        <span>max {top}</span>
        <span>{bars.at(-1)?.label}</span>
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Credits</th>
          </tr>
        </thead>
        <tbody>
          {bars
            .filter((b) => b.value > 0)
            .map((b) => (
              <tr key={b.label}>
                <td>{b.label}</td>
                <td>{b.value}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}

/** A share per name (channel, agent) as horizontal CSS bars; the text carries the numbers. */
export function ShareBars({ title, bars, testId }: { title: string; bars: Bar[]; testId?: string }) {
  const total = bars.reduce((s, b) => s + b.value, 0);
  const top = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <ul className="share-bars" data-testid={testId}>
        {bars.map((b) => (
          <li key={b.label}>
            <span className="share-label">{b.label}</span>
            <span className="share-track" aria-hidden="true">
              <span className="share-fill" style={{ width: `${(b.value / top) * 100}%` }} />
            </span>
            <span className="share-value">
              {b.value} ({total ? Math.round((b.value / total) * 100) : 0}%)
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
