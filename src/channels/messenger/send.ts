import type { AppContext } from '../../context.ts';
import type { GraphChannel } from '../meta/deliver.ts';
import { sendTestThroughGraph, sendThroughGraph } from '../meta/deliver.ts';
import type { Rendered } from '../render.ts';
import type { OutboundMessage, TestMessage } from '../types.ts';

/** Messenger's limits: text per message, quick replies per message, characters per title. */
export const MESSENGER_TEXT_LIMIT = 2000;
const QUICK_REPLIES = 13;
const TITLE_LIMIT = 20;

/**
 * A reply on Messenger (contracts §3): `POST {graph}/{page_id}/messages` with
 * `{recipient:{id:PSID}, messaging_type:"RESPONSE", message:{text}}`; a reply's choices (a
 * yes/no confirmation) travel as quick replies whose payload is the choice's value. Text
 * longer than Messenger allows is split at word boundaries; the quick replies ride on the last.
 */
export function messengerBodies(psid: string, rendered: Rendered): unknown[] {
  const pieces = split(rendered.text, MESSENGER_TEXT_LIMIT);
  return pieces.map((text, i) => {
    const last = i === pieces.length - 1;
    const quick = last && rendered.buttons?.length ? rendered.buttons.slice(0, QUICK_REPLIES) : undefined;
    return {
      recipient: { id: psid },
      messaging_type: 'RESPONSE',
      message: {
        text,
        ...(quick
          ? {
              quick_replies: quick.map((c) => ({
                content_type: 'text',
                title: c.label.slice(0, TITLE_LIMIT),
                payload: c.value,
              })),
            }
          : {}),
      },
    };
  });
}

export function split(text: string, limit: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = rest.lastIndexOf(' ', limit);
    const at = cut > limit / 2 ? cut : limit;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  out.push(rest);
  return out;
}

export const messengerGraph: GraphChannel = {
  type: 'messenger',
  label: 'Messenger',
  capabilities: { text: 'plain', buttons: true, speech: false },
  nodeIdOf: (config) => String(config['pageId']),
  bodiesFor: messengerBodies,
  messageIdOf: (response) => {
    const id = (response as { message_id?: unknown } | null)?.message_id;
    return typeof id === 'string' ? id : undefined;
  },
};

export const sendMessenger = (ctx: AppContext, message: OutboundMessage) =>
  sendThroughGraph(ctx, messengerGraph, message);

export const sendMessengerTest = (ctx: AppContext, test: TestMessage) =>
  sendTestThroughGraph(ctx, messengerGraph, test);
