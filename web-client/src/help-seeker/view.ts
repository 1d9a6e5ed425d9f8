// What the help-seeker state machine (app.ts) asks of the page, and what the page asks of it.
// The DOM implements the first (views/page_view.ts); the unit tests record it instead.
import type { ConversationMessage } from '../chat/conversation';
import type { Language } from '../i18n/i18n';
import type { ChatEndReason, ClosedInfo } from '../net/server_messages';

export type Screen = 'language' | 'lane' | 'waiting' | 'closed' | 'chat' | 'ended';

/** Why the ended screen is shown: the server's reasons and the page's own. */
export type EndReason = ChatEndReason
  | 'left_queue' // the help-seeker left the queue
  | 'join_blocked' // `join` refused with the error `blocked`
  | 'setup_failed' // no secure connection could be made: nothing was sent
  | 'broken' // the secure connection broke during the chat
  | 'resume_failed' // the chat could not be picked up again after a drop
  | 'moved_elsewhere' // the chat was opened in another window, which goes on with it
  | 'no_crypto'; // this browser cannot run the encryption

export type ChatStatus = 'securing' | 'ready' | 'reconnecting' | 'waitingForCounsellor' | 'handingOver' | 'ended';

/** Lines in the chat log from the page itself, not from a person. */
export type ChatNote = 'language_differs' | 'transferred' | 'transfer_failed'
  | 'new_code' // a new key epoch after a drop (a server restart): new check code, missing messages resent
  | 'counsellor_reconnected' // the counsellor's page came back without the keys: new check code
  | 'counsellor_back' // the counsellor's connection is back
  | 'repaired'; // after the counsellor was gone: a counsellor took the same conversation

export type WaitingNote = 'requeued' | 'reconnecting' | 'rejoined';

/** Why a message written now is not on its way yet. */
export type WaitReason = 'securing' | 'offline' | 'counsellor_away';

/** Short messages at the top of the page, on any screen. */
export type Notice = 'server_error' | 'slow_down' | 'reconnecting' | 'too_many_joins';

export type Lane = 'support' | 'consultation';

/** What the help-seeker chose on the lane screen ('' for "rather not say"). */
export interface Choices {
  lane: Lane; ageBand: string; topic: string;
  /** A live chat asked for from a mailbox thread: the thread's proof (B64), sent with the join. */
  mailbox?: { box_id: string; box_auth: string };
}

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
  /** The conversation in the order both sides agree on (a late message is inserted at its place). */
  showMessages(messages: readonly ConversationMessage[]): void;
  addNote(note: ChatNote): void;
  /** The counsellor's connection dropped: the chat waits up to this long for them (undefined: they are here). */
  showPeerAway(waitsSeconds: number | undefined): void;
  /** Ended screen: the messages that never reached the counsellor, each with a way to copy it. */
  showNotDelivered(messages: readonly ConversationMessage[]): void;
  setChatStatus(status: ChatStatus): void;
  /**
   * The message box and send button: enabled while the chat goes on. `waits` says why what is
   * written now waits (the connection is being secured, ours is down, or the counsellor's).
   */
  setCanWrite(canWrite: boolean, waits?: WaitReason): void;
  /** The counsellor is typing: shown for a few seconds unless shown again. */
  showTyping(): void;
  hideTyping(): void;
  /** '' hides the code and its button (a new epoch has a new code). */
  setVerificationCode(code: string): void;
  showTransferRequest(shown: boolean): void;
  /** The counsellor of the chat now (the ended screen offers "keep in touch" with them), undefined when unknown. */
  setCounsellor?(pseudonym: string | undefined): void;
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
