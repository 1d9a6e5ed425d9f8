// The counsellor's desk (docs/protocol.md "Counsellor"): the identity key, duty and capacity, the
// shift keys, and the chats side by side. Routes the server's messages to the right chat, and
// brings everything back after a reconnect (duty again with the shift key, re-delivered chats and
// frames; a chat whose keys this page does not hold asks for a new epoch). No DOM: the desk bar
// and the chat panels are views it is given.
import { BACKLOG_RETRY_MS } from '../chat/chat_session';
import type { AckFrame, MsgFrame } from '../chat/relay_link';
import { toBase64Url } from '../crypto/encoding';
import { wipe, type SigningKeyPair } from '../crypto/keys';
import { decodeCounsellorMessage, type AssignedChat, type CounsellorChatMessage, type CounsellorMessage, type ErrorMessage } from '../net/server_messages';
import type { ServerMessage } from '../net/server_socket';
import type { Cancel, Schedule } from '../scheduler';
import type { StaffAccount } from '../staff/staff_session';
import { CounsellorChat } from './counsellor_chat';
import { certification, setUpIdentity, type IdentityUpload, type KeyState } from './key_setup';
import { makeShiftKey, ShiftKeyRing, type ShiftKey } from './shift_key';
import { tagsMessage } from './tag_values';
import type { ChatActions, ChatView, ChatViewFactory, DeskNotice, DeskView, KeyProblem } from './views';

/** The highest capacity offered (the server's default max-capacity; beyond its own it says bad_capacity). */
export const MAX_CAPACITY = 5;
/** After the duty answer on a new connection, chats not re-assigned within this time are taken as gone. */
export const REASSIGN_WAIT_MS = 5000;
/** A handshake not done by then is worth telling the counsellor about (see ChatView.handshakeSlow). */
export const HANDSHAKE_SLOW_MS = 20_000;

export interface DeskDeps {
  send(message: object): boolean;
  view: DeskView;
  createChatView: ChatViewFactory;
  /** The pinned root key, to check the certificate (undefined in a build without one). */
  rootKey(): Uint8Array | undefined;
  wipe(bytes: Uint8Array): void;
  /** Milliseconds since 1970. */
  now(): number;
  schedule: Schedule;
  /** Whether chats are going on here now (the page asks before it is left, and reconnects sooner). */
  chatsOpenChanged?(open: boolean): void;
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

type DutyRequest = 'on' | 'off' | 'capacity';

export class Desk {
  private account: StaffAccount | undefined;
  private identity: SigningKeyPair | undefined;
  // The identity_key message sent and not yet confirmed: sent again after a reconnect.
  private upload: IdentityUpload | undefined;
  private keyState: KeyState = 'none';
  private dutyOn = false;
  private capacity = 1;
  private previousCapacity = 1;
  private dutyRequest: DutyRequest | undefined;
  private connected = false;
  private resyncing = false;
  private cancelLostCheck: Cancel | undefined;
  private readonly shifts = new ShiftKeyRing();
  private readonly chats = new Map<string, DeskChat>();
  // Chats whose tags were sent, oldest first: tags_saved names no chat, and answers come in order.
  private tagsInFlight: string[] = [];
  // What chatsOpenChanged said last.
  private chatsOpen = false;

  constructor(private readonly deps: DeskDeps) {}

  /** Signed in (wrap given: a fresh login, whose key is set up now) or back on a new connection (resumed). */
  start(account: StaffAccount, wrap: Uint8Array | undefined, resumed: boolean): void {
    this.account = account;
    this.setConnected(true);
    if (resumed) {
      this.reconcileIdentity(account);
      this.resync();
    } else {
      this.setUpKey(account, wrap);
      this.showDuty();
    }
  }

  /** The connection dropped: chats keep their state and wait for the next one. */
  connectionLost(): void {
    this.cancelLostCheck?.();
    this.setConnected(false);
  }

  /** The session is over: every key is wiped and every panel removed. */
  stop(): void {
    this.cancelLostCheck?.();
    for (const entry of this.chats.values()) {
      entry.session.close();
      entry.view.remove();
    }
    this.chats.clear();
    this.shifts.wipeAll();
    if (this.identity) wipe(this.identity);
    this.identity = undefined;
    this.upload = undefined;
    this.account = undefined;
    this.keyState = 'none';
    this.dutyOn = false;
    this.capacity = 1;
    this.dutyRequest = undefined;
    this.resyncing = false;
    this.tagsInFlight = [];
    this.connected = false;
    this.reportChatsOpen();
    this.deps.view.notice('');
    this.deps.view.showKey('none', undefined);
    this.showDuty();
  }

  /** The duty toggle: on with a fresh signed shift key, or off (chats in progress go on). */
  toggleDuty(): void {
    if (!this.connected || this.dutyRequest || !this.account) return;
    this.deps.view.notice('');
    if (this.dutyOn) {
      if (this.deps.send({ type: 'duty', on: false })) this.dutyRequest = 'off';
    } else if (!this.identity) {
      this.deps.view.notice('duty.noKey');
    } else {
      const shift = makeShiftKey(this.identity, this.nowSeconds(), this.account.expiresAt);
      this.shifts.setCurrent(shift);
      if (this.deps.send(this.dutyOnMessage(shift))) this.dutyRequest = 'on';
      else this.shifts.retireCurrent();
    }
    this.showDuty();
  }

  /** A new capacity: sent at once while on duty (the bundle stays), else kept for going on duty. */
  setCapacity(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY) return;
    this.previousCapacity = this.capacity;
    this.capacity = capacity;
    if (this.dutyOn && this.connected && !this.dutyRequest && this.deps.send(this.dutyOnMessage(this.shifts.current))) {
      this.dutyRequest = 'capacity';
    }
    this.showDuty();
  }

  /** Every message the login did not take: decoded, and dropped when malformed or not the desk's. */
  handle(raw: ServerMessage): void {
    const message = decodeCounsellorMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'identity_key_saved':
        return this.onIdentitySaved(message.certificate);
      case 'duty':
        return this.onDuty(message);
      case 'assigned':
        return this.onAssigned(message.info);
      case 'tags_saved':
        return this.onTagsSaved();
      case 'error':
        return this.onError(message);
      default:
        return this.onChatMessage(message);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Identity key

  private setUpKey(account: StaffAccount, wrap: Uint8Array | undefined): void {
    if (!wrap) {
      this.showKey('none', 'unwrap_failed');
      return;
    }
    const setup = setUpIdentity(account, wrap);
    // wrap opens the identity key and nothing else: once that is done it goes.
    this.deps.wipe(wrap);
    if (setup.kind === 'failed') {
      this.showKey('none', setup.error === 'unwrap_failed' ? 'unwrap_failed' : 'malformed');
      return;
    }
    this.identity = setup.identity;
    if (setup.kind === 'created') {
      this.upload = setup.upload;
      this.deps.send(setup.upload);
      this.showKey('awaiting_certification', 'saving');
      return;
    }
    this.showCertification(account.certificate);
  }

  /** After a reconnect: the login_ok of the new connection says what the server holds now. */
  private reconcileIdentity(account: StaffAccount): void {
    if (!this.identity) return;
    if (account.identityPublicKey === null) {
      if (this.upload) this.deps.send(this.upload);
      return;
    }
    if (account.identityPublicKey !== toBase64Url(this.identity.publicKey)) {
      // The account's key was replaced elsewhere (an administrator's reset): ours certifies nothing now.
      wipe(this.identity);
      this.identity = undefined;
      this.upload = undefined;
      this.showKey('none', 'replaced');
      return;
    }
    this.upload = undefined;
    this.showCertification(account.certificate);
  }

  private onIdentitySaved(certificate: string | null): void {
    this.upload = undefined;
    if (certificate !== null) this.showCertification(certificate);
    else this.showKey('awaiting_certification', undefined);
  }

  private showCertification(certificate: string | null): void {
    if (!this.identity || !this.account) return;
    const checked = certification(certificate, this.identity.publicKey, this.account.pseudonym, this.deps.rootKey(),
      this.nowSeconds());
    this.showKey(checked.state, checked.problem);
  }

  private showKey(state: KeyState, problem: KeyProblem | undefined): void {
    this.keyState = state;
    this.deps.view.showKey(state, problem);
    this.showDuty();
  }

  // ---------------------------------------------------------------------------------------------
  // Duty

  private onDuty(message: Extract<CounsellorMessage, { type: 'duty' }>): void {
    const request = this.dutyRequest;
    this.dutyRequest = undefined;
    if (message.on === true) {
      this.dutyOn = true;
      const capacity = message.capacity;
      if (capacity !== undefined && capacity >= 1) this.capacity = Math.min(capacity, MAX_CAPACITY);
      // The server took a shift key only from a certified account: it holds a certificate now.
      if (request === 'on' && this.keyState === 'awaiting_certification') this.showKey('certified', undefined);
    } else if (message.on === false) {
      this.dutyOn = false;
      this.shifts.retireCurrent();
    }
    this.showDuty();
    if (this.resyncing) {
      this.resyncing = false;
      this.cancelLostCheck?.();
      this.cancelLostCheck = this.deps.schedule(() => this.markUnreassignedLost(), REASSIGN_WAIT_MS);
    }
  }

  private showDuty(): void {
    this.deps.view.showDuty({
      on: this.dutyOn,
      capacity: this.capacity,
      pending: this.dutyRequest !== undefined,
      possible: this.connected && this.identity !== undefined,
    });
  }

  /** On a new connection: duty again (same shift key if on duty), which re-delivers our chats. */
  private resync(): void {
    // Tags sent on the old connection got no answer, and chats that ended there cannot be tagged here.
    this.tagsInFlight = [];
    for (const entry of this.chats.values()) {
      if (entry.status === 'active') entry.awaitingReassign = true;
      else if (entry.status === 'ended') entry.view.tagsUnavailable();
    }
    const wantOn = this.dutyRequest === 'on' || (this.dutyOn && this.dutyRequest !== 'off');
    this.dutyRequest = undefined;
    if (wantOn && this.identity && this.account) {
      let shift = this.shifts.current;
      // A key about to expire is no use to the next help-seeker: make a fresh one.
      if (!shift || shift.notAfter <= this.nowSeconds() + 60) {
        shift = makeShiftKey(this.identity, this.nowSeconds(), this.account.expiresAt);
        this.shifts.setCurrent(shift);
      }
      if (this.deps.send(this.dutyOnMessage(shift))) this.dutyRequest = 'on';
    } else if (this.deps.send({ type: 'duty', on: false })) {
      this.dutyRequest = 'off';
    }
    this.resyncing = true;
    this.showDuty();
  }

  /**
   * `duty` on, always with the shift key (spec C): a server that restarted since has forgotten it,
   * and without it help-seekers would get no bundle.
   */
  private dutyOnMessage(shift: ShiftKey | undefined): object {
    return { type: 'duty', on: true, capacity: this.capacity, ...(shift ? { shift_key: shift.field } : {}) };
  }

  private markUnreassignedLost(): void {
    this.cancelLostCheck = undefined;
    for (const entry of this.chats.values()) {
      if (entry.status !== 'active' || !entry.awaitingReassign) continue;
      entry.status = 'lost';
      entry.view.lost();
    }
    this.reportChatsOpen();
  }

  // ---------------------------------------------------------------------------------------------
  // Chats

  private onAssigned(info: AssignedChat): void {
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
    const identity = this.identity;
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
    view.setConnected(this.connected);
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
        if (!entry || !this.connected) return;
        // The sealed end first, so that the help-seeker's stream closes in order (TAG_FINAL).
        entry.session.sealEnd();
        this.deps.send({ type: 'end', chat });
      },
      block: () => {
        if (active() && this.connected) this.deps.send({ type: 'block', chat });
      },
      transfer: (to) => {
        const entry = active();
        const colleague = to.trim();
        if (!entry || colleague === '' || !this.connected) return;
        if (this.deps.send({ type: 'transfer', chat, to: colleague })) entry.view.transferState('asking');
      },
      submitTags: (tags) => {
        const entry = this.chats.get(chat);
        if (entry?.status !== 'ended' || this.tagsInFlight.includes(chat) || !this.connected) return;
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

  private onChatMessage(message: CounsellorChatMessage): void {
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

  private onTagsSaved(): void {
    const chat = this.tagsInFlight.shift();
    const entry = chat === undefined ? undefined : this.chats.get(chat);
    if (chat !== undefined && entry) this.forget(chat, entry);
  }

  private onError(message: ErrorMessage): void {
    const entry = message.chat === undefined ? undefined : this.chats.get(message.chat);
    if (entry) {
      this.onChatError(entry, message);
      return;
    }
    switch (message.code) {
      case 'bad_capacity':
        this.dutyRefused('duty.badCapacity');
        return;
      case 'not_certified':
        this.dutyRefused('duty.notCertified');
        if (this.identity) this.showKey('awaiting_certification', undefined);
        return;
      case 'no_such_chat': {
        // It carries no chat id. Relay frames name only chats we have, so the likeliest cause is
        // tags for a chat the server has let go: the oldest tags in flight.
        const tagged = this.tagsInFlight.shift();
        const tagEntry = tagged === undefined ? undefined : this.chats.get(tagged);
        tagEntry?.view.tagsUnavailable();
        return;
      }
      case 'rate_limited':
        this.deps.view.notice('desk.rateLimited');
        return;
      default:
        if (this.dutyRequest) {
          this.dutyRequest = undefined;
          this.showDuty();
        }
        this.deps.view.notice('desk.serverError');
    }
  }

  private onChatError(entry: DeskChat, message: ErrorMessage): void {
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
  }

  private dutyRefused(notice: DeskNotice): void {
    if (this.dutyRequest === 'on') {
      this.dutyOn = false;
      this.shifts.retireCurrent();
    } else if (this.dutyRequest === 'capacity') {
      this.capacity = this.previousCapacity;
    }
    this.dutyRequest = undefined;
    this.deps.view.notice(notice);
    this.showDuty();
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

  private setConnected(connected: boolean): void {
    this.connected = connected;
    this.deps.view.setConnected(connected);
    for (const entry of this.chats.values()) entry.view.setConnected(connected);
    this.showDuty();
  }

  private nowSeconds(): number {
    return Math.floor(this.deps.now() / 1000);
  }
}
