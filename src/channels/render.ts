import { type Choice, plainText, type Reply, type ReplyPart } from '../conversations/engine/replies.ts';

/**
 * Renders an engine reply for a channel by what the channel can show (spec §E1). Pure: the
 * same reply and capabilities give the same text. Plain text without buttons is exactly
 * what the conversation API has always returned (parts joined by a space, a citation as a
 * footnote after a blank line, choices as words such as "(yes / no)").
 */
export interface Capabilities {
  text: 'plain' | 'markdown';
  /** Choices can be shown as buttons; their prompt is then shown without the options in words. */
  buttons: boolean;
  /** The text is spoken: no markdown, no URLs, no footnotes, short lists. */
  speech: boolean;
}

export interface Rendered {
  text: string;
  buttons?: Choice[];
}

export const PLAIN: Capabilities = { text: 'plain', buttons: false, speech: false };

/** Lists longer than this are cut when spoken: a caller cannot hold more options in mind. */
const SPOKEN_OPTIONS = 3;

export function renderReply(reply: Reply, capabilities: Capabilities): Rendered {
  if (capabilities.speech) return renderSpoken(reply);
  const choices = capabilities.buttons
    ? reply.parts.find((p): p is Extract<ReplyPart, { type: 'choices' }> => p.type === 'choices')
    : undefined;
  const parts = reply.parts.map((part): ReplyPart => {
    if (part === choices) return { type: 'text', text: part.prompt };
    if (part.type === 'citation' && capabilities.text === 'markdown') return markdownCitation(part);
    return part;
  });
  const text = plainText({ parts });
  return choices ? { text, buttons: choices.options } : { text };
}

function markdownCitation(part: Extract<ReplyPart, { type: 'citation' }>): ReplyPart {
  const linked =
    part.url && part.text.includes(part.title)
      ? part.text.replace(part.title, `[${escapeMarkdown(part.title)}](${part.url})`)
      : part.text;
  return { ...part, text: `_${linked}_` };
}

const escapeMarkdown = (s: string) => s.replace(/([\\[\]()*_`])/g, '\\$1');

/** Speech: footnotes dropped, URLs and markdown marks removed, yes/no asked plainly, at most a few options read out. */
function renderSpoken(reply: Reply): Rendered {
  const parts = reply.parts
    .filter((p) => p.type !== 'citation')
    .map((part): ReplyPart => {
      if (part.type !== 'choices') return { type: 'text', text: speakable(part.text) };
      // "(yes / no)" read aloud is noise: a yes/no question is heard as one.
      if (part.kind === 'yes_no') return { type: 'text', text: speakable(part.prompt) };
      if (part.options.length <= SPOKEN_OPTIONS) return { type: 'text', text: speakable(part.inline) };
      const read = part.options.slice(0, SPOKEN_OPTIONS).map((o) => o.label);
      return { type: 'text', text: speakable(`${part.prompt} ${read.join(', ')}`) };
    });
  return { text: plainText({ parts }) };
}

const speakable = (s: string) =>
  s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\bhttps?:\/\/\S*[^\s.,;:!?)]/gi, '')
    .replace(/[*_`#>]+/g, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+([.,;:!?])/g, '$1')
    .trim();
