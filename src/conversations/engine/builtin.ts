import { type Control, detectControl } from '../../understanding/extract/index.ts';
import { type Draft, newDraft, say } from './draft.ts';
import { handOff, handoffRequested } from './handoff.ts';
import type { Memory } from './memory.ts';
import type { EnginePorts } from './ports.ts';
import { answerClarify, route } from './route.ts';
import { wordResult } from './run-reply.ts';
import { smallTalkOf } from './small-talk.ts';
import { answerSmallTalk } from './small-talk-reply.ts';
import { resume, startOver } from './waiting.ts';

/**
 * The built-in engine (C2): deterministic routing over trigger phrases, typed extraction,
 * knowledge answers with citations, and the gates of C4. Same conversation, same replies.
 */
export async function builtinTurn(ports: EnginePorts, memory: Memory, text: string): Promise<Draft> {
  const draft = newDraft(ports, memory, 'builtin');
  const control = detectControl(text);
  if (control) draft.trace.control = control;

  // Whether the previous turn answered the customer; only an acknowledgement keeps it for the next.
  const answered = draft.memory.answered === true;
  delete draft.memory.answered;
  const handoff = handoffRequested(draft.memory, text, control, ports.agent.handoffTopics);
  if (handoff) {
    handOff(draft, handoff);
    return draft;
  }
  if (control === 'restart') {
    startOver(draft);
    return draft;
  }
  const gate = await resume(draft, text, control);
  if (gate) {
    wordResult(draft, gate);
    return draft;
  }
  if (draft.memory.awaiting === 'clarify') {
    if (await answerClarify(draft, text)) return draft;
  } else if (draft.memory.awaiting === 'human_offer') {
    delete draft.memory.awaiting;
    if (control === 'deny') {
      say(draft, draft.w.anythingElse);
      return draft;
    }
  }
  const talk = smallTalkOf(text);
  if (talk) {
    answerSmallTalk(draft, talk, answered);
    return draft;
  }
  if (isBareControl(draft, text, control)) {
    say(draft, draft.w.anythingElse);
    return draft;
  }
  await route(draft, text);
  return draft;
}

/** With nothing under way, a yes, a no or a "cancel" has nothing to act on — unless "cancel" names an action. */
function isBareControl(draft: Draft, text: string, control: Control | null): boolean {
  if (control === 'deny' || control === 'affirm') return true;
  return control === 'cancel' && draft.ports.catalog.router.route(text).decision === 'none';
}
