// The rig of the counsellor desk's tests (console_desk.test.ts, console_desk_return.test.ts): the
// desk (src/counsellor/desk.ts, desk_chats.ts) with fake views, a fake socket and real crypto, an
// account certified by a test root, and a help-seeker channel for the other side.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { parseBundle } from '../src/chat/bundle_json';
import type { ChatContent } from '../src/chat/content';
import type { ConversationMessage, MessageState } from '../src/chat/conversation';
import { HelpSeekerChannel } from '../src/chat/secure_channel';
import { encodeCertificate, makeCertificate } from '../src/crypto/certificate';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { cryptoReady, generateSigningKeyPair, type SigningKeyPair } from '../src/crypto/keys';
import type { AssignedChat } from '../src/net/server_messages';
import type { SecureFailure } from '../src/counsellor/counsellor_chat';
import { Desk } from '../src/counsellor/desk';
import type { ChatActions, ChatView, DeskNotice, DutyState, KeyProblem, TransferState } from '../src/counsellor/views';
import type { KeyState } from '../src/counsellor/key_setup';
import type { MailboxRow } from '../src/counsellor/mailbox/mailbox_list';
import type { MailboxKeyState, MailboxNotice, ThreadDisplay } from '../src/counsellor/mailbox/mailbox_views';
import type { StaffAccount } from '../src/staff/staff_session';

export const NOW_MS = 1_800_000_000_000;
export const CHAT = 'BwcHBwcHBwcHBwcHBwcHBw';
export const SID = new Uint8Array(16).fill(7);
export let root: SigningKeyPair;

before(async () => {
  await cryptoReady();
  root = generateSigningKeyPair();
});

export class FakeChatView implements ChatView {
  log: string[] = [];
  code = '';
  shown: readonly ConversationMessage[] = [];
  removed = false;
  constructor(readonly info: AssignedChat, readonly actions: ChatActions) {}
  get theirs(): string[] { return this.shown.filter((m) => m.from === 'theirs').map((m) => m.text); }
  /** Every line as the panel shows it, in order: "me: text (state)" or "them: text". */
  get lines(): string[] { return this.shown.map((m) => (m.from === 'mine' ? `me: ${m.text} (${m.state})` : `them: ${m.text}`)); }
  stateOf(text: string): MessageState | undefined { return this.shown.find((m) => m.from === 'mine' && m.text === text)?.state; }
  secured(code: string) { this.code = code; this.log.push('secured'); }
  messagesChanged(messages: readonly ConversationMessage[]) { this.shown = messages; }
  theirTyping() { this.log.push('typing'); }
  secureFailed(failure: SecureFailure) { this.log.push(`failed:${failure}`); }
  theyEnded() { this.log.push('theyEnded'); }
  newEpoch(epoch: number) { this.log.push(`epoch:${epoch}`); }
  ended(reason: string) { this.log.push(`ended:${reason}`); }
  transferState(state: TransferState) { this.log.push(`transfer:${state}`); }
  transferred() { this.log.push('transferred'); }
  lost() { this.log.push('lost'); }
  revived() { this.log.push('revived'); }
  reconnecting() { this.log.push('reconnecting'); }
  movedElsewhere() { this.log.push('moved'); }
  peerAway(waitsSeconds: number) { this.log.push(`peerAway:${waitsSeconds}`); }
  peerBack() { this.log.push('peerBack'); }
  handshakeSlow() { this.log.push('slow'); }
  tagsSaving() { this.log.push('tagsSaving'); }
  tagsUnavailable() { this.log.push('tagsUnavailable'); }
  setConnected(connected: boolean) { this.log.push(`connected:${connected}`); }
  remove() { this.removed = true; }
}

export function account(extra: Partial<StaffAccount> = {}): StaffAccount {
  return { pseudonym: 'anna', role: 'counsellor', languages: ['sv'], lanes: ['support'], expiresAt: NOW_MS / 1000 + 43_200,
    mustChangePassword: false, identityPublicKey: null, wrappedIdentityKey: null, certificate: null, ...extra };
}

export function harness() {
  const sent: Record<string, any>[] = [];
  const link = { online: true };
  const keys: { state: KeyState; problem: KeyProblem | undefined }[] = [];
  const duties: DutyState[] = [];
  const notices: (DeskNotice | '')[] = [];
  const views = new Map<string, FakeChatView>();
  const timers: { callback: () => void; ms: number; cancelled: boolean }[] = [];
  const chatsOpen: boolean[] = [];
  // What the mailbox showed last (and every key state and notice, in order).
  const mailbox = {
    keys: [] as { state: MailboxKeyState; unopened: number }[],
    rows: [] as readonly MailboxRow[],
    thread: undefined as ThreadDisplay | undefined,
    notices: [] as (MailboxNotice | '')[],
  };
  const desk = new Desk({
    send: (message) => {
      if (!link.online) return false;
      sent.push(message as Record<string, any>);
      return true;
    },
    view: {
      showKey: (state, problem) => void keys.push({ state, problem }),
      showDuty: (duty) => void duties.push(duty),
      notice: (key) => void notices.push(key),
      setConnected: () => undefined,
    },
    mailboxView: {
      showKeys: (state, unopened) => void mailbox.keys.push({ state, unopened }),
      showThreads: (rows) => { mailbox.rows = rows; },
      showThread: (thread) => { mailbox.thread = thread; },
      notice: (key) => void mailbox.notices.push(key),
    },
    createChatView: (info, actions) => {
      const view = new FakeChatView(info, actions);
      views.set(info.chat, view);
      return view;
    },
    rootKey: () => root.publicKey,
    wipe: (bytes) => bytes.fill(0),
    now: () => NOW_MS,
    schedule: (callback, ms) => {
      const timer = { callback, ms, cancelled: false };
      timers.push(timer);
      return () => { timer.cancelled = true; };
    },
    chatsOpenChanged: (open) => void chatsOpen.push(open),
  });
  const last = (type: string) => [...sent].reverse().find((message) => message.type === type);
  return { desk, sent, link, keys, duties, notices, views, timers, last, chatsOpen, mailbox };
}

/** First login, the key certified by the test root, on duty: returns the harness and the key material. */
export function onDuty() {
  const h = harness();
  const wrap = new Uint8Array(32).fill(4);
  h.desk.start(account(), wrap, false);
  const upload = h.last('identity_key')!;
  const identityPublic = fromBase64Url(upload.public);
  const cert = makeCertificate(root, identityPublic, 'anna', NOW_MS / 1000 + 86_400);
  assert.ok(cert.ok);
  const certificate = toBase64Url(encodeCertificate(cert.value));
  h.desk.handle({ type: 'identity_key_saved', state: 'certified', certificate });
  h.desk.toggleDuty();
  const duty = h.last('duty')!;
  h.desk.handle({ type: 'duty', on: true, capacity: 1 });
  return { ...h, wrap, upload, identityPublic, certificate, duty };
}

/** The help-seeker's side of one epoch, through the desk. */
export function seekerFor(h: ReturnType<typeof onDuty>, epoch: number, dutyMessage = h.duty) {
  const bundle = parseBundle({
    identity_key: h.upload.public, pseudonym: 'anna', certificate: h.certificate,
    shift_key: dutyMessage.shift_key.public, shift_not_after: dutyMessage.shift_key.not_after,
    shift_signature: dutyMessage.shift_key.signature, revocation_list: null,
  });
  assert.ok(bundle);
  const started = HelpSeekerChannel.start(root.publicKey, bundle, SID, epoch, NOW_MS / 1000);
  assert.ok(started.ok, 'the help-seeker accepts the bundle the desk made');
  const channel = started.value.channel;
  let seq = 0;
  let taken = 0;
  // Only frames of this epoch: numbering starts again at 1 in each.
  const firstFrame = h.sent.length;
  const toDesk = (payload: string) => h.desk.handle({ type: 'msg', chat: CHAT, seq: ++seq, payload });
  const syncs: number[] = [];
  const fromDesk = () => {
    const replies: string[] = [];
    const got: string[] = [];
    for (const frame of h.sent.slice(firstFrame).filter((m) => m.type === 'msg' && m.chat === CHAT)) {
      if (frame.seq <= taken) continue;
      taken = frame.seq;
      const step = channel.receive(frame.payload);
      assert.ok(step.ok);
      replies.push(...step.value.replies);
      const content = step.value.content;
      if (content?.type === 'message') got.push(`${content.n}:${content.text}`);
      if (content?.type === 'sync') syncs.push(content.received);
    }
    return { replies, got };
  };
  const seal = (content: ChatContent) => {
    const sealed = channel.seal(content);
    assert.ok(sealed.ok);
    return sealed.value;
  };
  const say = (n: number, seen: number, text: string) => toDesk(seal({ type: 'message', n, seen, text }));
  /** The hello, the desk's reply, the header: both channels ready (the desk's sync is on its way). */
  const handshake = () => {
    toDesk(started.value.hello);
    const [header] = fromDesk().replies;
    assert.ok(header);
    toDesk(header);
  };
  /** The handshake and the help-seeker's sync (`received`: the highest counsellor message it has). */
  const connect = (received = 0) => {
    handshake();
    toDesk(seal({ type: 'sync', received }));
  };
  return { channel, toDesk, fromDesk, handshake, connect, say, seal, syncs };
}

export const assigned = (epoch = 0, returning = false) => ({ type: 'assigned', chat: CHAT, epoch, lane: 'support', language: 'ar',
  language_differs: true, age_band: '13-17', topic: null, waited_seconds: 75, returning });
