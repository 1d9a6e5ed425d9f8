// The message log of one chat panel (ol.messages, a role=log): the conversation in the order both
// sides agree on, each of our lines with its delivery state, and the panel's notices kept after the
// message they followed. A late message goes to its place; lines already shown stay.
import { arrangeChildren } from '../arrange_children';
import type { ConversationMessage, MessageState } from '../chat/conversation';
import type { ConsoleText } from '../i18n/i18n';

export class ChatLog {
  // The log's lines by message id, and the notices with the message they follow (undefined: the top).
  private readonly lines = new Map<string, HTMLLIElement>();
  private notices: { item: HTMLLIElement; after: string | undefined }[] = [];
  private lastMessageId: string | undefined;

  constructor(private readonly messages: HTMLOListElement, private readonly text: ConsoleText) {}

  /** Draws the conversation; returns whether a message of theirs is new (their typing notice then goes). */
  show(messages: readonly ConversationMessage[]): boolean {
    const atBottom = this.atBottom();
    const wanted: HTMLLIElement[] = this.noticesAfter(undefined);
    let theirsAdded = false;
    for (const message of messages) {
      let item = this.lines.get(message.id);
      if (!item) {
        item = this.messageLine(message);
        this.lines.set(message.id, item);
        theirsAdded ||= message.from === 'theirs';
      }
      if (message.from === 'mine') this.showState(item, message.state);
      wanted.push(item, ...this.noticesAfter(message.id));
    }
    this.lastMessageId = messages[messages.length - 1]?.id ?? this.lastMessageId;
    arrangeChildren(this.messages, wanted);
    // Follow the conversation unless the counsellor has scrolled up to read.
    if (atBottom) this.messages.scrollTop = this.messages.scrollHeight;
    return theirsAdded;
  }

  private messageLine(message: ConversationMessage): HTMLLIElement {
    const item = document.createElement('li');
    item.className = `message ${message.from}`;
    // The list is a log (role=log, per the DOM contract), so its items are not list items.
    item.setAttribute('role', 'none');
    item.dataset.id = message.id;
    const who = document.createElement('span');
    who.className = 'visually-hidden';
    who.textContent = `${this.text.t(message.from === 'mine' ? 'chat.you' : 'chat.them')}: `;
    const body = document.createElement('p');
    body.className = 'message-text';
    // Either side may write right to left (Arabic): let each message find its own direction.
    body.dir = 'auto';
    body.textContent = message.text;
    item.append(who, body);
    if (message.from === 'mine') {
      const delivery = document.createElement('span');
      delivery.className = 'delivery';
      item.append(delivery);
    }
    return item;
  }

  private showState(item: HTMLLIElement, state: MessageState): void {
    const delivery = item.querySelector<HTMLElement>('.delivery');
    if (!delivery || delivery.dataset.state === state) return;
    delivery.dataset.state = state;
    delivery.textContent = this.text.t(`delivery.${state}`);
  }

  private noticesAfter(id: string | undefined): HTMLLIElement[] {
    return this.notices.filter((notice) => notice.after === id).map((notice) => notice.item);
  }

  /** A notice from the page (a new code, the help-seeker back): after the last message shown now. */
  addNotice(notice: string): void {
    const item = document.createElement('li');
    item.className = 'notice';
    item.setAttribute('role', 'none');
    item.textContent = notice;
    this.notices.push({ item, after: this.lastMessageId });
    const atBottom = this.atBottom();
    this.messages.append(item);
    if (atBottom) this.messages.scrollTop = this.messages.scrollHeight;
  }

  private atBottom(): boolean {
    return this.messages.scrollHeight - this.messages.scrollTop - this.messages.clientHeight < 40;
  }
}
