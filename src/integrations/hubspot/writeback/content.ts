import { scrub } from '../../../shared/pii/scrub.ts';

/** What one finished conversation becomes on the HubSpot timeline. */
export interface ConversationRecord {
  id: string;
  channel: string;
  endedAt: Date;
  contactName: string | null;
  handedOff: boolean;
  messages: Array<{ role: string; text: string }>;
}

const VOICE = new Set(['voice', 'phone', 'call', 'twilio_voice', 'sip']);
export const isVoice = (channel: string) => VOICE.has(channel.toLowerCase());

/** The line that identifies Frontdesk's record of a conversation (and lets a retry find it). */
export const marker = (conversationId: string) => `Frontdesk conversation ${conversationId}`;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const ROLE: Record<string, string> = {
  customer: 'Customer',
  agent: 'Agent',
  human: 'Support team',
  system: 'System',
};

/**
 * A deterministic summary: channel, length, what the customer asked first, and how it
 * ended. Customer words are scrubbed here too: a summary quotes them.
 */
export function summarise(c: ConversationRecord): string {
  const customer = c.messages.filter((m) => m.role === 'customer');
  const first = customer[0]?.text ?? '';
  const how = c.handedOff ? 'handed to the support team' : 'handled by the agent';
  const who = c.contactName ? ` with ${c.contactName}` : '';
  return scrub(
    `${isVoice(c.channel) ? 'Call' : `Chat (${c.channel})`}${who}: ${c.messages.length} messages, ${how}.` +
      (first ? ` The customer asked: "${clip(first, 300)}"` : ''),
  ).text;
}

/** The engagement body (HubSpot renders notes and call bodies as HTML). */
export function engagementBody(c: ConversationRecord, withTranscript: boolean): string {
  const parts = [`<p><strong>${esc(marker(c.id))}</strong></p>`, `<p>${esc(summarise(c))}</p>`];
  if (withTranscript) {
    const lines = c.messages.map((m) => `${ROLE[m.role] ?? m.role}: ${scrub(m.text).text}`);
    parts.push(`<p>Transcript (card and ID numbers removed):<br>${lines.map(esc).join('<br>')}</p>`);
  }
  // hs_note_body holds at most 65,536 characters.
  return clip(parts.join(''), 65_000);
}
