// The counsellor's desk through its rig (console_desk_rig.ts): a page that comes back without a
// chat's keys (new_epoch), and a chat moved to another window (issue 20).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { account, assigned, CHAT, onDuty, seekerFor } from './console_desk_rig';

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
