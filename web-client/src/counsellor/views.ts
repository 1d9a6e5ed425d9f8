// What the desk needs from the page: the desk bar (key, duty, notices) and one panel per chat,
// and what a panel may ask of the desk. The desk (desk.ts) knows only these, never the DOM.
import type { AssignedChat } from '../net/server_messages';
import type { CounsellorChatEvents } from './counsellor_chat';
import type { KeyState } from './key_setup';
import type { ChatTags } from './tag_values';

/** Why the identity key is not usable, or where it stands, for the desk bar to say. */
export type KeyProblem = 'unwrap_failed' | 'malformed' | 'replaced' | 'saving' | 'expired' | 'invalid';

export interface DutyState { on: boolean; capacity: number; pending: boolean; possible: boolean }

/** The desk bar: key state, duty toggle, capacity, notices. */
export interface DeskView {
  showKey(state: KeyState, problem: KeyProblem | undefined): void;
  showDuty(duty: DutyState): void;
  /** A notice for the counsellor (a refused duty change, a server error); '' clears it. */
  notice(key: DeskNotice | ''): void;
  setConnected(connected: boolean): void;
}

export type DeskNotice = 'duty.badCapacity' | 'duty.notCertified' | 'duty.noKey' | 'desk.serverError' | 'desk.rateLimited';

export type TransferState = 'asking' | 'pending' | 'declined' | 'failed' | 'unavailable';

/** One chat panel: what the session reports, plus the desk's own news about the chat. */
export interface ChatView extends CounsellorChatEvents {
  ended(reason: string): void;
  transferState(state: TransferState): void;
  transferred(): void;
  /** It ended while the connection was down: it can neither go on nor be tagged. */
  lost(): void;
  /** A chat thought lost came back after all. */
  revived(): void;
  /** This page came back without the chat's keys and asked for a new epoch: a new code follows. */
  reconnecting(): void;
  /** Another window of this counsellor took the chat over: this panel stops. */
  movedElsewhere(): void;
  /** The help-seeker's connection dropped; the chat waits up to `waitsSeconds` for them. */
  peerAway(waitsSeconds: number): void;
  /** The help-seeker is back. */
  peerBack(): void;
  /**
   * No handshake yet after a while: the help-seeker's page has not answered (it may be offline).
   * A page reloaded since asks for a new epoch instead (reconnecting), so this is not that.
   */
  handshakeSlow(): void;
  tagsSaving(): void;
  /** The tags could not be saved (the server no longer knows the chat); the panel may be closed. */
  tagsUnavailable(): void;
  setConnected(connected: boolean): void;
  remove(): void;
}

/** What a chat panel can ask of the desk. */
export interface ChatActions {
  /** false when the chat takes no more messages (failed, ending, over) or the text is too long; else it is shown, waiting. */
  sendText(text: string): boolean;
  typing(): void;
  end(): void;
  block(): void;
  transfer(to: string): void;
  submitTags(tags: ChatTags): void;
  /** Removes a panel that is over (transferred, lost, tags not possible). */
  close(): void;
}

export type ChatViewFactory = (info: AssignedChat, actions: ChatActions) => ChatView;

