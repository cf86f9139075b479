import { writeFile } from 'node:fs/promises';
import type { Cell, StatementProfile } from './run.ts';

interface Summary {
  machine: {
    cpu: string;
    cores: number;
    node: string;
    os: string;
    loadavgBefore: number[];
    loadavgAfter: number[];
  };
  date: string;
  elapsedSeconds: number;
  method: { turnsPerBlock: number; rounds: number; warmUpTurns: number; concurrency: readonly number[] };
  aimMet: boolean;
  cells: Cell[];
  profiles: StatementProfile[];
}

/** Rewrites bench/turn/RESULTS.md from a run's summary. */
export async function writeResults(s: Summary): Promise<void> {
  const m = s.machine;
  const load = (l: number[]) => l.map((n) => n.toFixed(2)).join(' / ');
  const lines = [
    '# Turn benchmark',
    '',
    `Machine: ${m.cpu} (${m.cores} logical CPUs), ${m.os}, Node ${m.node}; load average (1/5/15 min) ` +
      `${load(m.loadavgBefore)} before, ${load(m.loadavgAfter)} after.`,
    `Date: ${s.date}; run time ${s.elapsedSeconds.toFixed(1)} s. Command: \`npm run bench:turn\`.`,
    '',
    '## Method',
    '',
    '- Frontdesk: the real server (`startRuntime`, FRONTDESK_DEMO=off, LOG_LEVEL=silent, loopback),',
    '  an agent with one FAQ entry; every message asks its question, so the built-in engine answers',
    '  from knowledge each turn (state `bot`, no handoff). POST /api/v1/conversations/{id}/messages',
    '  with the admin key and a unique clientMessageId.',
    '- Bare: a Fastify route in the same process on the same database handle that, in one',
    '  transaction, updates the conversation row (next_seq + 2, activity), inserts the customer',
    "  message and inserts the agent's reply (bench/turn/bare.ts).",
    '- Clients in a worker thread (undici), one conversation per virtual user, one message in',
    `  flight per user. Warm-up (${s.method.warmUpTurns} turns at concurrency 8 and 20 sequential per path), then per`,
    `  concurrency ${s.method.rounds} rounds of one block of ${s.method.turnsPerBlock} turns (at least 5 per virtual user) per path, the order`,
    '  flipping every round. Figures are medians over rounds; the ratio is the median (quartiles) of',
    "  per-round ratios of Frontdesk's turns/s to the bare route's in the same round.",
    '- Statements per turn: statements sent through Kysely (observeQueries, src/store/database.ts)',
    '  + BEGIN/COMMIT + pg_notify of the event bus, divided by the turns of the block. pg-boss',
    "  statements are not counted. `db ms/turn`: the sum of those statements' durations as Kysely",
    '  (or the bus, for pg_notify) sees them, waiting for the connection included, per turn; `cpu ms/turn`: process CPU',
    '  (user + system, all threads, PGlite included) per turn.',
    '- RSS: the whole process (both servers, PGlite, the client worker), max of 100 ms samples.',
    '',
    '## Figures',
    '',
    ...table([
      [
        'backend',
        'conc.',
        'path',
        'turns/s',
        'p50 ms',
        'p99 ms',
        'stmts/turn',
        'db ms/turn',
        'cpu ms/turn',
        'RSS MB',
      ],
      ...s.cells.flatMap((c) =>
        (['frontdesk', 'bare'] as const).map((p) => {
          const f = c.figures[p];
          return [
            c.backend,
            String(c.concurrency),
            p,
            f.rps.toFixed(1),
            f.p50.toFixed(1),
            f.p99.toFixed(1),
            f.statementsPerTurn.toFixed(2),
            f.dbMsPerTurn.toFixed(2),
            f.cpuMsPerTurn.toFixed(2),
            f.rssMaxMb.toFixed(0),
          ];
        }),
      ),
    ]),
    '',
    '## Frontdesk / bare',
    '',
    ...table([
      ['backend', 'concurrency', 'throughput ratio (quartiles)', 'p50 latency ratio', 'aim'],
      ...s.cells.map((c) => [
        c.backend,
        String(c.concurrency),
        `${c.ratio.median.toFixed(2)}× (${c.ratio.q1.toFixed(2)}–${c.ratio.q3.toFixed(2)})`,
        `${c.p50Ratio.toFixed(2)}×`,
        c.ratio.median >= 0.5 ? '≥ 0.5× met' : '≥ 0.5× missed',
      ]),
    ]),
    '',
    `Aim (≥ 0.5× the bare route's throughput everywhere) ${s.aimMet ? 'met' : 'not met'} in this run.`,
    '',
    "## Where a Frontdesk turn's statements go",
    '',
    ...s.profiles.flatMap((p) => [
      `${p.backend}, ${p.turns} sequential turns: ` +
        Object.entries(p.byType)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') +
        ' per turn.',
      '',
      ...table([
        ['per turn', 'avg ms', 'statement (normalised, first 140 characters)'],
        ...p.top.map((t) => [t.perTurn.toFixed(2), t.avgMs.toFixed(2), `\`${t.sql.replace(/\|/g, '\\|')}\``]),
      ]),
      '',
    ]),
  ];
  await writeFile(new URL('./RESULTS.md', import.meta.url), lines.join('\n'));
}

/** A Markdown table padded the way the formatter (Biome) lays it out. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(3, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)];
}
