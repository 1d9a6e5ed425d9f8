// The counsellor's desk (docs/protocol.md "Counsellor"): the identity key, duty and capacity, and
// the shift keys; routes every other message to the chats (desk_chats.ts), and brings everything
// back after a reconnect (duty again with the shift key, which re-delivers the chats). The mailbox
// (mailbox/mailbox.ts) gets its messages and starts once the key is certified. No DOM: the desk
// bar, the chat panels and the mailbox are views it is given.
import { toBase64Url } from '../crypto/encoding';
import { wipe, type SigningKeyPair } from '../crypto/keys';
import { decodeCounsellorMailboxMessage } from '../net/mailbox_messages';
import { decodeCounsellorMessage, type CounsellorMessage, type ErrorMessage } from '../net/server_messages';
import type { ServerMessage } from '../net/server_socket';
import type { Cancel, Schedule } from '../scheduler';
import type { StaffAccount } from '../staff/staff_session';
import { DeskChats } from './desk_chats';
import { certification, setUpIdentity, type IdentityUpload, type KeyState } from './key_setup';
import { Mailbox } from './mailbox/mailbox';
import type { MailboxView } from './mailbox/mailbox_views';
import { makeShiftKey, ShiftKeyRing, type ShiftKey } from './shift_key';
import type { ChatViewFactory, DeskNotice, DeskView, KeyProblem } from './views';

/** The highest capacity offered (the server's default max-capacity; beyond its own it says bad_capacity). */
export const MAX_CAPACITY = 5;
/** After the duty answer on a new connection, chats not re-assigned within this time are taken as gone. */
export const REASSIGN_WAIT_MS = 5000;

export interface DeskDeps {
  send(message: object): boolean;
  view: DeskView;
  createChatView: ChatViewFactory;
  mailboxView: MailboxView;
  /** The pinned root key, to check the certificate (undefined in a build without one). */
  rootKey(): Uint8Array | undefined;
  wipe(bytes: Uint8Array): void;
  /** Milliseconds since 1970. */
  now(): number;
  schedule: Schedule;
  /** Whether chats are going on here now (the page asks before it is left, and reconnects sooner). */
  chatsOpenChanged?(open: boolean): void;
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
  private readonly chats: DeskChats;
  /** The letters: its keys, list and open thread (the page's mailbox controls call it). */
  readonly mailbox: Mailbox;

  constructor(private readonly deps: DeskDeps) {
    this.chats = new DeskChats({
      send: (message) => deps.send(message),
      createChatView: deps.createChatView,
      now: () => deps.now(),
      schedule: deps.schedule,
      chatsOpenChanged: (open) => deps.chatsOpenChanged?.(open),
      identity: () => this.identity,
      connected: () => this.connected,
    }, this.shifts);
    this.mailbox = new Mailbox({ send: (message) => deps.send(message), view: deps.mailboxView, now: () => deps.now(),
      schedule: deps.schedule, rootKey: () => deps.rootKey(), wipe: (bytes) => deps.wipe(bytes) });
  }

  /** Signed in (wrap given: a fresh login, whose key is set up now) or back on a new connection (resumed). */
  start(account: StaffAccount, wrap: Uint8Array | undefined, resumed: boolean): void {
    this.account = account;
    this.setConnected(true);
    if (resumed) {
      this.reconcileIdentity(account);
      this.resync();
      this.mailbox.reconnected();
    } else {
      // Before the key set-up wipes wrap: the mailbox keys are wrapped under it too.
      this.mailbox.signedIn(account.pseudonym, wrap);
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
    this.chats.closeAll();
    this.shifts.wipeAll();
    this.mailbox.stop();
    if (this.identity) wipe(this.identity);
    this.identity = undefined;
    this.upload = undefined;
    this.account = undefined;
    this.keyState = 'none';
    this.dutyOn = false;
    this.capacity = 1;
    this.dutyRequest = undefined;
    this.resyncing = false;
    this.connected = false;
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
    const letters = decodeCounsellorMailboxMessage(raw);
    if (letters) return this.mailbox.handle(letters);
    const message = decodeCounsellorMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'identity_key_saved':
        return this.onIdentitySaved(message.certificate);
      case 'duty':
        return this.onDuty(message);
      case 'assigned':
        return this.chats.assigned(message.info);
      case 'tags_saved':
        return this.chats.tagsSaved();
      case 'error':
        return this.onError(message);
      default:
        return this.chats.chatMessage(message);
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
    if (state === 'certified' && this.identity) this.mailbox.certified(this.identity);
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
      this.cancelLostCheck = this.deps.schedule(() => {
        this.cancelLostCheck = undefined;
        this.chats.markUnreassignedLost();
      }, REASSIGN_WAIT_MS);
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
    this.chats.reconnected();
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

  private onError(message: ErrorMessage): void {
    if (this.chats.chatError(message)) return;
    // not_certified answers a duty change as well as a mailbox key: a pending duty change takes it.
    if (!(message.code === 'not_certified' && this.dutyRequest) && this.mailbox.error(message)) return;
    switch (message.code) {
      case 'bad_capacity':
        this.dutyRefused('duty.badCapacity');
        return;
      case 'not_certified':
        this.dutyRefused('duty.notCertified');
        if (this.identity) this.showKey('awaiting_certification', undefined);
        return;
      case 'no_such_chat':
        this.chats.tagsRefused();
        return;
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

  /** Chats going on here: their people would be cut off if the page went. */
  get hasOpenChats(): boolean {
    return this.chats.hasOpenChats;
  }

  private setConnected(connected: boolean): void {
    this.connected = connected;
    this.deps.view.setConnected(connected);
    this.chats.setConnected(connected);
    this.showDuty();
  }

  private nowSeconds(): number {
    return Math.floor(this.deps.now() / 1000);
  }
}
