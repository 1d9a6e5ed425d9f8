// The chat screen: the message log with each own message's delivery state, the status line, the
// counsellor's typing indicator, the verification code, the transfer question and the message box.
import type { DeliveryState } from '../../chat/relay_link';
import { translate, type Language } from '../i18n';
import type { ChatNote, ChatStatus, HelpSeekerIntents } from '../view';
import { byId, make } from './dom';

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
  private readonly deliveries = new Map<string, HTMLElement>();
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
    this.deliveries.clear();
    this.input.value = '';
    this.hideTyping();
  }

  addMessage(id: string, from: 'mine' | 'theirs', text: string): void {
    const item = make('li', `message ${from}`);
    item.append(make('span', 'message-author', translate(this.language, from === 'mine' ? 'chat.you' : 'chat.counsellor')));
    const body = make('p', 'message-text', text);
    body.dir = 'auto'; // a message may be in another script than the page
    item.append(body);
    if (from === 'mine') {
      const delivery = make('span', 'delivery');
      item.append(delivery);
      this.deliveries.set(id, delivery);
    }
    this.append(item);
  }

  setDelivery(id: string, state: DeliveryState): void {
    const delivery = this.deliveries.get(id);
    if (!delivery) return;
    delivery.dataset.state = state;
    delivery.textContent = translate(this.language, `chat.delivery.${state}`);
    if (state === 'delivered' || state === 'undelivered') this.deliveries.delete(id); // final states
  }

  addNote(note: ChatNote): void {
    this.append(make('li', 'note', translate(this.language, `chat.note.${note}`)));
  }

  setStatus(status: ChatStatus): void {
    this.status.textContent = translate(this.language, STATUS_KEYS[status]);
    this.status.dataset.state = status;
  }

  setCanWrite(canWrite: boolean): void {
    const hadFocus = document.activeElement;
    this.input.disabled = !canWrite;
    this.send.disabled = !canWrite;
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

  private append(item: HTMLElement): void {
    // ol#messages is a role=log (DOM contract), no longer a list: its items are plain lines of the log.
    item.setAttribute('role', 'none');
    this.messages.append(item);
    // The newest line and the box to answer in, both in view (the page itself scrolls, not the log).
    this.form.scrollIntoView({ block: 'nearest' });
    item.scrollIntoView({ block: 'nearest' });
  }
}
