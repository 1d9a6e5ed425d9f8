// The chat screen: the message log in the agreed order with each own message's delivery state
// (and a way to copy one that did not arrive), the status line, whether the counsellor's
// connection is there, their typing indicator, the verification code, the transfer question and
// the message box with why what is written waits.
import { arrangeChildren } from '../../arrange_children';
import type { ConversationMessage, MessageState } from '../../chat/conversation';
import { byId, make } from '../../dom';
import { translate, type Language } from '../../i18n/i18n';
import { formatWait } from '../formatting';
import type { ChatNote, ChatStatus, HelpSeekerIntents, WaitReason } from '../view';
import { copyButton } from './copy_text';

/** How long the counsellor's typing indicator stays after their last "typing" frame. */
const TYPING_SHOWN_MS = 5000;

const STATUS_KEYS = {
  securing: 'chat.status.securing',
  ready: 'chat.status.ready',
  reconnecting: 'chat.status.reconnecting',
  waitingForCounsellor: 'chat.status.waitingForCounsellor',
  handingOver: 'chat.status.handingOver',
  ended: 'chat.status.ended',
} as const;

export class ChatView {
  private readonly heading = byId('chat-heading', HTMLElement);
  private readonly messages = byId('messages', HTMLOListElement);
  private readonly status = byId('chat-status', HTMLElement);
  private readonly typingLine = byId('typing', HTMLElement);
  private readonly input = byId('message-input', HTMLTextAreaElement);
  private readonly send = byId('send', HTMLButtonElement);
  private readonly form = byId('message-form', HTMLFormElement);
  private readonly showCode = byId('show-code', HTMLButtonElement);
  private readonly codePanel = byId('code-panel', HTMLElement);
  private readonly code = byId('verification-code', HTMLElement);
  private readonly transfer = byId('transfer-request', HTMLElement);
  private readonly peerState = byId('peer-state', HTMLElement);
  private readonly waitsHint = byId('waits-hint', HTMLElement);
  // The log's lines by message id, and the notes with the message they follow (undefined: the top).
  private readonly lines = new Map<string, { item: HTMLLIElement; state: MessageState }>();
  private notes: { item: HTMLLIElement; after: string | undefined }[] = [];
  private lastMessageId: string | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private language: Language = 'sv';

  constructor(intents: HelpSeekerIntents, private readonly announce: (text: string) => void) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault(); // never a navigation (the CSP has form-action 'none')
      this.submit(intents);
    });
    this.input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter makes a new line; not while an input method is composing.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit(intents);
      }
    });
    this.input.addEventListener('input', () => intents.typing());
    this.showCode.addEventListener('click', () => this.toggleCode());
    byId('end-chat', HTMLButtonElement).addEventListener('click', () => intents.endChat());
    byId('transfer-accept', HTMLButtonElement).addEventListener('click', () => intents.answerTransfer(true));
    byId('transfer-decline', HTMLButtonElement).addEventListener('click', () => intents.answerTransfer(false));
  }

  setLanguage(language: Language): void {
    this.language = language;
  }

  clear(): void {
    this.messages.replaceChildren();
    this.lines.clear();
    this.notes = [];
    this.lastMessageId = undefined;
    this.input.value = '';
    this.hideTyping();
    this.showPeerAway(undefined);
  }

  /**
   * Shows the conversation in the given order: new lines are inserted at their place (a message
   * that arrives late goes where both sides have it), lines already shown stay and only their
   * delivery state changes, and each note stays after the message it followed.
   */
  showMessages(messages: readonly ConversationMessage[]): void {
    const wanted: HTMLLIElement[] = this.notesAfter(undefined);
    const added: HTMLLIElement[] = [];
    for (const message of messages) {
      let line = this.lines.get(message.id);
      if (!line) {
        line = { item: this.messageLine(message), state: message.state };
        this.lines.set(message.id, line);
        added.push(line.item);
      }
      if (message.from === 'mine') this.showState(line, message);
      wanted.push(line.item, ...this.notesAfter(message.id));
    }
    this.lastMessageId = messages[messages.length - 1]?.id ?? this.lastMessageId;
    arrangeChildren(this.messages, wanted);
    const newest = added[added.length - 1];
    if (newest) this.reveal(newest);
  }

  addNote(note: ChatNote): void {
    const item = make('li', 'note', translate(this.language, `chat.note.${note}`));
    item.setAttribute('role', 'none');
    item.dataset.note = note;
    this.notes.push({ item, after: this.lastMessageId });
    this.messages.append(item);
    this.reveal(item);
  }

  /** The counsellor's connection dropped (the chat waits up to `waitsSeconds` for them), or is back (undefined). */
  showPeerAway(waitsSeconds: number | undefined): void {
    const away = waitsSeconds !== undefined;
    this.peerState.hidden = !away;
    this.peerState.dataset.state = away ? 'away' : 'here';
    this.peerState.textContent = away ? translate(this.language, 'chat.peerAway', { wait: formatWait(this.language, waitsSeconds) }) : '';
  }

  setStatus(status: ChatStatus): void {
    this.status.textContent = translate(this.language, STATUS_KEYS[status]);
    this.status.dataset.state = status;
  }

  setCanWrite(canWrite: boolean, waits?: WaitReason): void {
    const hadFocus = document.activeElement;
    this.input.disabled = !canWrite;
    this.send.disabled = !canWrite;
    const hint = canWrite && waits !== undefined;
    this.waitsHint.hidden = !hint;
    this.waitsHint.dataset.reason = hint ? waits : '';
    this.waitsHint.textContent = hint ? translate(this.language, `chat.waits.${waits}`) : '';
    // When writing becomes possible and the person has not moved on from the heading, take them to the box.
    if (canWrite && (hadFocus === this.heading || hadFocus === document.body || hadFocus === null)) this.input.focus();
  }

  showTyping(): void {
    this.typingLine.hidden = false;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.hideTyping(), TYPING_SHOWN_MS);
  }

  hideTyping(): void {
    clearTimeout(this.typingTimer);
    this.typingLine.hidden = true;
  }

  setVerificationCode(code: string): void {
    this.code.textContent = code;
    this.code.dataset.code = code;
    this.showCode.hidden = code === '';
    this.setCodeShown(false);
  }

  showTransferRequest(shown: boolean): void {
    this.transfer.hidden = !shown;
    if (shown) this.announce(translate(this.language, 'chat.transferQuestion'));
  }

  private submit(intents: HelpSeekerIntents): void {
    if (this.input.disabled) return;
    if (intents.sendMessage(this.input.value)) this.input.value = '';
  }

  private toggleCode(): void {
    this.setCodeShown(this.codePanel.hidden);
  }

  private setCodeShown(shown: boolean): void {
    this.codePanel.hidden = !shown;
    this.showCode.setAttribute('aria-expanded', String(shown));
    this.showCode.textContent = translate(this.language, shown ? 'chat.hideCode' : 'chat.showCode');
  }

  private messageLine(message: ConversationMessage): HTMLLIElement {
    const item = make('li', `message ${message.from}`);
    // ol#messages is a role=log (DOM contract), no longer a list: its items are plain lines of the log.
    item.setAttribute('role', 'none');
    item.dataset.id = message.id;
    item.append(make('span', 'message-author', translate(this.language, message.from === 'mine' ? 'chat.you' : 'chat.counsellor')));
    const body = make('p', 'message-text', message.text);
    body.dir = 'auto'; // a message may be in another script than the page
    item.append(body);
    if (message.from === 'mine') item.append(make('span', 'delivery'));
    return item;
  }

  private showState(line: { item: HTMLLIElement; state: MessageState }, message: ConversationMessage): void {
    const delivery = line.item.querySelector<HTMLElement>('.delivery');
    if (!delivery || (delivery.dataset.state === message.state)) return;
    line.state = message.state;
    delivery.dataset.state = message.state;
    delivery.textContent = translate(this.language, `chat.delivery.${message.state}`);
    if (message.state === 'not_delivered' && !line.item.querySelector('.copy-text')) {
      line.item.append(copyButton(this.language, message.text));
    }
  }

  private notesAfter(id: string | undefined): HTMLLIElement[] {
    return this.notes.filter((note) => note.after === id).map((note) => note.item);
  }

  private reveal(item: HTMLElement): void {
    // The newest line and the box to answer in, both in view (the page itself scrolls, not the log).
    this.form.scrollIntoView({ block: 'nearest' });
    item.scrollIntoView({ block: 'nearest' });
  }
}
