// The help-seeker page's state machine: the person's intents and the server's messages in, view
// calls and protocol messages out (docs/protocol.md: "Help-seeker", "Resume token"). The open
// chat itself (handshake, epochs, frames, acks) is chat_phase.ts's. No DOM and no WebSocket here:
// both come in as small interfaces, so tests can drive it. It is about 540 lines because the
// page's phases below change on every intent and server message, and read best as one machine.
//
//   language → lane → joining ─┬─ closed
//                               ├─ waiting ──(paired)──┐
//                               └──────────(paired)────┴→ chat ─→ ended
//   chat ─(requeued: the counsellor was gone)→ waiting ─(paired)→ chat, the same conversation
//   any crypto failure → ended, never plaintext
import { BACKLOG_RETRY_MS } from '../chat/chat_session';
import type { Conversation } from '../chat/conversation';
import type { Language } from '../i18n/i18n';
import { decodeHelpSeekerMessage, type IncomingMessage } from '../net/server_messages';
import type { ServerMessage } from '../net/server_socket';
import type { Cancel, Schedule } from '../scheduler';
import { ChatPhase } from './chat_phase';
import type { Choices, EndReason, HelpSeekerIntents, HelpSeekerView } from './view';

/** The server connection as the app needs it (ServerSocket fits). */
export interface Connection {
  start(): void;
  /** false when not connected: the message is not sent. */
  send(message: object): boolean;
  stop(): void;
  /** While in a chat: reconnect within seconds of a drop (ServerSocket.setUrgent). */
  setUrgent?(urgent: boolean): void;
}

/** The browser's "leave this page?" question (LeaveWarning), asked while a conversation goes on. */
export interface LeaveGuard {
  set(on: boolean): void;
}

export interface AppDependencies {
  view: HelpSeekerView;
  connection: Connection;
  /** The pinned root key O (pinnedRootKey in the page; a test key in tests). */
  rootKey(): Uint8Array | undefined;
  nowMs(): number;
  schedule: Schedule;
  /** The language the page speaks before one is chosen. */
  language: Language;
  leaveGuard?: LeaveGuard;
}

type Phase =
  | 'language' | 'lane'
  | 'joining' // join sent, or to be sent once connected: still on the lane screen
  | 'waiting' | 'closed' | 'chat'
  | 'requeuing' // the counsellor was gone: the chat ended, `requeued` is expected next
  | 'ended'
  | 'gone'; // quick exit: nothing more happens

/** Pause before sending again what the server refused for now (rate_limited, internal; peer_backlog_full waits BACKLOG_RETRY_MS). */
const RETRY_MS = 1000;
/** How long `requeued` may take to follow `chat_ended` (counsellor_gone) before the chat counts as just ended. */
const REQUEUE_WAIT_MS = 2000;

export class HelpSeekerApp implements HelpSeekerIntents {
  private phaseNow: Phase = 'language';
  private language: Language;
  private choices: Choices | undefined;
  private readonly chat: ChatPhase;
  // The conversation of the current chat; kept through `requeued` for the next `paired` (the same conversation).
  private conversation: Conversation | undefined;
  private crypto: 'loading' | 'ready' | 'failed' = 'loading';
  private socketRunning = false;
  private socketOpen = false;
  // Waiting, the connection dropped (the server let our place go) and we joined again.
  private rejoined = false;
  private cancelRetry: Cancel | undefined;
  private cancelRequeue: Cancel | undefined;

  constructor(private readonly deps: AppDependencies) {
    this.language = deps.language;
    deps.view.setLanguage(this.language);
    this.chat = new ChatPhase({
      view: deps.view,
      send: (message) => deps.connection.send(message),
      rootKey: () => deps.rootKey(),
      nowMs: () => deps.nowMs(),
      schedule: deps.schedule,
      socketOpen: () => this.socketOpen,
      inChat: () => this.phase === 'chat',
      failed: (everReady) => this.cryptoFailure(everReady),
    });
  }

  private get view(): HelpSeekerView {
    return this.deps.view;
  }

  /** Every phase change goes through here: the leave question and quick reconnects follow the conversation. */
  private set phase(phase: Phase) {
    this.phaseNow = phase;
    const inConversation = phase === 'chat' || phase === 'requeuing' || (phase === 'waiting' && this.conversation !== undefined);
    this.deps.leaveGuard?.set(inConversation);
    this.deps.connection.setUrgent?.(inConversation);
  }

  private get phase(): Phase {
    return this.phaseNow;
  }

  // ---- the person's intents -------------------------------------------------------------------

  chooseLanguage(language: Language): void {
    if (this.phase === 'gone') return;
    this.language = language;
    this.view.setLanguage(language);
    if (this.phase === 'language') this.enter('lane', 'lane');
  }

  changeLanguage(): void {
    if (this.phase === 'lane') this.enter('language', 'language');
  }

  start(choices: Choices): void {
    if (this.phase !== 'lane' && this.phase !== 'closed' && this.phase !== 'ended') return;
    this.choices = choices;
    this.join();
  }

  /**
   * "Ask for a live chat" from a mailbox thread: a join carrying the thread (its counsellor is
   * preferred). Already queued: the place is kept and the waiting room shown again.
   */
  chatFromMailbox(lane: Choices['lane'], mailbox: { box_id: string; box_auth: string }): void {
    if (this.phase === 'waiting' || this.phase === 'joining') return this.view.showScreen(this.phase === 'waiting' ? 'waiting' : 'lane');
    if (this.phase === 'chat' || this.phase === 'requeuing' || this.phase === 'gone') return;
    this.choices = { lane, ageBand: '', topic: '', mailbox };
    this.join();
  }

  /** What the mailbox writes a letter with: the page's language and the lane screen's choices. */
  mailboxContext(): { language: Language; choices: Choices | undefined } {
    return { language: this.language, choices: this.choices };
  }

  retry(): void {
    if (this.phase === 'closed' && this.choices) this.join();
  }

  leaveQueue(): void {
    if (this.phase !== 'waiting' && this.phase !== 'joining') return;
    this.deps.connection.send({ type: 'leave' });
    this.finish('left_queue');
  }

  /**
   * A message: shown at once (waiting), and sent as soon as the channel and the counsellor's sync
   * allow; until then it waits (being secured, our connection or the counsellor's down).
   */
  sendMessage(text: string): boolean {
    const message = text.trim();
    if (this.phase !== 'chat' || !this.chat.hasChat || message === '') return false;
    return this.chat.write(message);
  }

  typing(): void {
    if (this.phase === 'chat') this.chat.typing();
  }

  endChat(): void {
    if (this.phase !== 'chat') return;
    this.chat.sendEnd();
    this.deps.connection.send({ type: 'end' });
    this.finish('ended_by_help_seeker');
  }

  answerTransfer(accept: boolean): void {
    if (this.phase !== 'chat') return;
    this.deps.connection.send({ type: 'transfer_consent', accept });
    this.view.showTransferRequest(false);
    if (accept) this.view.setChatStatus('handingOver');
  }

  startAgain(): void {
    if (this.phase !== 'ended' && this.phase !== 'closed') return;
    this.view.showNotice(undefined);
    this.enter('lane', 'lane');
  }

  /**
   * Quick exit: ends the chat (or leaves the queue) on the server, stops the connection and wipes
   * the keys. The caller then empties the page and replaces it. Nothing happens after this.
   */
  quickExit(): void {
    const phase = this.phase;
    this.conversation = undefined;
    this.phase = 'gone';
    try {
      if (phase === 'chat') {
        this.chat.sendEnd();
        this.deps.connection.send({ type: 'end' });
      } else if (phase === 'joining' || phase === 'waiting' || phase === 'requeuing') {
        this.deps.connection.send({ type: 'leave' });
      }
    } finally {
      this.dropSession();
      this.conversation = undefined;
      this.cancelRequeue?.();
      this.stopSocket();
    }
  }

  // ---- the page's own events ------------------------------------------------------------------

  /** libsodium has loaded (or cannot): a start that waited for it goes on. */
  cryptoLoaded(ok: boolean): void {
    this.crypto = ok ? 'ready' : 'failed';
    if (this.phase !== 'joining') return;
    if (ok) this.connect();
    else this.finish('no_crypto');
  }

  // ---- the connection -------------------------------------------------------------------------

  opened(): void {
    this.socketOpen = true;
    this.view.showNotice(undefined);
    switch (this.phase) {
      case 'joining':
        this.sendJoin();
        break;
      case 'waiting':
      case 'requeuing':
        // Closing the connection gave our place up: queue again.
        this.rejoined = true;
        this.sendJoin();
        break;
      case 'chat': {
        const resume = this.chat.resumeMessage();
        if (resume) this.deps.connection.send(resume);
        break;
      }
      default:
        break;
    }
  }

  dropped(): void {
    this.socketOpen = false;
    this.chat.dropped();
    switch (this.phase) {
      case 'joining':
        this.view.showNotice('reconnecting');
        break;
      case 'waiting':
      case 'requeuing':
        this.view.showWaitingNote('reconnecting');
        break;
      case 'chat':
        this.view.setChatStatus('reconnecting');
        this.view.hideTyping();
        this.chat.showCanWrite();
        break;
      default:
        break;
    }
  }

  message(raw: ServerMessage): void {
    const message = decodeHelpSeekerMessage(raw);
    if (!message || this.phase === 'gone') return;
    this.handle(message);
  }

  // ---- the server's messages ------------------------------------------------------------------

  private handle(m: IncomingMessage): void {
    switch (m.type) {
      case 'closed':
        if (this.phase !== 'joining' && this.phase !== 'waiting') return;
        // A conversation kept through `requeued` cannot go on now: a later start is a new one.
        this.conversation = undefined;
        this.phase = 'closed';
        this.stopSocket();
        this.view.setStarting(false);
        this.view.showClosed(m.info);
        this.view.showScreen('closed');
        return;
      case 'queue':
        if (this.phase === 'joining' || this.phase === 'requeuing') {
          this.view.setStarting(false);
          if (this.phase === 'joining') this.view.showWaitingNote(undefined);
          this.enter('waiting', 'waiting');
        }
        if (this.phase !== 'waiting') return;
        this.view.showQueue(m.position, m.estimatedWait);
        if (this.rejoined) this.view.showWaitingNote('rejoined');
        this.rejoined = false;
        return;
      case 'paired':
        if (this.phase === 'joining' || this.phase === 'waiting') this.paired(m.chat, m.token, m.epoch, m.bundle, m.languageDiffers);
        return;
      case 'requeued':
        if (this.phase !== 'chat' && this.phase !== 'requeuing') return;
        // The counsellor was gone too long: the chat id ends, the conversation does not. The next
        // `paired` continues it (the messages not delivered go to the next counsellor).
        this.dropSession();
        this.view.showPeerAway(undefined);
        this.cancelRequeue?.();
        this.view.showQueue(undefined, null);
        this.view.showWaitingNote('requeued');
        this.enter('waiting', 'waiting');
        return;
      case 'resumed':
        if (this.phase === 'chat') this.chat.resumed(m.token, m.epoch, m.newEpoch, m.bundle);
        return;
      case 'epoch':
        if (this.phase === 'chat') this.chat.epoch(m.token, m.epoch, m.reason, m.bundle);
        return;
      case 'peer_away':
        if (this.phase === 'chat') this.chat.peerAway(m.waitsSeconds);
        return;
      case 'peer_back':
        if (this.phase === 'chat') this.chat.peerBack();
        return;
      case 'moved_elsewhere':
        // Another window resumed this chat: it goes on there; this page must not take it back.
        if (this.phase === 'chat') this.finish('moved_elsewhere');
        return;
      case 'transfer_request':
        if (this.phase === 'chat') this.view.showTransferRequest(true);
        return;
      case 'transferred':
        if (this.phase === 'chat') this.chat.transferred(m.token, m.epoch, m.bundle);
        return;
      case 'transfer_failed':
        if (this.phase !== 'chat') return;
        this.view.showTransferRequest(false);
        this.view.addNote('transfer_failed');
        this.chat.showChannelStatus();
        return;
      case 'msg':
        if (this.phase === 'chat') this.chat.received(m.seq, m.payload);
        return;
      case 'accepted':
        this.chat.accepted(m.seq);
        return;
      case 'delivered':
        this.chat.delivered(m.seq);
        return;
      case 'undelivered':
        this.chat.undelivered(m.seqs);
        return;
      case 'chat_ended':
        if (this.phase !== 'chat') return;
        if (m.reason === 'counsellor_gone') {
          // `requeued` follows at once when the server puts us back in the queue: wait for it
          // rather than flash the ended screen (the conversation is kept for the next counsellor).
          this.phase = 'requeuing';
          this.dropSession();
          this.view.setCanWrite(false);
          this.view.hideTyping();
          this.view.setChatStatus('ended');
          this.cancelRequeue = this.deps.schedule(() => {
            if (this.phase === 'requeuing') this.finish('counsellor_gone');
          }, REQUEUE_WAIT_MS);
          return;
        }
        this.finish(m.reason);
        return;
      case 'error':
        this.serverError(m.code, m.expected);
        return;
      case 'left':
        return; // we left already
    }
  }

  private paired(chat: string, token: string, epoch: number, bundle: unknown, languageDiffers: boolean): void {
    this.view.setStarting(false);
    // Who to "keep in touch" with after the chat (only a routing wish: the letter goes to the verified roster).
    const pseudonym = (bundle as { pseudonym?: unknown } | null)?.pseudonym;
    this.view.setCounsellor?.(typeof pseudonym === 'string' ? pseudonym : undefined);
    // After `requeued` this is the same conversation with a (maybe) new counsellor.
    const continued = this.conversation !== undefined && !this.conversation.ended;
    this.conversation = this.chat.open(chat, token, epoch, continued ? this.conversation : undefined);
    this.phase = 'chat';
    if (!continued) this.view.clearChat();
    this.view.showPeerAway(undefined);
    this.view.setVerificationCode('');
    this.view.showTransferRequest(false);
    this.view.setChatStatus('securing');
    this.view.showScreen('chat');
    if (!this.chat.hasChat) {
      this.cryptoFailure(false);
      return;
    }
    this.chat.showMessages();
    if (continued) this.view.addNote('repaired');
    if (languageDiffers) this.view.addNote('language_differs');
    this.chat.start(bundle);
  }

  private serverError(code: string, expected: number | undefined): void {
    switch (code) {
      case 'blocked':
        if (this.phase === 'joining') this.finish('join_blocked');
        return;
      case 'resume_failed':
        if (this.phase === 'chat') this.finish('resume_failed');
        return;
      case 'out_of_order':
        if (this.phase === 'chat' && expected !== undefined) this.chat.outOfOrder(expected);
        return;
      case 'peer_backlog_full':
        this.chat.backlogWasFull();
        this.scheduleRetry(BACKLOG_RETRY_MS);
        return;
      case 'rate_limited':
        // The message was dropped unread: send it again a little later.
        if (this.phase === 'joining' || this.phase === 'chat') this.scheduleRetry();
        else this.view.showNotice('slow_down');
        return;
      case 'too_many_joins':
        // Too many new chats from this address (a shared network, or a script): try again a little later.
        if (this.phase === 'joining') {
          this.stopSocket();
          this.view.setStarting(false);
          this.phase = 'lane';
          this.view.showNotice('too_many_joins');
        }
        return;
      case 'already_joined':
      case 'chat_ended': // the `chat_ended` message says why
      case 'not_in_chat':
        return;
      default: // internal, bad_message, bad_json, unknown_type: not carried out
        if (this.phase === 'joining') {
          this.stopSocket();
          this.view.setStarting(false);
          this.phase = 'lane';
        } else if (this.phase === 'chat') {
          this.scheduleRetry();
          return;
        }
        this.view.showNotice('server_error');
    }
  }

  // ---- steps shared by several messages -------------------------------------------------------

  private join(): void {
    this.view.showNotice(undefined);
    this.rejoined = false;
    if (this.phase !== 'lane') this.view.showScreen('lane');
    this.phase = 'joining';
    this.view.setStarting(true);
    if (this.crypto === 'failed') this.finish('no_crypto');
    else if (this.crypto === 'ready') this.connect();
    // else: cryptoLoaded() goes on
  }

  private connect(): void {
    if (this.socketOpen) {
      this.sendJoin();
    } else if (!this.socketRunning) {
      this.socketRunning = true;
      this.deps.connection.start(); // opened() sends the join
    }
  }

  private sendJoin(): void {
    if (!this.choices) return;
    const { lane, ageBand, topic, mailbox } = this.choices;
    this.deps.connection.send({
      type: 'join', lane, language: this.language,
      ...(ageBand !== '' ? { age_band: ageBand } : {}),
      ...(topic !== '' ? { topic } : {}),
      ...(mailbox ? { mailbox } : {}),
    });
  }

  /**
   * The channel failed (a bad bundle or confirmation, a frame refused, a frame missing): nothing
   * more is shown or sent in it, the chat is ended on the server, and the person is told plainly.
   */
  private cryptoFailure(everReady: boolean): void {
    this.deps.connection.send({ type: 'end' });
    this.finish(everReady ? 'broken' : 'setup_failed');
  }

  private finish(reason: EndReason): void {
    // The conversation is over: what never reached a counsellor is shown as such, to copy.
    const conversation = this.conversation;
    this.conversation = undefined;
    if (conversation && !conversation.ended) conversation.end();
    const notDelivered = conversation?.messages().filter((message) => message.state === 'not_delivered') ?? [];
    if (conversation) this.view.showMessages(conversation.messages());
    this.dropSession();
    this.cancelRequeue?.();
    this.phase = 'ended';
    this.stopSocket();
    this.view.setStarting(false);
    this.view.showTransferRequest(false);
    this.view.showPeerAway(undefined);
    this.view.hideTyping();
    this.view.setCanWrite(false);
    this.view.setChatStatus('ended');
    this.view.showEnded(reason);
    this.view.showNotDelivered(notDelivered);
    this.view.showScreen('ended');
  }

  private enter(phase: Phase, screen: 'language' | 'lane' | 'waiting'): void {
    if (phase === 'lane' || phase === 'language') this.conversation = undefined;
    this.phase = phase;
    this.view.showScreen(screen);
  }

  private scheduleRetry(ms = RETRY_MS): void {
    if (this.cancelRetry !== undefined) return;
    this.cancelRetry = this.deps.schedule(() => {
      this.cancelRetry = undefined;
      if (!this.socketOpen) return; // the resume or join after the reconnect covers it
      if (this.phase === 'joining') this.sendJoin();
      if (this.phase === 'chat') this.chat.sendAgain();
    }, ms);
  }

  /** The open chat is over here: its keys are wiped, its timers and the retry stop. */
  private dropSession(): void {
    this.chat.close();
    this.cancelRetry?.();
    this.cancelRetry = undefined;
  }

  private stopSocket(): void {
    if (this.socketRunning) this.deps.connection.stop();
    this.socketRunning = false;
    this.socketOpen = false;
  }
}
