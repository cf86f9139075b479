import { type Draft, say } from './draft.ts';
import type { GateResult, Ran } from './gates.ts';
import { handOff } from './handoff.ts';
import { askFor, successText } from './wording/compose.ts';

/** Words a gate's result the built-in way: a run's answer, or nothing (the gate already spoke). */
export function wordResult(draft: Draft, gate: GateResult): void {
  if (gate.type === 'ran') builtinRunReply(draft, gate);
}

/** The built-in answer after a run: the response template, "not found", or a handoff on failure (C6). */
export function builtinRunReply(draft: Draft, ran: Ran): void {
  const { skill, values, outcome } = ran;
  const { w } = draft;
  if (outcome.ok) {
    draft.memory.failures = 0;
    draft.memory.answered = true;
    say(draft, successText(w, skill, values, outcome.outputs));
    return;
  }
  if (outcome.error?.class === 'http_status' && outcome.status === 404 && skill.kind === 'read') {
    // Usually a mistyped id: ask for the first customer input again rather than give up.
    const first = skill.inputs.find((i) => i.source === 'customer' && i.required);
    if (first) {
      const kept = Object.fromEntries(Object.entries(values).filter(([k]) => k !== first.name));
      draft.memory.pending = {
        runId: draft.ports.newRunId(),
        skillKey: skill.key,
        values: kept,
        asking: first.name,
        invalid: 0,
      };
      draft.memory.awaiting = 'input';
      say(draft, w.notFound, askFor(w, first));
      return;
    }
  }
  handOff(draft, 'action_failed', w.handoffAfterFailure);
}
