// The counsellor's mailbox (docs/protocol.md "Mailbox"): its keys once the identity key is
// certified (mailbox_keys, and a new key when needed), the live list (mailbox_watch), and one open
// thread at a time: claimed by thread_open, read, answered by reply, released on close. No DOM: it
// draws through a MailboxView. Runs on the page's one thread, called by the desk.
import type { SigningKeyPair } from '../../crypto/keys';
import type { CounsellorMailboxMessage, CounsellorThread, MailboxThreadSummary } from '../../net/mailbox_messages';
import type { ErrorMessage } from '../../net/server_messages';
import type { Cancel, Schedule } from '../../scheduler';
import { mailboxRows } from './mailbox_list';
import { makeMailboxKeyUpload, MailboxKeyRing, needsNewMailboxKey, type MailboxKey, type MailboxKeyUpload } from './mailbox_keys_setup';
import type { MailboxControls, MailboxKeyState, MailboxView, ThreadDisplay, ThreadState } from './mailbox_views';
import { sealReply } from './reply_writer';
import { readThread, type ReadThread } from './thread_letters';

/** The list's "31 h left" is redrawn this often between the server's updates. */
export const MAILBOX_REDRAW_MS = 60_000;

export interface MailboxDeps {
  send(message: object): boolean;
  view: MailboxView;
  /** Milliseconds since 1970. */
  now(): number;
  schedule: Schedule;
  rootKey(): Uint8Array | undefined;
  wipe(bytes: Uint8Array): void;
}

interface OpenThread {
  boxId: string;
  state: ThreadState;
  thread?: CounsellorThread;
  read?: ReadThread;
  claimedBy?: string | null;
  /** The reply on its way (a local copy shown once saved). */
  sending?: { number: number; text: string };
}

export class Mailbox implements MailboxControls {
  private readonly ring = new MailboxKeyRing();
  private wrap: Uint8Array | undefined;
  private identity: SigningKeyPair | undefined;
  private me = '';
  private keysAsked = false;
  private keysLoaded = false;
  private unopened = 0;
  private upload: { key: MailboxKey; upload: MailboxKeyUpload } | undefined;
  private watching = false;
  private threads: MailboxThreadSummary[] = [];
  private current: OpenThread | undefined;
  private cancelRedraw: Cancel | undefined;

  constructor(private readonly deps: MailboxDeps) {}

  /** Signed in with `wrap` (a copy is kept until the mailbox keys are settled; wiped at the latest by stop). */
  signedIn(pseudonym: string, wrap: Uint8Array | undefined): void {
    this.me = pseudonym;
    if (wrap) this.wrap = wrap.slice();
  }

  /** The identity key is usable and certified: load the keys and watch the list (once per session). */
  certified(identity: SigningKeyPair): void {
    this.identity = identity;
    if (!this.keysAsked) {
      this.keysAsked = true;
      if (this.wrap) {
        this.setKeys('making');
        this.deps.send({ type: 'mailbox_keys' });
      } else {
        this.setKeys('impossible');
      }
    }
    if (!this.watching) {
      this.watching = true;
      this.deps.send({ type: 'mailbox_watch' });
    }
  }

  /** A new connection of the same session: what was asked and not answered is asked again. */
  reconnected(): void {
    if (this.keysAsked && !this.keysLoaded && this.wrap) this.deps.send({ type: 'mailbox_keys' });
    if (this.upload) this.deps.send(this.upload.upload);
    if (this.watching) this.deps.send({ type: 'mailbox_watch' });
    const current = this.current;
    if (current && (current.state === 'opening' || current.state === 'claimed' || current.state === 'sending')) {
      // A reply in flight may or may not have been saved: opening again shows which.
      current.sending = undefined;
      current.state = current.thread ? 'claimed' : 'opening';
      this.deps.send({ type: 'thread_open', box_id: current.boxId });
      this.showThread();
    }
  }

  /** Signed out: every key wiped, the list and the thread gone. */
  stop(): void {
    this.cancelRedraw?.();
    this.cancelRedraw = undefined;
    this.ring.wipeAll();
    if (this.upload) this.deps.wipe(this.upload.key.keys.secretKey);
    this.upload = undefined;
    this.dropWrap();
    this.identity = undefined;
    this.me = '';
    this.keysAsked = false;
    this.keysLoaded = false;
    this.unopened = 0;
    this.watching = false;
    this.threads = [];
    this.current = undefined;
    this.setKeys('none');
    this.deps.view.showThreads([]);
    this.deps.view.showThread(undefined);
    this.deps.view.notice('');
  }

  handle(message: CounsellorMailboxMessage): void {
    switch (message.type) {
      case 'mailbox_keys':
        return this.onKeys(message.keys);
      case 'mailbox_key_saved':
        return this.onKeySaved();
      case 'mailbox':
        this.threads = message.threads;
        // From the first list on, "31 h left" is kept current between the server's updates.
        if (!this.cancelRedraw) this.scheduleRedraw();
        return this.showList();
      case 'thread':
        return this.onThread(message.thread);
      case 'thread_claimed':
        return this.onTaken(message.claimedBy);
      case 'reply_saved':
        return this.onReplySaved(message.boxId, message.number);
      case 'mailbox_unwatched':
      case 'thread_released':
        return;
    }
  }

  /** An error that answers a mailbox request: true when it was the mailbox's. */
  error(message: ErrorMessage): boolean {
    const current = this.current;
    switch (message.code) {
      case 'not_certified':
      case 'bad_message':
        if (this.upload && (message.code === 'not_certified' || current?.state !== 'sending')) {
          this.ring.discard(this.upload.key);
          this.upload = undefined;
          this.dropWrap();
          this.setKeys('refused');
          return true;
        }
        if (message.code === 'bad_message' && current?.state === 'sending') {
          this.replyFailed('mailbox.replyRefused');
          return true;
        }
        return false;
      case 'no_such_thread':
        if (!current) return true;
        current.state = 'gone';
        current.sending = undefined;
        this.showThread();
        return true;
      case 'not_claimed':
        if (!current) return true;
        // The claim ran out before the reply came: open (claim) again; the draft stays in the box.
        this.replyFailed('mailbox.claimLost');
        this.deps.send({ type: 'thread_open', box_id: current.boxId });
        return true;
      case 'letter_number':
        if (!current) return true;
        // A letter came in meanwhile: fetch the thread again so it is read before answering.
        this.replyFailed('mailbox.newLetterArrived');
        this.deps.send({ type: 'thread_open', box_id: current.boxId });
        return true;
      default:
        return false;
    }
  }

  open(boxId: string): void {
    if (this.current?.boxId === boxId && this.current.state !== 'taken' && this.current.state !== 'gone') return;
    this.releaseCurrent();
    this.deps.view.notice('');
    if (!this.deps.send({ type: 'thread_open', box_id: boxId })) return;
    this.current = { boxId, state: 'opening' };
    this.showThread();
  }

  close(): void {
    this.releaseCurrent();
    this.current = undefined;
    this.deps.view.notice('');
    this.showThread();
  }

  reply(text: string): boolean {
    const current = this.current;
    if (!current?.thread || !current.read || current.state !== 'claimed' || text.trim() === '') return false;
    const sealed = sealReply({ thread: current.thread, owner: current.read.owner, sender: this.ring.newest, text,
      rootKey: this.deps.rootKey(), nowSeconds: this.nowSeconds() });
    if (!sealed.ok) {
      if (sealed.problem === 'too_long') this.deps.view.notice('mailbox.replyTooLong');
      return false;
    }
    if (!this.deps.send(sealed.message)) return false;
    current.state = 'sending';
    current.sending = { number: sealed.message.number, text };
    this.deps.view.notice('');
    this.showThread();
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Keys

  private onKeys(stored: Parameters<MailboxKeyRing['openStored']>[0]): void {
    if (this.keysLoaded || !this.wrap) return;
    this.keysLoaded = true;
    this.unopened = this.ring.openStored(stored, this.wrap);
    if (!needsNewMailboxKey(this.ring.newest, this.nowSeconds())) {
      this.dropWrap();
      this.setKeys('ready');
      return;
    }
    const made = this.identity ? makeMailboxKeyUpload(this.identity, this.wrap, this.nowSeconds()) : undefined;
    if (!made) {
      this.dropWrap();
      this.setKeys(this.ring.newest ? 'ready' : 'impossible');
      return;
    }
    this.upload = made;
    this.deps.send(made.upload);
    this.setKeys('making');
  }

  private onKeySaved(): void {
    if (!this.upload) return;
    this.ring.add(this.upload.key);
    this.upload = undefined;
    this.dropWrap();
    this.setKeys('ready');
    // A reply box shut for want of a key opens now.
    if (this.current?.thread) this.onThread(this.current.thread);
  }

  private setKeys(state: MailboxKeyState): void {
    this.deps.view.showKeys(state, this.unopened);
  }

  private dropWrap(): void {
    if (this.wrap) this.deps.wipe(this.wrap);
    this.wrap = undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // The open thread

  private onThread(thread: CounsellorThread): void {
    const current = this.current;
    if (current?.boxId !== thread.boxId) {
      // Not (or no longer) wanted here: let others have it.
      this.deps.send({ type: 'thread_release', box_id: thread.boxId });
      return;
    }
    current.thread = thread;
    current.read = readThread(thread, this.ring);
    current.claimedBy = thread.claimedBy;
    if (current.state !== 'answered') current.state = 'claimed';
    this.showThread();
  }

  private onTaken(claimedBy: string | null): void {
    const current = this.current;
    if (!current) return;
    current.state = 'taken';
    current.claimedBy = claimedBy;
    current.sending = undefined;
    this.showThread();
  }

  private onReplySaved(boxId: string, number: number): void {
    const current = this.current;
    if (current?.boxId !== boxId || !current.read || current.sending?.number !== number) return;
    const mine = { number, from: 'counsellor' as const, hour: this.nowSeconds(), author: this.me, text: current.sending.text, problem: null };
    current.read = { ...current.read, letters: [...current.read.letters, mine] };
    current.sending = undefined;
    current.state = 'answered';
    this.deps.view.notice('mailbox.replySent');
    this.showThread();
  }

  private replyFailed(notice: 'mailbox.claimLost' | 'mailbox.newLetterArrived' | 'mailbox.replyRefused'): void {
    const current = this.current;
    if (current?.state === 'sending') current.state = 'claimed';
    if (current) current.sending = undefined;
    this.deps.view.notice(notice);
    this.showThread();
  }

  private releaseCurrent(): void {
    const current = this.current;
    if (current && (current.state === 'claimed' || current.state === 'opening' || current.state === 'sending')) {
      this.deps.send({ type: 'thread_release', box_id: current.boxId });
    }
  }

  private showThread(): void {
    const current = this.current;
    if (!current) {
      this.deps.view.showThread(undefined);
      return;
    }
    const thread = current.thread;
    const summary = this.threads.find((candidate) => candidate.boxId === current.boxId);
    const display: ThreadDisplay = {
      boxId: current.boxId,
      state: current.state,
      lane: thread?.lane ?? summary?.lane ?? null,
      language: thread?.language ?? summary?.language ?? null,
      ageBand: thread?.ageBand ?? summary?.ageBand ?? null,
      topic: thread?.topic ?? summary?.topic ?? null,
      claimedBy: current.claimedBy ?? null,
      claimExpires: current.state === 'claimed' || current.state === 'sending' ? thread?.claimExpires ?? null : null,
      letters: current.read?.letters ?? [],
      replyBlock: current.read && !current.read.owner ? 'no_owner' : this.ring.newest ? undefined : 'no_key',
    };
    this.deps.view.showThread(display);
  }

  // ---------------------------------------------------------------------------------------------
  // The list

  private showList(): void {
    this.deps.view.showThreads(mailboxRows(this.threads, this.me, this.nowSeconds()));
  }

  private scheduleRedraw(): void {
    this.cancelRedraw?.();
    this.cancelRedraw = this.deps.schedule(() => {
      this.cancelRedraw = undefined;
      if (!this.watching) return;
      this.showList();
      this.scheduleRedraw();
    }, MAILBOX_REDRAW_MS);
  }

  private nowSeconds(): number {
    return Math.floor(this.deps.now() / 1000);
  }
}
