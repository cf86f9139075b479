import { el } from './dom.ts';
import type { WidgetMessage, WidgetStatus } from './protocol.ts';
import { CSS } from './styles.ts';

/**
 * The widget's screen, in a shadow root: a launcher with an unread badge, and a chat panel
 * (a labelled dialog) whose message list is an aria-live log. Escape closes the panel and
 * returns focus to the launcher; opening it focuses the message box.
 */
export interface UiHandlers {
  onSend(text: string): void;
  onOpen(): void;
}

export class WidgetUi {
  readonly root: ShadowRoot;
  readonly #launcher: HTMLButtonElement;
  readonly #badge: HTMLSpanElement;
  readonly #panel: HTMLElement;
  readonly #title: HTMLHeadingElement;
  readonly #who: HTMLParagraphElement;
  readonly #log: HTMLDivElement;
  readonly #list: HTMLOListElement;
  readonly #choices: HTMLDivElement;
  readonly #typing: HTMLParagraphElement;
  readonly #notice: HTMLParagraphElement;
  readonly #input: HTMLTextAreaElement;
  readonly #sendButton: HTMLButtonElement;
  readonly #items = new Map<string, HTMLLIElement>();
  #unread = 0;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: HTMLElement, h: UiHandlers) {
    this.root = host.attachShadow({ mode: 'open' });
    const style = el('style');
    style.textContent = CSS;
    this.#badge = el('span', { class: 'badge', 'aria-hidden': 'true', hidden: '' });
    this.#launcher = el(
      'button',
      {
        class: 'launcher',
        id: 'fd-launcher',
        type: 'button',
        'aria-expanded': 'false',
        'aria-controls': 'fd-panel',
      },
      icon(),
      this.#badge,
    );
    this.#title = el('h2', { id: 'fd-title' }, 'Chat');
    this.#who = el('p', { class: 'who', id: 'fd-who' });
    const close = el('button', { class: 'close', type: 'button', 'aria-label': 'Close chat' }, '×');
    this.#list = el('ol');
    this.#log = el(
      'div',
      { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages', tabindex: '0' },
      this.#list,
    );
    this.#choices = el('div', { class: 'choices', role: 'group', 'aria-label': 'Suggested answers' });
    this.#typing = el('p', { class: 'typing', role: 'status', hidden: '' }, 'Typing…');
    this.#notice = el('p', { class: 'notice', role: 'alert', hidden: '' });
    this.#input = el('textarea', {
      id: 'fd-input',
      rows: '1',
      maxlength: '4000',
      placeholder: 'Write a message…',
    });
    this.#sendButton = el('button', { type: 'submit' }, 'Send');
    const form = el(
      'form',
      {},
      el('label', { for: 'fd-input', class: 'sr' }, 'Message'),
      this.#input,
      this.#sendButton,
    );
    this.#panel = el(
      'section',
      {
        class: 'panel',
        id: 'fd-panel',
        role: 'dialog',
        'aria-labelledby': 'fd-title',
        'aria-describedby': 'fd-who',
        hidden: '',
      },
      el('header', {}, el('div', {}, this.#title, this.#who), close),
      this.#log,
      this.#choices,
      this.#typing,
      this.#notice,
      form,
    );
    this.root.append(style, this.#panel, this.#launcher);
    this.#updateLauncher();

    this.#launcher.addEventListener('click', () => (this.isOpen ? this.close() : this.open(h)));
    close.addEventListener('click', () => this.close());
    this.#panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.close();
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.#input.value.trim();
      if (!text || this.#sendButton.disabled) return;
      this.#input.value = '';
      h.onSend(text);
    });
    this.#input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    this.#choices.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest('button');
      if (b?.dataset['value']) h.onSend(b.dataset['value']);
    });
  }

  get isOpen(): boolean {
    return !this.#panel.hidden;
  }

  open(h?: UiHandlers): void {
    this.#panel.hidden = false;
    this.#launcher.setAttribute('aria-expanded', 'true');
    this.#unread = 0;
    this.#updateLauncher();
    this.#scroll();
    this.#input.focus();
    h?.onOpen();
  }

  close(): void {
    this.#panel.hidden = true;
    this.#launcher.setAttribute('aria-expanded', 'false');
    this.#updateLauncher();
    this.#launcher.focus();
  }

  setTitle(title: string): void {
    this.#title.textContent = title;
  }

  setStatus(s: WidgetStatus): void {
    this.#who.textContent =
      s.person ?? (s.poweredByAi ? 'Powered by AI' : s.open ? 'We will reply soon' : 'Conversation ended');
  }

  /** Replaces the transcript (the history after a (re)connect); pending messages stay. */
  replace(messages: WidgetMessage[]): void {
    for (const [key, li] of this.#items) {
      if (!li.classList.contains('pending')) {
        li.remove();
        this.#items.delete(key);
      }
    }
    for (const m of messages) this.add(m, false);
  }

  /** Adds a message (or settles a pending one); counts it unread while the panel is closed. */
  add(m: WidgetMessage, live = true): void {
    const pending = m.clientMessageId ? this.#items.get(m.clientMessageId) : undefined;
    if (this.#items.has(m.id)) return;
    if (pending) {
      this.acknowledge(m.clientMessageId!, m.id, m.seq);
      return;
    }
    const li = el('li', { class: m.from, 'data-id': m.id });
    if (m.from === 'person' && m.author) li.append(el('span', { class: 'author' }, m.author));
    li.append(m.text);
    this.#insert(li, m.seq);
    this.#items.set(m.id, li);
    if (m.from !== 'visitor') {
      this.typing(false);
      this.#showChoices(m.buttons ?? []);
      if (live && !this.isOpen) {
        this.#unread++;
        this.#updateLauncher();
      }
    }
    this.#scroll();
  }

  /** Shows the visitor's message at once, before the server has it. */
  addPending(clientMessageId: string, text: string): void {
    const li = el('li', { class: 'visitor pending', 'data-client-id': clientMessageId }, text);
    this.#list.append(li);
    this.#items.set(clientMessageId, li);
    this.#showChoices([]);
    this.#scroll();
  }

  /** The server stored the visitor's message: it takes its place in the transcript. */
  acknowledge(clientMessageId: string, messageId: string, seq: number): void {
    const li = this.#items.get(clientMessageId);
    if (!li) return;
    li.classList.remove('pending');
    li.dataset['id'] = messageId;
    this.#items.delete(clientMessageId);
    if (this.#items.has(messageId)) {
      li.remove();
      return;
    }
    this.#items.set(messageId, li);
    li.remove();
    this.#insert(li, seq);
  }

  /**
   * The server refused the visitor's message: it stays visible, marked as not sent, and its
   * text goes back into an empty message box so it can be sent again.
   */
  refused(clientMessageId: string): void {
    const li = this.#items.get(clientMessageId);
    if (!li || li.classList.contains('failed')) return;
    const text = li.textContent ?? '';
    li.classList.replace('pending', 'failed');
    li.append(el('span', { class: 'flag' }, 'Not sent'));
    if (!this.#input.value) this.#input.value = text;
    this.#scroll();
  }

  typing(on: boolean): void {
    this.#typing.hidden = !on;
    clearTimeout(this.#typingTimer);
    // A lost "done" must not leave the indicator on for ever.
    if (on) this.#typingTimer = setTimeout(() => this.typing(false), 30_000);
  }

  notice(text: string | null, error = false): void {
    this.#notice.hidden = !text;
    this.#notice.textContent = text ?? '';
    this.#notice.classList.toggle('error', error);
  }

  canSend(on: boolean): void {
    this.#sendButton.disabled = !on;
  }

  #insert(li: HTMLLIElement, seq: number): void {
    li.dataset['seq'] = String(seq);
    const after = [...this.#list.children].find(
      (c) => Number((c as HTMLElement).dataset['seq'] ?? Infinity) > seq,
    );
    this.#list.insertBefore(li, after ?? null);
  }

  #showChoices(buttons: { label: string; value: string }[]): void {
    this.#choices.replaceChildren(
      ...buttons.map((b) => el('button', { type: 'button', 'data-value': b.value }, b.label)),
    );
  }

  #updateLauncher(): void {
    this.#badge.hidden = this.#unread === 0;
    this.#badge.textContent = String(this.#unread);
    const label = this.isOpen ? 'Close chat' : 'Open chat';
    this.#launcher.setAttribute(
      'aria-label',
      this.#unread ? `${label}, ${this.#unread} unread message${this.#unread > 1 ? 's' : ''}` : label,
    );
  }

  #scroll(): void {
    this.#log.scrollTop = this.#log.scrollHeight;
  }
}

/** A speech bubble (a static SVG: no emoji font needed). */
function icon(): HTMLSpanElement {
  const span = el('span', { 'aria-hidden': 'true' });
  span.innerHTML =
    '<svg viewBox="0 0 24 24" width="26" height="26"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4V5a2 2 0 0 1 2-2z"/></svg>';
  return span;
}
