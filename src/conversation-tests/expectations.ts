import type { TurnResult } from '../conversations/turn-result.ts';
import { caseInsensitiveFinder } from '../shared/linear-regex.ts';
import type { Expectation, TextMatch } from './format.ts';

/**
 * Checks one turn against its expectations and explains the first that does not hold, in
 * words a test author can act on. The action facts come from the turn's trace: which skill
 * the turn worked on, the inputs it had, and the run (present only when a call was made).
 */
export async function firstMismatch(
  expect: Expectation,
  turn: TurnResult,
  handoffSummary: () => Promise<string | null>,
): Promise<string | null> {
  const { trace } = turn;
  const replyText = turn.replies.map((r) => r.text).join('\n');
  const ran = trace.run ? trace.skill?.key : undefined;
  const handedOff =
    trace.handoff && trace.handoff.reason !== 'already handed off' ? trace.handoff : undefined;

  if (expect.reply) {
    const problem = textMismatch(expect.reply, replyText, 'the reply');
    if (problem) return problem;
  }
  if (expect.noReply && turn.replies.length > 0)
    return `the agent should not reply, but said ${quote(replyText)}`;
  if (expect.state && turn.state !== expect.state)
    return `the state should be ${expect.state}, but is ${turn.state}`;
  if (expect.route) {
    const on = trace.skill?.key ?? 'none';
    if (on !== expect.route)
      return `the turn should be about ${expect.route}, but is about ${on}${routeNote(turn)}`;
  }
  if (expect.action) {
    const a = expect.action;
    if (!ran) return `${a.key} should run in this turn, but no action ran${routeNote(turn)}`;
    if (ran !== a.key) return `${a.key} should run in this turn, but ${ran} ran`;
    const inputs = a.inputs && subsetMismatch(a.inputs, trace.inputs ?? {}, 'inputs');
    if (inputs) return `${a.key} ran with other inputs: ${inputs}`;
    if (a.ok !== undefined && trace.run!.ok !== a.ok)
      return `${a.key} should have ${a.ok ? 'succeeded' : 'failed'}, but it ${trace.run!.ok ? 'succeeded' : `failed (${trace.run!.error?.message ?? 'no detail'})`}`;
    const outputs = a.outputs && subsetMismatch(a.outputs, trace.run!.outputs, 'outputs');
    if (outputs) return `${a.key} returned other outputs: ${outputs}`;
  }
  if (expect.noAction && ran) return `no action should run in this turn, but ${ran} ran`;
  if (expect.gate && trace.gate !== expect.gate)
    return `the turn should stop at the ${expect.gate} gate, but ${trace.gate ? `stopped at ${trace.gate}` : 'no gate was reached'}`;
  if (expect.citation) {
    if (!trace.knowledge) return 'the reply should answer from content with a citation, but used no content';
    const source = trace.knowledge.source;
    if (!replyText.includes(source)) return `the reply should show its citation ${quote(source)}`;
    if (expect.citation.source && !has(source, expect.citation.source))
      return `the citation should mention ${quote(expect.citation.source)}, but is ${quote(source)}`;
  }
  if (expect.handoff) {
    if (!handedOff) return `the turn should hand off to a person, but did not (state ${turn.state})`;
    const want = expect.handoff.reason;
    if (want && !reasonMatches(want, handedOff.reason))
      return `the handoff reason should be ${want}, but is ${handedOff.reason}`;
    if (expect.handoff.summary) {
      const summary = (await handoffSummary()) ?? '';
      const problem = textMismatch(expect.handoff.summary, summary, 'the handoff summary');
      if (problem) return problem;
    }
  }
  if (expect.noHandoff && handedOff)
    return `the turn should not hand off, but did (reason ${handedOff.reason})`;
  return null;
}

/** `topic` matches `topic:chargeback`; a full reason must match exactly. */
const reasonMatches = (want: string, got: string) => got === want || got.split(':')[0] === want;

export function textMismatch(m: TextMatch, actual: string, what: string): string | null {
  for (const c of m.contains ?? [])
    if (!has(actual, c)) return `${what} should contain ${quote(c)}, but is ${quote(actual)}`;
  for (const c of m.notContains ?? [])
    if (has(actual, c)) return `${what} should not contain ${quote(c)}, but is ${quote(actual)}`;
  if (m.matches && !caseInsensitiveFinder(m.matches).test(actual))
    return `${what} should match /${m.matches}/i, but is ${quote(actual)}`;
  return null;
}

/** Every key of `expected` holds an equal value in `actual` (objects compared key by key). */
export function subsetMismatch(expected: unknown, actual: unknown, path: string): string | null {
  if (isObject(expected)) {
    if (!isObject(actual)) return `${path} should be an object, but is ${JSON.stringify(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      if (!(k in actual)) return `${path}.${k} should be ${JSON.stringify(v)}, but is missing`;
      const inner = subsetMismatch(v, actual[k], `${path}.${k}`);
      if (inner) return inner;
    }
    return null;
  }
  if (JSON.stringify(expected) === JSON.stringify(actual)) return null;
  return `${path} should be ${JSON.stringify(expected)}, but is ${JSON.stringify(actual)}`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (haystack: string, needle: string) => haystack.toLowerCase().includes(needle.toLowerCase());
const quote = (s: string) => (s ? JSON.stringify(s) : '(nothing)');

function routeNote(turn: TurnResult): string {
  const route = turn.trace.route;
  if (!route) return '';
  const top = route.ranked[0];
  return ` (routing decided ${route.decision}${top ? `; best ${top.key} at ${top.score}` : ''})`;
}
