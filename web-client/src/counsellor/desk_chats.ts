// The chats on the counsellor's desk, side by side: one CounsellorChat and one panel each, the
// shift key each epoch answers with, and what happens to them (assigned, a new epoch asked for or
// given, messages and errors about one chat, transfer, end, tags, lost over a reconnect, moved to
// another window). No DOM: the panels are views it is given. The desk (desk.ts) routes to it.
import { BACKLOG_RETRY_MS } from '../chat/chat_session';
import type { AckFrame, MsgFrame } from '../chat/relay_link';
import type { SigningKeyPair } from '../crypto/keys';
import type { AssignedChat, CounsellorChatMessage, ErrorMessage } from '../net/server_messages';
import type { Schedule } from '../scheduler';
import { CounsellorChat } from './counsellor_chat';
import type { ShiftKeyRing, ShiftKey } from './shift_key';
import { tagsMessage } from './tag_values';
import type { ChatActions, ChatView, ChatViewFactory } from './views';

/** A handshake not done by then is worth telling the counsellor about (see ChatView.handshakeSlow). */
export const HANDSHAKE_SLOW_MS = 20_000;

export interface DeskChatsDeps {
  send(message: object): boolean;
  createChatView: ChatViewFactory;
  /** Milliseconds since 1970. */
  now(): number;
  schedule: Schedule;
  /** Whether chats are going on here now (the page asks before it is left, and reconnects sooner). */
  chatsOpenChanged?(open: boolean): void;
  /** The counsellor's identity key now (undefined: none, and a new chat fails at once). */
  identity(): SigningKeyPair | undefined;
  /** Whether the connection is up now. */
  connected(): boolean;
}

// moved: another window of this counsellor took the chat over (moved_elsewhere).
type ChatStatus = 'active' | 'ended' | 'transferred' | 'lost' | 'moved';

interface DeskChat {
  info: AssignedChat;
  session: CounsellorChat;
  view: ChatView;
  // The shift key its current epoch answers with: held in the ring until the chat is over.
  shift: ShiftKey | undefined;
  status: ChatStatus;
  // Set on a reconnect until the server re-assigns it.
  awaitingReassign: boolean;
  // new_epoch sent (this page came back without the chat's keys): frames of the old epoch are not ours to open.
  awaitingEpoch: boolean;
}

export class DeskChats {
  private readonly chats = new Map<string, DeskChat>();
  // Chats whose tags were sent, oldest first: tags_saved names no chat, and answers come in order.
  private tagsInFlight: string[] = [];
  // What chatsOpenChanged said last.
  private chatsOpen = false;

  /** `shifts`: the desk's ring of shift keys; each chat holds the one its epoch answers with. */
  constructor(private readonly deps: DeskChatsDeps, private readonly shifts: ShiftKeyRing) {}

  /** On a new connection: active chats wait to be handed back (markUnreassignedLost decides later). */
  reconnected(): void {
    // Tags sent on the old connection got no answer, and chats that ended there cannot be tagged here.
    this.tagsInFlight = [];
    for (const entry of this.chats.values()) {
      if (entry.status === 'active') entry.awaitingReassign = true;
      else if (entry.status === 'ended') entry.view.tagsUnavailable();
    }
  }

  /** Tells every panel whether the connection is up. */
  setConnected(connected: boolean): void {
    for (const entry of this.chats.values()) entry.view.setConnected(connected);
  }

  /** The session is over: every chat closes and every panel goes. */
  closeAll(): void {
    for (const entry of this.chats.values()) {
      entry.session.close();
      entry.view.remove();
    }
    this.chats.clear();
    this.tagsInFlight = [];
    this.reportChatsOpen();
  }

  /** After the duty answer on a new connection: chats the server has not handed back by now are lost. */
  markUnreassignedLost(): void {
    for (const entry of this.chats.values()) {
      if (entry.status !== 'active' || !entry.awaitingReassign) continue;
      entry.status = 'lost';
      entry.view.lost();
    }
    this.reportChatsOpen();
  }

  /** `assigned`: a new chat, or one of ours again (a reconnect, a restart's new epoch). */
  assigned(info: AssignedChat): void {
    const entry = this.chats.get(info.chat);
    if (!entry || entry.status === 'moved') {
      // A chat this page holds no keys for. Returning (this page was reloaded, or the chat was
      // open in another window): ask for a new epoch, whose handshake gives this page keys.
      if (entry) this.forget(info.chat, entry);
      const opened = this.openChat(info, info.returning);
      if (info.returning) this.requestNewEpoch(opened);
      return;
    }
    entry.awaitingReassign = false;
    if (entry.status === 'lost') {
      entry.status = 'active';
      entry.view.revived();
      this.reportChatsOpen();
    }
    if (entry.status !== 'active') return;
    if (info.epoch > entry.session.epoch) {
      // A new key agreement (a server restart): answered with the shift key current now.
      this.enterEpoch(entry, info.epoch);
    } else if (info.epoch === entry.session.epoch && entry.awaitingEpoch) {
      // The new epoch we asked for did not start before the connection dropped: ask again.
      this.requestNewEpoch(entry);
    } else if (info.epoch === entry.session.epoch) {
      // The same chat on a new connection (a network blip): the channel is still ours, and the
      // frames the server never accepted go again.
      entry.session.resend();
    }
  }

  /** Asks the server for a new epoch of a chat whose keys this page does not hold (spec C). */
  private requestNewEpoch(entry: DeskChat): void {
    entry.awaitingEpoch = true;
    entry.view.reconnecting();
    this.deps.send({ type: 'new_epoch', chat: entry.info.chat });
  }

  /** A new key agreement for the chat, answered with the shift key current now. */
  private enterEpoch(entry: DeskChat, epoch: number): void {
    entry.awaitingEpoch = false;
    const shift = this.shifts.current;
    if (!shift) {
      entry.session.close();
      entry.view.secureFailed('no_shift_key');
      return;
    }
    this.shifts.acquire(shift);
    if (entry.shift) this.shifts.release(entry.shift);
    entry.shift = shift;
    entry.session.newEpoch(epoch, shift.keys);
    this.watchHandshake(entry.info.chat, epoch);
  }

  private openChat(info: AssignedChat, awaitingEpoch: boolean): DeskChat {
    const identity = this.deps.identity();
    const shift = this.shifts.current;
    if (shift) this.shifts.acquire(shift);
    const view = this.deps.createChatView(info, this.actionsFor(info.chat));
    // Without a key of ours (off duty after a reload, say) the chat cannot be secured: it fails at once.
    const session = new CounsellorChat(info.chat, info.sid, info.epoch, identity?.publicKey ?? new Uint8Array(32),
      identity ? shift?.keys : undefined, {
        send: (frame: MsgFrame | AckFrame) => this.deps.send(frame),
        now: () => this.deps.now(),
      }, view);
    const entry: DeskChat = { info, session, view, shift, status: 'active', awaitingReassign: false, awaitingEpoch };
    this.chats.set(info.chat, entry);
    view.setConnected(this.deps.connected());
    session.checkStartable();
    if (!awaitingEpoch) this.watchHandshake(info.chat, info.epoch);
    this.reportChatsOpen();
    return entry;
  }

  /** Tells the panel if the handshake of this epoch has not happened after HANDSHAKE_SLOW_MS. */
  private watchHandshake(chat: string, epoch: number): void {
    this.deps.schedule(() => {
      const entry = this.chats.get(chat);
      if (entry?.status === 'active' && entry.session.epoch === epoch && entry.session.phase === 'securing') {
        entry.view.handshakeSlow();
      }
    }, HANDSHAKE_SLOW_MS);
  }

  private actionsFor(chat: string): ChatActions {
    const active = () => {
      const entry = this.chats.get(chat);
      return entry?.status === 'active' ? entry : undefined;
    };
    return {
      // Shown by the session's messagesChanged; held while securing, sent after the help-seeker's sync.
      sendText: (text) => active()?.session.write(text) !== undefined,
      typing: () => active()?.session.typing(),
      end: () => {
        const entry = active();
        if (!entry || !this.deps.connected()) return;
        // The sealed end first, so that the help-seeker's stream closes in order (TAG_FINAL).
        entry.session.sealEnd();
        this.deps.send({ type: 'end', chat });
      },
      block: () => {
        if (active() && this.deps.connected()) this.deps.send({ type: 'block', chat });
      },
      transfer: (to) => {
        const entry = active();
        const colleague = to.trim();
        if (!entry || colleague === '' || !this.deps.connected()) return;
        if (this.deps.send({ type: 'transfer', chat, to: colleague })) entry.view.transferState('asking');
      },
      submitTags: (tags) => {
        const entry = this.chats.get(chat);
        if (entry?.status !== 'ended' || this.tagsInFlight.includes(chat) || !this.deps.connected()) return;
        if (this.deps.send(tagsMessage(chat, tags))) {
          this.tagsInFlight.push(chat);
          entry.view.tagsSaving();
        }
      },
      close: () => {
        const entry = this.chats.get(chat);
        if (!entry || entry.status === 'active') return;
        this.forget(chat, entry);
      },
    };
  }

  /** A message about one chat: to its session or its panel (nothing for a chat not here). */
  chatMessage(message: CounsellorChatMessage): void {
    const entry = this.chats.get(message.chat);
    if (!entry) return;
    const { session, view } = entry;
    switch (message.type) {
      case 'msg':
        // Waiting for a new epoch: frames of the old one were sealed for keys this page never had.
        // Left unacknowledged, they count as undelivered there, and the peer's sync sends them again.
        if (entry.awaitingEpoch || entry.status === 'moved') break;
        if (message.seq > 0) session.receive(message.seq, message.payload);
        break;
      case 'epoch':
        if (entry.status === 'active' && message.epoch > session.epoch) this.enterEpoch(entry, message.epoch);
        break;
      case 'moved_elsewhere':
        // Another window of ours took the chat over: this one stops, and says where it went.
        if (entry.status !== 'active' && entry.status !== 'lost') break;
        this.finish(entry, 'moved');
        view.movedElsewhere();
        break;
      case 'peer_away':
        if (entry.status === 'active') view.peerAway(message.waitsSeconds);
        break;
      case 'peer_back':
        if (entry.status === 'active') view.peerBack();
        break;
      case 'accepted':
        session.accepted(message.seq);
        break;
      case 'delivered':
        session.delivered(message.seq);
        break;
      case 'undelivered':
        session.undelivered(message.seqs);
        break;
      case 'chat_ended':
        if (entry.status === 'ended' || entry.status === 'moved') break;
        this.finish(entry, 'ended');
        view.ended(message.reason);
        break;
      case 'transferred':
        this.finish(entry, 'transferred');
        view.transferred();
        break;
      case 'transfer_pending':
        view.transferState('pending');
        break;
      case 'transfer_unavailable':
        view.transferState('unavailable');
        break;
      case 'transfer_declined':
        view.transferState('declined');
        break;
      case 'transfer_failed':
        view.transferState('failed');
        break;
    }
  }

  /** `tags_saved` answers the oldest tags in flight: that chat's panel goes. */
  tagsSaved(): void {
    const chat = this.tagsInFlight.shift();
    const entry = chat === undefined ? undefined : this.chats.get(chat);
    if (chat !== undefined && entry) this.forget(chat, entry);
  }

  /** An error about one chat of ours (it names the chat); false when it names none of ours. */
  chatError(message: ErrorMessage): boolean {
    const entry = message.chat === undefined ? undefined : this.chats.get(message.chat);
    if (!entry) return false;
    const { seq, expected } = message;
    switch (message.code) {
      case 'out_of_order':
        if (expected !== undefined) entry.session.resend(expected);
        break;
      case 'peer_backlog_full':
        // The help-seeker is away with 256 frames unread: try again a little later.
        this.deps.schedule(() => {
          if (entry.status === 'active' && seq !== undefined) entry.session.resend(seq);
        }, BACKLOG_RETRY_MS);
        break;
      case 'chat_ended':
      case 'bad_message':
        if (seq !== undefined) entry.session.undelivered([seq]);
        break;
      case 'transfer_unavailable':
        entry.view.transferState('unavailable');
        break;
      case 'no_such_chat':
        // The new epoch we asked for: the chat is no longer ours (it ended meanwhile).
        if (entry.awaitingEpoch && entry.status === 'active') {
          entry.status = 'lost';
          entry.awaitingEpoch = false;
          entry.view.lost();
          this.reportChatsOpen();
        }
        break;
      default:
        break;
    }
    return true;
  }

  /**
   * `no_such_chat` without a chat id. Relay frames name only chats we have, so the likeliest cause
   * is tags for a chat the server has let go: the oldest tags in flight cannot be saved.
   */
  tagsRefused(): void {
    const tagged = this.tagsInFlight.shift();
    const tagEntry = tagged === undefined ? undefined : this.chats.get(tagged);
    tagEntry?.view.tagsUnavailable();
  }

  /** The chat is over here: its session closes and its shift key is let go. */
  private finish(entry: DeskChat, status: ChatStatus): void {
    entry.status = status;
    entry.awaitingEpoch = false;
    entry.session.close();
    if (entry.shift) this.shifts.release(entry.shift);
    entry.shift = undefined;
    this.reportChatsOpen();
  }

  /** Chats going on here: their people would be cut off if the page went. */
  get hasOpenChats(): boolean {
    return [...this.chats.values()].some((entry) => entry.status === 'active');
  }

  private reportChatsOpen(): void {
    const open = this.hasOpenChats;
    if (open === this.chatsOpen) return;
    this.chatsOpen = open;
    this.deps.chatsOpenChanged?.(open);
  }

  private forget(chat: string, entry: DeskChat): void {
    if (entry.status === 'active' || entry.status === 'lost') this.finish(entry, entry.status);
    this.chats.delete(chat);
    entry.view.remove();
    this.reportChatsOpen();
  }
}
