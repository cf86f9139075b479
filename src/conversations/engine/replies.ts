/**
 * What the engine says, as structured parts (spec §E1): a channel renders them by its
 * capabilities (src/channels/render.ts) — buttons for choices, footnotes for citations,
 * speech-safe text — and the engine never knows which channel it talks to. Each part that
 * has words carries them already in the reply's language, so rendering needs no wording.
 */
export interface Choice {
  /** What the customer's answer means, e.g. 'yes'; what a button sends back. */
  value: string;
  label: string;
}

export type ReplyPart =
  | { type: 'text'; text: string }
  | {
      type: 'citation';
      title: string;
      section?: string;
      url?: string;
      sourceId?: string;
      /** The footnote as plain text, e.g. "Source: Returns policy (#returns)". */
      text: string;
    }
  | {
      type: 'choices';
      kind: 'yes_no' | 'options';
      /** The question alone, shown above buttons, e.g. "Shall I go ahead?". */
      prompt: string;
      options: Choice[];
      /** The question with its options in words, for a channel without buttons. */
      inline: string;
    }
  | { type: 'handoff_notice'; reason: string; text: string }
  | {
      type: 'code_request';
      /** 'ask_email': the address is asked for first; 'sent': a code went to `to` (masked). */
      step: 'ask_email' | 'sent' | 'resent';
      to?: string;
      text: string;
    };

/** One outbound message. */
export interface Reply {
  parts: ReplyPart[];
}

export const text = (t: string): ReplyPart => ({ type: 'text', text: t });
export const reply = (...parts: ReplyPart[]): Reply => ({ parts });

/** A part as plain text, with no buttons: the form the API, CLI and YAML tests have always seen. */
function plainPart(part: ReplyPart): string {
  return part.type === 'choices' ? part.inline : part.text;
}

/**
 * A reply as plain text: parts joined by a space, a citation set apart as a footnote after
 * a blank line. The LLM engine's history and the transcript use this form too.
 */
export function plainText(r: Reply): string {
  let out = '';
  for (const part of r.parts) {
    const piece = plainPart(part);
    if (!piece) continue;
    out += out ? `${part.type === 'citation' ? '\n\n' : ' '}${piece}` : piece;
  }
  return out;
}
