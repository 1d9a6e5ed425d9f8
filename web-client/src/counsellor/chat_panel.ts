// One chat's panel on the console (section.chat, DOM contract): what the help-seeker chose, the
// messages with their delivery state, typing, the verification code, the state of both
// connections (ours, the help-seeker's), canned replies, transfer, block (with a confirm step),
// end, and the end-of-chat tags. The log (chat_log.ts), the tags form (tags_form.ts) and the
// status line's words (panel_status.ts) are its parts. It shows; the desk decides.
import { MAX_MESSAGE_CHARACTERS } from '../chat/content';
import type { ConversationMessage } from '../chat/conversation';
import { cloneTemplate, setShown, within } from '../dom';
import type { ConsoleText } from '../i18n/i18n';
import type { AssignedChat } from '../net/server_messages';
import { formatWait } from '../staff/wait_format';
import { ChatLog } from './chat_log';
import type { SecureFailure } from './counsellor_chat';
import { panelStatusText, type PanelPhase } from './panel_status';
import { TagsForm } from './tags_form';
import type { ChatActions, ChatView, TransferState } from './views';

/** The help-seeker's typing notice is shown this long after the last one. */
const TYPING_SHOWN_MS = 6000;


export interface PanelHost {
  /** The panel has left the page (`hadFocus`: focus was inside it). */
  removed(panel: ChatPanel, hadFocus: boolean): void;
}

export class ChatPanel implements ChatView {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly status: HTMLElement;
  private readonly verification: HTMLElement;
  private readonly code: HTMLElement;
  private readonly messages: HTMLOListElement;
  private readonly typingNotice: HTMLElement;
  private readonly composer: HTMLFormElement;
  private readonly canned: HTMLSelectElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly tools: HTMLElement;
  private readonly transferTo: HTMLInputElement;
  private readonly transferButton: HTMLButtonElement;
  private readonly transferStatus: HTMLElement;
  private readonly endButton: HTMLButtonElement;
  private readonly blockButton: HTMLButtonElement;
  private readonly blockCancel: HTMLButtonElement;
  private readonly blockWarning: HTMLElement;
  private readonly closing: HTMLElement;
  private readonly closingNote: HTMLElement;
  private readonly connectionNote: HTMLElement;
  private readonly peerNote: HTMLElement;
  private readonly waitsHint: HTMLElement;
  private tagsForm: TagsForm | undefined;
  private readonly log: ChatLog;
  private phase: PanelPhase = 'securing';
  // The phase to go back to when a chat thought lost comes back.
  private livePhase: PanelPhase = 'securing';
  private failure: SecureFailure | undefined;
  private endReason = '';
  // The tags could not be saved (the server no longer knows the chat).
  private tagsUnavailableNow = false;
  private connected = true;
  private ending = false;
  private slowHandshake = false;
  // This page came back without the chat's keys: a new epoch is under way (then: done, new code).
  private reconnect: 'none' | 'securing' | 'secured' = 'none';
  // The help-seeker's connection dropped: how long the chat waits for them (undefined: they are here).
  private peerAwaySeconds: number | undefined;
  private confirmingBlock = false;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly text: ConsoleText, private readonly info: AssignedChat,
    private readonly actions: ChatActions, number: number, private readonly host: PanelHost) {
    const element = cloneTemplate('chat-template', text);
    this.element = element;
    element.dataset.chat = info.chat;
    const id = (name: string) => `chat-${number}-${name}`;
    this.title = within(element, '.chat-title', HTMLElement);
    this.title.id = id('title');
    this.title.textContent = text.t('chat.title', { number });
    element.setAttribute('aria-labelledby', this.title.id);
    this.status = within(element, '.chat-status', HTMLElement);
    this.verification = within(element, '.verification', HTMLElement);
    this.code = within(element, '.verification-code', HTMLElement);
    this.messages = within(element, 'ol.messages', HTMLOListElement);
    this.messages.setAttribute('aria-label', text.t('chat.messagesLabel', { number }));
    this.log = new ChatLog(this.messages, text);
    this.typingNotice = within(element, '.typing', HTMLElement);
    this.composer = within(element, 'form.composer', HTMLFormElement);
    this.canned = within(element, 'select.canned-replies', HTMLSelectElement);
    this.input = within(element, 'textarea.message-input', HTMLTextAreaElement);
    this.input.maxLength = MAX_MESSAGE_CHARACTERS;
    const hint = within(element, '.send-hint', HTMLElement);
    hint.id = id('hint');
    this.sendButton = within(element, 'button.send', HTMLButtonElement);
    this.tools = within(element, '.chat-tools', HTMLElement);
    this.transferTo = within(element, 'input.transfer-to', HTMLInputElement);
    this.transferButton = within(element, 'button.transfer', HTMLButtonElement);
    this.transferStatus = within(element, '.transfer-state', HTMLElement);
    this.endButton = within(element, 'button.end-chat', HTMLButtonElement);
    this.blockButton = within(element, 'button.block', HTMLButtonElement);
    this.blockCancel = within(element, 'button.block-cancel', HTMLButtonElement);
    this.blockWarning = within(element, '.block-warning', HTMLElement);
    this.blockWarning.id = id('block-warning');
    this.closing = within(element, '.chat-closing', HTMLElement);
    this.closingNote = within(element, '.closing-note', HTMLElement);
    this.connectionNote = within(element, '.connection-note', HTMLElement);
    this.peerNote = within(element, '.peer-note', HTMLElement);
    this.waitsHint = within(element, '.waits-hint', HTMLElement);
    this.waitsHint.id = id('waits-hint');
    this.input.setAttribute('aria-describedby', `${hint.id} ${this.waitsHint.id}`);
    this.fillMeta();
    this.fillCannedReplies();
    this.listen();
    this.render();
  }

  // ---------------------------------------------------------------------------------------------
  // ChatView: what the session and the desk report

  secured(code: string): void {
    this.phase = this.livePhase = 'ready';
    this.code.dataset.code = code;
    this.code.textContent = code;
    if (this.reconnect === 'securing') {
      this.reconnect = 'secured';
      this.log.addNotice(this.text.t('chat.reconnectedCode', { code }));
    }
    this.render();
  }

  /**
   * The conversation in the order both sides agree on: new lines go to their place (a late one
   * between earlier ones), lines already shown stay and only their delivery state changes.
   */
  messagesChanged(messages: readonly ConversationMessage[]): void {
    if (this.log.show(messages)) this.hideTyping();
  }

  theirTyping(): void {
    setShown(this.typingNotice, true);
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.hideTyping(), TYPING_SHOWN_MS);
  }


  secureFailed(failure: SecureFailure): void {
    this.failure = failure;
    this.phase = this.livePhase = 'failed';
    this.hideTyping();
    this.render();
  }

  theyEnded(): void {
    this.log.addNotice(this.text.t('chat.theyEnded'));
  }

  newEpoch(epoch: number): void {
    this.phase = this.livePhase = 'securing';
    this.slowHandshake = false;
    this.code.dataset.code = '';
    this.code.textContent = '';
    // After a reload the panel has said so already: the key change is part of it.
    if (this.reconnect !== 'securing') this.log.addNotice(this.text.t('chat.newEpoch', { epoch }));
    this.render();
  }

  ended(reason: string): void {
    this.phase = 'ended';
    this.peerAwaySeconds = undefined;
    this.endReason = reason;
    this.hideTyping();
    const hadFocus = this.element.contains(document.activeElement);
    this.tagsForm ??= new TagsForm(this.text, this.info, (tags) => this.actions.submitTags(tags), this.closing);
    this.render();
    if (hadFocus) this.tagsForm.focus();
  }

  transferState(state: TransferState): void {
    this.transferStatus.dataset.state = state;
    this.transferStatus.textContent = this.text.t(`transfer.${state}`);
  }

  transferred(): void {
    this.phase = 'transferred';
    this.transferStatus.dataset.state = 'transferred';
    this.transferStatus.textContent = this.text.t('transfer.transferred');
    this.closingNote.textContent = this.text.t('chat.transferredNote');
    this.render();
  }

  lost(): void {
    this.phase = 'lost';
    this.closingNote.textContent = this.text.t('chat.lostNote');
    this.render();
  }

  revived(): void {
    this.phase = this.livePhase;
    this.render();
  }

  reconnecting(): void {
    this.reconnect = 'securing';
    this.phase = this.livePhase = 'securing';
    this.log.addNotice(this.text.t('chat.reconnectedNotice'));
    this.render();
  }

  movedElsewhere(): void {
    this.phase = 'moved';
    this.hideTyping();
    this.closingNote.textContent = this.text.t('chat.movedNote');
    this.render();
  }

  peerAway(waitsSeconds: number): void {
    this.peerAwaySeconds = waitsSeconds;
    this.render();
  }

  peerBack(): void {
    if (this.peerAwaySeconds === undefined) return;
    this.peerAwaySeconds = undefined;
    this.log.addNotice(this.text.t('chat.peerBack'));
    this.render();
  }

  handshakeSlow(): void {
    this.slowHandshake = true;
    this.render();
  }

  tagsSaving(): void {
    this.tagsForm?.setSaving();
    this.render();
  }

  tagsUnavailable(): void {
    if (this.phase !== 'ended') return;
    this.tagsUnavailableNow = true;
    this.closingNote.textContent = this.text.t('tags.unavailable');
    this.render();
  }

  setConnected(connected: boolean): void {
    this.connected = connected;
    this.render();
  }

  remove(): void {
    clearTimeout(this.typingTimer);
    const hadFocus = this.element.contains(document.activeElement);
    this.element.remove();
    this.host.removed(this, hadFocus);
  }

  // ---------------------------------------------------------------------------------------------
  // The panel's own parts

  private fillMeta(): void {
    const { info, text } = this;
    const lane = within(this.element, '.chat-lane', HTMLElement);
    lane.textContent = text.t(info.lane === 'consultation' ? 'lane.consultation' : 'lane.support');
    const language = text.languageName(info.language);
    within(this.element, '.chat-language', HTMLElement).textContent = text.t('chat.language', { language });
    within(this.element, '.chat-waited', HTMLElement).textContent = text.t('chat.waited', { wait: formatWait(info.waitedSeconds) });
    const warning = within(this.element, '.language-warning', HTMLElement);
    warning.textContent = text.t('chat.languageDiffers', { language });
    setShown(warning, info.languageDiffers);
  }

  private fillCannedReplies(): void {
    const choose = new Option(this.text.t('chat.cannedChoose'), '');
    this.canned.append(choose);
    this.text.cannedReplies(this.info.language).forEach((reply, index) => {
      this.canned.append(new Option(reply.label, String(index)));
    });
  }

  private listen(): void {
    this.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendTyped();
    });
    this.input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter is a new line; never while an input method is composing.
      if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && !event.isComposing) {
        event.preventDefault();
        this.sendTyped();
      }
    });
    this.input.addEventListener('input', () => {
      if (this.input.value !== '') this.actions.typing();
    });
    this.canned.addEventListener('change', () => {
      const reply = this.text.cannedReplies(this.info.language)[Number(this.canned.value)];
      if (this.canned.value === '' || !reply) return;
      this.input.value = reply.text;
      this.canned.value = '';
      this.input.focus();
    });
    this.transferButton.addEventListener('click', () => {
      if (this.transferTo.value.trim() === '') {
        this.transferTo.focus();
        return;
      }
      this.actions.transfer(this.transferTo.value);
    });
    this.endButton.addEventListener('click', () => {
      this.ending = true;
      this.actions.end();
      this.render();
    });
    this.blockButton.addEventListener('click', () => {
      if (!this.confirmingBlock) {
        this.confirmingBlock = true;
        this.render();
        this.blockButton.focus();
        return;
      }
      this.confirmingBlock = false;
      this.ending = true;
      this.actions.block();
      this.render();
    });
    this.blockCancel.addEventListener('click', () => {
      this.confirmingBlock = false;
      this.render();
      this.blockButton.focus();
    });
    within(this.element, 'button.close-chat', HTMLButtonElement).addEventListener('click', () => this.actions.close());
  }

  private sendTyped(): void {
    const message = this.input.value;
    // While securing too: the message waits (shown so) until the channel and the sync are ready.
    if (message.trim() === '' || (this.phase !== 'ready' && this.phase !== 'securing') || this.ending) return;
    if (this.actions.sendText(message.trim())) this.input.value = '';
  }

  private hideTyping(): void {
    clearTimeout(this.typingTimer);
    setShown(this.typingNotice, false);
  }

  /** Shows and enables each part for the phase, the connection and the pending confirm. */
  private render(): void {
    const { phase } = this;
    const live = phase === 'securing' || phase === 'ready' || phase === 'failed';
    this.element.dataset.state = phase;
    this.element.dataset.reconnect = this.reconnect;
    this.status.dataset.state = phase;
    this.status.textContent = panelStatusText(this.text, {
      phase, reconnect: this.reconnect, slowHandshake: this.slowHandshake, ending: this.ending,
      connected: this.connected, failure: this.failure, endReason: this.endReason,
    });
    setShown(this.verification, phase === 'ready' && this.code.textContent !== '');
    setShown(this.composer, phase === 'securing' || phase === 'ready');
    // Writing waits while securing (shown as waiting), so the box stays usable then too.
    this.sendButton.disabled = (phase !== 'ready' && phase !== 'securing') || this.ending;
    setShown(this.tools, live);
    const actionable = this.connected && !this.ending;
    this.endButton.disabled = !actionable;
    this.blockButton.disabled = !actionable;
    this.transferButton.disabled = !actionable || phase === 'securing';
    this.blockButton.textContent = this.text.t(this.confirmingBlock ? 'chat.blockConfirm' : 'chat.block');
    this.blockButton.dataset.confirm = String(this.confirmingBlock);
    setShown(this.blockCancel, this.confirmingBlock);
    setShown(this.blockWarning, this.confirmingBlock);
    if (this.confirmingBlock) this.blockButton.setAttribute('aria-describedby', this.blockWarning.id);
    else this.blockButton.removeAttribute('aria-describedby');
    this.tagsForm?.render(phase === 'ended' && !this.tagsUnavailableNow, this.connected);
    setShown(this.closing, phase === 'transferred' || phase === 'lost' || phase === 'moved'
      || (phase === 'ended' && this.tagsUnavailableNow));
    this.renderConnections(phase === 'securing' || phase === 'ready');
  }

  /** Inside the panel, not only in the header: our connection is down, or the help-seeker's is. */
  private renderConnections(writable: boolean): void {
    const offline = writable && !this.connected;
    this.element.dataset.connection = this.connected ? 'connected' : 'reconnecting';
    setShown(this.connectionNote, offline);
    this.connectionNote.textContent = offline ? this.text.t('chat.connectionLost') : '';
    const peerAway = writable && this.peerAwaySeconds !== undefined;
    setShown(this.peerNote, peerAway);
    this.peerNote.dataset.state = peerAway ? 'away' : 'here';
    this.peerNote.textContent = peerAway
      ? this.text.t('chat.peerAway', { minutes: Math.max(1, Math.ceil((this.peerAwaySeconds ?? 0) / 60)) })
      : '';
    // What is written now waits: say so where it is written.
    const waits = offline || peerAway;
    setShown(this.waitsHint, waits);
    this.waitsHint.textContent = offline ? this.text.t('chat.waitsOffline') : peerAway ? this.text.t('chat.waitsPeerAway') : '';
  }
}
