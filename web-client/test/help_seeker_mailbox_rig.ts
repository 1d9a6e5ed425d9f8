// The rig of the help-seeker mailbox's tests (help_seeker_mailbox.test.ts): the mailbox state machine
// (src/help-seeker/mailbox/mailbox_app.ts) over a real MailboxLink whose socket the test plays,
// a view that records what a person would see, and real certified counsellors with mailbox keys.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { makeCertificate } from '../src/crypto/certificate';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { cryptoReady, generateSigningKeyPair, type DhKeyPair, type SigningKeyPair } from '../src/crypto/keys';
import { counsellorLetterBody, sealLetter } from '../src/crypto/letter';
import { makeMailboxKey, signMailboxKey, type ThreadKeys } from '../src/crypto/mailbox_keys';
import { rosterEntryToJson } from '../src/crypto/roster';
import { MailboxApp } from '../src/help-seeker/mailbox/mailbox_app';
import { MailboxLink } from '../src/help-seeker/mailbox/mailbox_link';
import type { OpenedLetter } from '../src/help-seeker/mailbox/mailbox_crypto';
import type { MailboxProblem, MailboxScreen, MailboxView, RosterState, ShownThread } from '../src/help-seeker/mailbox/mailbox_view';
import type { Choices, Lane } from '../src/help-seeker/view';

export let root: SigningKeyPair;
export let otherRoot: SigningKeyPair;

before(async () => {
  await cryptoReady();
  root = generateSigningKeyPair();
  otherRoot = generateSigningKeyPair();
});

export const now = (): number => Math.floor(Date.now() / 1000);

/** A counsellor with an identity key certified by `certifiedBy` and a mailbox key signed by it. */
export interface MailCounsellor { pseudonym: string; identity: SigningKeyPair; mk: DhKeyPair; entry: Record<string, string | number> }

export function mailCounsellor(pseudonym: string, { certifiedBy = root, mkNotAfter = now() + 30 * 86400 } = {}): MailCounsellor {
  const identity = generateSigningKeyPair();
  const mk = makeMailboxKey();
  const cert = makeCertificate(certifiedBy, identity.publicKey, pseudonym, now() + 365 * 86400);
  assert.ok(cert.ok);
  const entry = rosterEntryToJson({ identityKey: identity.publicKey, pseudonym, certificate: cert.value, mailboxKey: mk.publicKey,
    mailboxNotAfter: mkNotAfter, mailboxSignature: signMailboxKey(identity, mk.publicKey, mkNotAfter) });
  return { pseudonym, identity, mk, entry };
}

/** A counsellor's reply as the server hands it to the help-seeker (envelope addressed to the thread key). */
export function reply(from: MailCounsellor, text: string, boxId: Uint8Array, threadKey: Uint8Array, number: number,
  hour = now() - (now() % 3600), sealer: DhKeyPair = from.mk): Record<string, unknown> {
  const sealed = sealLetter(counsellorLetterBody(text), boxId, number, 'to_help_seeker', sealer, [threadKey, from.mk.publicKey]);
  assert.ok(sealed.ok);
  return { number, from: 'counsellor', hour, ciphertext: toBase64Url(sealed.value.ciphertext),
    envelope: toBase64Url(sealed.value.envelopes[0]!.box), author: from.entry };
}

/** What the mailbox showed, as a person would see it. */
export class MailboxRecorder implements MailboxView {
  screen: MailboxScreen | 'page' = 'page';
  code = '';
  counsellor: string | undefined;
  roster: RosterState | undefined;
  busy = false;
  problem: MailboxProblem | undefined;
  wait: number | undefined;
  sentReplyBy: number | null | undefined;
  thread: ShownThread | undefined;
  writtenAgain: number | null | undefined;

  showMailbox(screen: MailboxScreen) { this.screen = screen; }
  leaveMailbox() { this.screen = 'page'; }
  showWriter(code: string, counsellor: string | undefined) { this.code = code; this.counsellor = counsellor; }
  showRoster(roster: RosterState) { this.roster = roster; }
  setBusy(busy: boolean) { this.busy = busy; }
  showProblem(problem: MailboxProblem | undefined, wait?: number) { this.problem = problem; this.wait = wait; }
  showSent(replyBy: number | null) { this.sentReplyBy = replyBy; }
  showThread(thread: ShownThread) { this.thread = thread; }
  showWrittenAgain(replyBy: number | null) { this.writtenAgain = replyBy; }

  /** The thread's letters as lines: "me: text", "them (author): text", "them: NOT VERIFIED". */
  lines(): string[] {
    return (this.thread?.letters ?? []).map((letter: OpenedLetter) => (letter.from === 'help_seeker' ? `me: ${letter.text ?? 'NOT OPENED'}`
      : letter.text === undefined ? 'them: NOT VERIFIED' : `them (${letter.author}): ${letter.text}`));
  }
}

/** The mailbox's socket as the test plays the server: what was sent, and answers given by hand. */
export class MailboxRig {
  readonly view = new MailboxRecorder();
  sent: Record<string, unknown>[] = [];
  starts = 0;
  stops = 0;
  open = false;
  choices: Choices | undefined = { lane: 'support', ageBand: '18-25', topic: '' };
  chats: { lane: Lane; mailbox: { box_id: string; box_auth: string } }[] = [];
  readonly link: MailboxLink;
  readonly app: MailboxApp;
  private events: MailboxLink | undefined;

  constructor(rootKey: () => Uint8Array | undefined = () => root.publicKey) {
    this.link = new MailboxLink((events) => {
      this.events = events;
      return {
        start: () => { this.starts += 1; },
        stop: () => { this.stops += 1; this.open = false; },
        send: (message) => {
          if (!this.open) return false;
          this.sent.push(JSON.parse(JSON.stringify(message)) as Record<string, unknown>);
          return true;
        },
      };
    });
    this.app = new MailboxApp({
      view: this.view, link: this.link, rootKey, nowMs: () => Date.now(),
      context: () => ({ language: 'en', choices: this.choices }),
      startChat: (lane, mailbox) => void this.chats.push({ lane, mailbox }),
    });
  }

  /** The socket opens (what waited goes out). */
  connect(): void {
    this.open = true;
    this.events?.opened();
  }

  /** The server answers the request in flight. */
  answer(message: Record<string, unknown>): void {
    assert.ok(this.events, 'a socket was made');
    this.events.received(message as { type: string });
  }

  drop(): void {
    this.open = false;
    this.events?.dropped();
  }

  last(): Record<string, unknown> {
    const message = this.sent[this.sent.length - 1];
    assert.ok(message, 'something was sent');
    return message;
  }

  ofType(type: string): Record<string, unknown>[] {
    return this.sent.filter((m) => m.type === type);
  }

  roster(counsellors: MailCounsellor[], { revocationList = null as string | null, hours = 48 } = {}): void {
    assert.equal(this.last().type, 'mailbox_roster');
    this.answer({ type: 'mailbox_roster', lane: this.last().lane, counsellors: counsellors.map((c) => c.entry),
      revocation_list: revocationList, reply_within_hours: hours });
  }
}

export const b64 = toBase64Url;
export const unb64 = fromBase64Url;
export type { ThreadKeys };
