// What the help-seeker state machine (app.ts) asks of the page, and what the page asks of it.
// The DOM implements the first (views/page_view.ts); the unit tests record it instead.
import type { DeliveryState } from '../chat/relay_link';
import type { Language } from './i18n';
import type { ChatEndReason, ClosedInfo } from './server_messages';

export type Screen = 'language' | 'lane' | 'waiting' | 'closed' | 'chat' | 'ended';

/** Why the ended screen is shown: the server's reasons and the page's own. */
export type EndReason = ChatEndReason
  | 'left_queue' // the help-seeker left the queue
  | 'join_blocked' // `join` refused with the error `blocked`
  | 'setup_failed' // no secure connection could be made: nothing was sent
  | 'broken' // the secure connection broke during the chat
  | 'resume_failed' // the chat could not be picked up again after a drop
  | 'no_crypto'; // this browser cannot run the encryption

export type ChatStatus = 'securing' | 'ready' | 'reconnecting' | 'waitingForCounsellor' | 'handingOver' | 'ended';

/** Lines in the chat log from the page itself, not from a person. */
export type ChatNote = 'language_differs' | 'transferred' | 'transfer_failed' | 'undelivered' | 'may_not_have_arrived';

export type WaitingNote = 'requeued' | 'reconnecting' | 'rejoined';

/** Short messages at the top of the page, on any screen. */
export type Notice = 'server_error' | 'slow_down' | 'reconnecting';

export type Lane = 'support' | 'consultation';

/** What the help-seeker chose on the lane screen ('' for "rather not say"). */
export interface Choices { lane: Lane; ageBand: string; topic: string }

export interface HelpSeekerView {
  setLanguage(language: Language): void;
  /** Shows one screen, hides the others, moves focus to its heading and announces it. */
  showScreen(screen: Screen): void;
  /** Lane screen: a join is under way (start disabled, "connecting" shown). */
  setStarting(starting: boolean): void;
  showNotice(notice: Notice | undefined): void;

  /** Waiting screen: position undefined until the first `queue`; wait null when unknown. */
  showQueue(position: number | undefined, estimatedWaitSeconds: number | null): void;
  showWaitingNote(note: WaitingNote | undefined): void;

  showClosed(info: ClosedInfo): void;
  showEnded(reason: EndReason): void;

  clearChat(): void;
  addMessage(id: string, from: 'mine' | 'theirs', text: string): void;
  setDelivery(id: string, state: DeliveryState): void;
  addNote(note: ChatNote): void;
  setChatStatus(status: ChatStatus): void;
  /** The message box and send button: enabled only while the secure channel is ready. */
  setCanWrite(canWrite: boolean): void;
  /** The counsellor is typing: shown for a few seconds unless shown again. */
  showTyping(): void;
  hideTyping(): void;
  /** '' hides the code and its button (a new epoch has a new code). */
  setVerificationCode(code: string): void;
  showTransferRequest(shown: boolean): void;
}

/** What the person can do on the page; the view calls these. */
export interface HelpSeekerIntents {
  chooseLanguage(language: Language): void;
  changeLanguage(): void;
  start(choices: Choices): void;
  retry(): void;
  leaveQueue(): void;
  /** Returns true when the text was taken (the view then empties the box). */
  sendMessage(text: string): boolean;
  typing(): void;
  endChat(): void;
  answerTransfer(accept: boolean): void;
  startAgain(): void;
}
