// The counsellor's desk (src/counsellor/desk.ts) with fake views, a fake socket and real crypto:
// key set-up at first login, duty with a signed shift key (every time), a chat's handshake,
// reconnecting (the same shift key, resent frames, chats that did not come back), a page that
// comes back without a chat's keys (new_epoch), a chat moved to another window, the help-seeker's
// presence, a new epoch, transfer, end and tags.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parseBundle } from '../src/chat/bundle_json';
import type { ChatContent } from '../src/chat/content';
import type { ConversationMessage, MessageState } from '../src/chat/conversation';
import { HelpSeekerChannel } from '../src/chat/secure_channel';
import { encodeCertificate, makeCertificate } from '../src/crypto/certificate';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { wrapIdentityKey } from '../src/crypto/identity_wrap';
import { cryptoReady, generateSigningKeyPair, type SigningKeyPair } from '../src/crypto/keys';
import { verifyShiftKey } from '../src/crypto/shift_key';
import type { AssignedChat } from '../src/net/server_messages';
import type { SecureFailure } from '../src/counsellor/counsellor_chat';
import { Desk, REASSIGN_WAIT_MS } from '../src/counsellor/desk';
import { HANDSHAKE_SLOW_MS } from '../src/counsellor/desk_chats';
import type { ChatActions, ChatView, DeskNotice, DutyState, KeyProblem, TransferState } from '../src/counsellor/views';
import type { KeyState } from '../src/counsellor/key_setup';
import type { StaffAccount } from '../src/staff/staff_session';

const NOW_MS = 1_800_000_000_000;
const CHAT = 'BwcHBwcHBwcHBwcHBwcHBw';
const SID = new Uint8Array(16).fill(7);
let root: SigningKeyPair;

before(async () => {
  await cryptoReady();
  root = generateSigningKeyPair();
});

class FakeChatView implements ChatView {
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

function account(extra: Partial<StaffAccount> = {}): StaffAccount {
  return { pseudonym: 'anna', role: 'counsellor', languages: ['sv'], lanes: ['support'], expiresAt: NOW_MS / 1000 + 43_200,
    mustChangePassword: false, identityPublicKey: null, wrappedIdentityKey: null, certificate: null, ...extra };
}

function harness() {
  const sent: Record<string, any>[] = [];
  const link = { online: true };
  const keys: { state: KeyState; problem: KeyProblem | undefined }[] = [];
  const duties: DutyState[] = [];
  const notices: (DeskNotice | '')[] = [];
  const views = new Map<string, FakeChatView>();
  const timers: { callback: () => void; ms: number; cancelled: boolean }[] = [];
  const chatsOpen: boolean[] = [];
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
  return { desk, sent, link, keys, duties, notices, views, timers, last, chatsOpen };
}

/** First login, the key certified by the test root, on duty: returns the harness and the key material. */
function onDuty() {
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
function seekerFor(h: ReturnType<typeof onDuty>, epoch: number, dutyMessage = h.duty) {
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

const assigned = (epoch = 0, returning = false) => ({ type: 'assigned', chat: CHAT, epoch, lane: 'support', language: 'ar',
  language_differs: true, age_band: '13-17', topic: null, waited_seconds: 75, returning });

describe('key set-up on the desk', () => {
  test('first login: the key is made, uploaded wrapped, wrap wiped, and certification shown', () => {
    const h = harness();
    const wrap = new Uint8Array(32).fill(4);
    h.desk.start(account(), wrap, false);
    const upload = h.last('identity_key');
    assert.ok(upload && typeof upload.public === 'string' && typeof upload.wrapped === 'string');
    assert.ok(wrap.every((byte) => byte === 0), 'wrap is wiped once the key is wrapped');
    assert.deepEqual(h.keys.at(-1), { state: 'awaiting_certification', problem: 'saving' });
    h.desk.handle({ type: 'identity_key_saved', state: 'awaiting_certification', certificate: null });
    assert.deepEqual(h.keys.at(-1), { state: 'awaiting_certification', problem: undefined });
  });

  test('a later login unwraps the key; a wrong wrap leaves the desk without one and duty impossible', () => {
    const identity = generateSigningKeyPair();
    const blob = wrapIdentityKey(new Uint8Array(32).fill(4), identity);
    assert.ok(blob.ok);
    const stored = { identityPublicKey: toBase64Url(identity.publicKey), wrappedIdentityKey: toBase64Url(blob.value) };
    const good = harness();
    good.desk.start(account(stored), new Uint8Array(32).fill(4), false);
    assert.deepEqual(good.keys.at(-1), { state: 'awaiting_certification', problem: undefined });
    assert.equal(good.duties.at(-1)?.possible, true);

    const bad = harness();
    bad.desk.start(account(stored), new Uint8Array(32).fill(5), false);
    assert.deepEqual(bad.keys.at(-1), { state: 'none', problem: 'unwrap_failed' });
    assert.equal(bad.duties.at(-1)?.possible, false);
    bad.desk.toggleDuty();
    assert.deepEqual(bad.sent, [], 'no duty without a key');
  });
});

describe('duty', () => {
  test('going on duty sends a fresh shift key signed by the identity key, valid 12 hours', () => {
    const h = onDuty();
    assert.deepEqual(h.keys.at(-1), { state: 'certified', problem: undefined });
    assert.equal(h.duty.on, true);
    assert.equal(h.duty.capacity, 1);
    const { public: pub, signature, not_after: notAfter } = h.duty.shift_key;
    assert.equal(notAfter, NOW_MS / 1000 + 12 * 3600);
    assert.deepEqual(verifyShiftKey(h.identityPublic, fromBase64Url(pub), notAfter, fromBase64Url(signature), NOW_MS / 1000),
      { ok: true, value: undefined });
    assert.deepEqual(h.duties.at(-1), { on: true, capacity: 1, pending: false, possible: true });
  });

  test('a capacity change carries the same shift key (a restarted server has forgotten it); a refused one goes back', () => {
    const h = onDuty();
    h.desk.setCapacity(4);
    assert.deepEqual(h.last('duty'), { type: 'duty', on: true, capacity: 4, shift_key: h.duty.shift_key },
      'the shift key with every duty on, and not a new one');
    h.desk.handle({ type: 'error', code: 'bad_capacity' });
    assert.equal(h.duties.at(-1)?.capacity, 1);
    assert.equal(h.notices.at(-1), 'duty.badCapacity');
  });

  test('not_certified turns duty off again and says why', () => {
    const h = harness();
    const identity = generateSigningKeyPair();
    const blob = wrapIdentityKey(new Uint8Array(32).fill(4), identity);
    assert.ok(blob.ok);
    h.desk.start(account({ identityPublicKey: toBase64Url(identity.publicKey), wrappedIdentityKey: toBase64Url(blob.value) }),
      new Uint8Array(32).fill(4), false);
    h.desk.toggleDuty();
    h.desk.handle({ type: 'error', code: 'not_certified' });
    assert.equal(h.duties.at(-1)?.on, false);
    assert.equal(h.notices.at(-1), 'duty.notCertified');
  });
});

describe('chats on the desk', () => {
  test('an assigned chat gets a panel and secures itself; messages go both ways', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT);
    assert.ok(view);
    assert.equal(view.info.waitedSeconds, 75);
    assert.equal(view.info.languageDiffers, true);
    const seeker = seekerFor(h, 0);
    seeker.connect();
    assert.match(view.code, /^\d{6}$/);
    assert.equal(view.code, seeker.channel.verificationCode);
    seeker.say(1, 0, 'hej');
    assert.deepEqual(view.theirs, ['hej']);
    assert.ok(view.actions.sendText('hej hej'));
    assert.deepEqual(seeker.fromDesk().got, ['1:hej hej']);
    assert.deepEqual(seeker.syncs, [0], 'the desk synced first');
    const frame = h.last('msg')!;
    h.desk.handle({ type: 'accepted', chat: CHAT, seq: frame.seq });
    assert.equal(view.stateOf('hej hej'), 'waiting');
    h.desk.handle({ type: 'delivered', chat: CHAT, seq: frame.seq });
    assert.equal(view.stateOf('hej hej'), 'delivered');
    assert.deepEqual(view.lines, ['them: hej', 'me: hej hej (delivered)']);
  });

  test('after a reconnect: duty again with the same shift key, unaccepted frames sent again, duplicates acked', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT)!;
    const seeker = seekerFor(h, 0);
    seeker.connect();
    seeker.fromDesk();
    h.link.online = false;
    h.desk.connectionLost();
    assert.ok(view.actions.sendText('written while offline'));
    assert.equal(view.stateOf('written while offline'), 'waiting');
    h.link.online = true;
    const before = h.sent.length;
    h.desk.start(account({ identityPublicKey: h.upload.public, certificate: h.certificate }), undefined, true);
    const duty = h.sent.slice(before).find((message) => message.type === 'duty');
    assert.deepEqual(duty, { type: 'duty', on: true, capacity: 1, shift_key: h.duty.shift_key }, 'the same shift key');
    h.desk.handle({ type: 'duty', on: true, capacity: 1 });
    h.desk.handle(assigned(0, true));
    assert.equal(h.last('new_epoch'), undefined, 'a page that kept the keys asks for no new epoch');
    assert.deepEqual(seeker.fromDesk().got, ['1:written while offline'], 'sent again once the chat is back');
    // The server re-sends what we had not acknowledged: acknowledged again, not shown twice.
    const payload = seeker.seal({ type: 'message', n: 1, seen: 0, text: 'once' });
    seeker.toDesk(payload);
    h.desk.handle({ type: 'msg', chat: CHAT, seq: 4, payload });
    assert.deepEqual(view.theirs, ['once']);
    assert.deepEqual(h.sent.at(-1), { type: 'ack', chat: CHAT, seq: 4 });
    for (const timer of h.timers) if (!timer.cancelled) timer.callback();
    assert.ok(!view.log.includes('lost'), 'a re-assigned chat is not lost');
  });

  test('a chat that does not come back after a reconnect is shown as lost and can be closed', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT)!;
    h.desk.connectionLost();
    h.desk.start(account({ identityPublicKey: h.upload.public, certificate: h.certificate }), undefined, true);
    h.desk.handle({ type: 'duty', on: true, capacity: 1 });
    const timer = h.timers.at(-1)!;
    assert.equal(timer.ms, REASSIGN_WAIT_MS);
    timer.callback();
    assert.ok(view.log.includes('lost'));
    view.actions.close();
    assert.ok(view.removed);
  });

  test('a chat whose handshake never comes (open in a page since reloaded) says so after a while', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT)!;
    const timer = h.timers.find((t) => t.ms === HANDSHAKE_SLOW_MS);
    assert.ok(timer);
    timer.callback();
    assert.ok(view.log.includes('slow'));
    const secured = onDuty();
    secured.desk.handle(assigned());
    seekerFor(secured, 0).connect();
    secured.timers.find((t) => t.ms === HANDSHAKE_SLOW_MS)!.callback();
    assert.ok(!secured.views.get(CHAT)!.log.includes('slow'), 'not once the keys are agreed');
  });

  test('a higher epoch starts a new handshake with the current shift key', () => {
    const h = onDuty();
    h.desk.handle(assigned(0));
    const view = h.views.get(CHAT)!;
    seekerFor(h, 0).connect();
    const first = view.code;
    h.desk.handle(assigned(1));
    assert.ok(view.log.includes('epoch:1'));
    const seeker = seekerFor(h, 1);
    seeker.connect();
    assert.equal(view.code, seeker.channel.verificationCode);
    assert.notEqual(view.code, first);
  });

  test('end seals the end first, then chat_ended opens the tags, and tags_saved closes the panel', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT)!;
    const seeker = seekerFor(h, 0);
    seeker.connect();
    view.actions.end();
    assert.deepEqual(h.sent.at(-1), { type: 'end', chat: CHAT });
    assert.equal(h.sent.at(-2)?.type, 'msg', 'the sealed end goes before the end');
    h.desk.handle({ type: 'chat_ended', chat: CHAT, reason: 'ended_by_counsellor' });
    assert.ok(view.log.includes('ended:ended_by_counsellor'));
    view.actions.submitTags({ outcome: 'referred', ageBand: '18-25', topic: null });
    assert.deepEqual(h.sent.at(-1), { type: 'tags', chat: CHAT, outcome: 'referred', age_band: '18-25' });
    h.desk.handle({ type: 'tags_saved' });
    assert.ok(view.removed);
  });

  test('block sends block; transfer shows each answer, and a transferred chat leaves', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT)!;
    view.actions.transfer('  bertil ');
    assert.deepEqual(h.sent.at(-1), { type: 'transfer', chat: CHAT, to: 'bertil' });
    h.desk.handle({ type: 'error', code: 'transfer_unavailable', chat: CHAT });
    h.desk.handle({ type: 'transfer_pending', chat: CHAT });
    h.desk.handle({ type: 'transfer_declined', chat: CHAT });
    h.desk.handle({ type: 'transfer_failed', chat: CHAT });
    h.desk.handle({ type: 'transferred', chat: CHAT });
    assert.deepEqual(view.log.filter((line) => line.startsWith('transfer')),
      ['transfer:asking', 'transfer:unavailable', 'transfer:pending', 'transfer:declined', 'transfer:failed', 'transferred']);
    view.actions.block();
    assert.notEqual(h.sent.at(-1)?.type, 'block', 'a transferred chat is no longer ours to block');
    view.actions.close();
    assert.ok(view.removed);
  });

  test('stop removes every panel', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    h.desk.stop();
    assert.ok(h.views.get(CHAT)!.removed);
    assert.deepEqual(h.duties.at(-1), { on: false, capacity: 1, pending: false, possible: false });
  });
});

describe('a console that comes back without the keys, or is replaced (issue 20)', () => {
  test('reloaded: a returning chat asks for a new epoch, the counsellor writes at once, and nothing is shown twice', () => {
    // A fresh page (a reload): the chat arrives as returning, and this page holds no channel for it.
    const h = onDuty();
    h.desk.handle(assigned(2, true));
    const view = h.views.get(CHAT)!;
    assert.deepEqual(h.last('new_epoch'), { type: 'new_epoch', chat: CHAT });
    assert.ok(view.log.includes('reconnecting'), 'the panel says it reconnects with a new code');
    assert.ok(!view.log.some((line) => line.startsWith('failed')), 'not a broken chat');
    // A frame of the old epoch, sealed for keys this page never had: left alone, not a failure.
    h.desk.handle({ type: 'msg', chat: CHAT, seq: 9, payload: 'BAAAAAAA' });
    assert.ok(!view.log.some((line) => line.startsWith('failed')));
    assert.equal(h.sent.filter((m) => m.type === 'ack').length, 0, 'an old-epoch frame is not acknowledged');
    // The counsellor writes before the new handshake: shown at once, waiting.
    assert.ok(view.actions.sendText('jag är tillbaka'));
    assert.equal(view.stateOf('jag är tillbaka'), 'waiting');

    h.desk.handle({ type: 'epoch', chat: CHAT, epoch: 3 });
    assert.ok(view.log.includes('epoch:3'));
    const seeker = seekerFor(h, 3);
    seeker.handshake();
    assert.equal(view.code, seeker.channel.verificationCode, 'a new code on both sides');
    assert.deepEqual(seeker.fromDesk().got, [], 'held until the help-seeker says what it has');
    assert.deepEqual(seeker.syncs, [0], 'a reloaded page has none of their messages');
    // The help-seeker had 2 of the counsellor's messages and resends its own 3 (it cannot know what the old page showed).
    seeker.toDesk(seeker.seal({ type: 'sync', received: 2 }));
    seeker.say(1, 0, 'ett');
    seeker.say(2, 1, 'två');
    seeker.say(3, 2, 'tre');
    seeker.say(2, 1, 'två'); // a duplicate by number is dropped
    assert.deepEqual(seeker.fromDesk().got, ['3:jag är tillbaka'], 'our numbering continues after what they have');
    assert.deepEqual(view.lines, ['them: ett', 'them: två', 'them: tre', 'me: jag är tillbaka (waiting)']);
  });

  test('a returning chat whose new epoch did not start before a drop asks again', () => {
    const h = onDuty();
    h.desk.handle(assigned(0, true));
    h.desk.connectionLost();
    h.desk.start(account({ identityPublicKey: h.upload.public, certificate: h.certificate }), undefined, true);
    h.desk.handle({ type: 'duty', on: true, capacity: 1 });
    const before = h.sent.filter((m) => m.type === 'new_epoch').length;
    h.desk.handle(assigned(0, true));
    assert.equal(h.sent.filter((m) => m.type === 'new_epoch').length, before + 1);
  });

  test('no_such_chat for the new epoch: the chat is over, shown as lost', () => {
    const h = onDuty();
    h.desk.handle(assigned(0, true));
    h.desk.handle({ type: 'error', code: 'no_such_chat', chat: CHAT });
    assert.ok(h.views.get(CHAT)!.log.includes('lost'));
    assert.equal(h.desk.hasOpenChats, false);
  });

  test('moved_elsewhere: the panel says so and sends nothing more for that chat', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT)!;
    seekerFor(h, 0).connect();
    h.desk.handle({ type: 'moved_elsewhere', chat: CHAT });
    assert.ok(view.log.includes('moved'));
    const before = h.sent.length;
    assert.equal(view.actions.sendText('from the old tab'), false);
    view.actions.end();
    view.actions.block();
    assert.equal(h.sent.length, before, 'nothing is sent from the replaced panel');
    assert.equal(h.desk.hasOpenChats, false, 'the page no longer asks before it is left for this chat');
  });

  test('the help-seeker\'s presence reaches the panel', () => {
    const h = onDuty();
    h.desk.handle(assigned());
    const view = h.views.get(CHAT)!;
    h.desk.handle({ type: 'peer_away', chat: CHAT, waits_seconds: 120 });
    h.desk.handle({ type: 'peer_back', chat: CHAT });
    assert.deepEqual(view.log.filter((line) => line.startsWith('peer')), ['peerAway:120', 'peerBack']);
  });

  test('the page is told while chats are open (to ask before leaving and reconnect soon), and when none are', () => {
    const h = onDuty();
    assert.deepEqual(h.chatsOpen, []);
    h.desk.handle(assigned());
    assert.deepEqual(h.chatsOpen, [true]);
    h.desk.handle({ type: 'chat_ended', chat: CHAT, reason: 'ended_by_help_seeker' });
    assert.deepEqual(h.chatsOpen, [true, false]);
  });
});
