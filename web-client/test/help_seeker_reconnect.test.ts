// The help-seeker state machine (src/help-seeker/app.ts) through its rig (help_seeker_rig.ts):
// resume in the same and a new epoch, transfer, requeue (the same conversation), the counsellor's
// presence, a chat moved to another window, the leave question and the quick exit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CHAT, makeCounsellor, queued, Rig } from './help_seeker_rig';

describe('help-seeker: reconnecting, epochs and transfer', () => {
  test('a drop: "reconnecting", then resume with the latest token and last_received; unaccepted frames go again with their seq', () => {
    const rig = new Rig();
    rig.chatting();
    rig.write('hej');
    rig.drop();
    assert.equal(rig.view.status, 'reconnecting');
    assert.equal(rig.view.waits, 'offline', 'the box says what is written waits');
    assert.equal(rig.app.sendMessage('written while away'), true);
    assert.equal(rig.view.mine()[0]!.state, 'waiting');
    rig.connect();
    assert.deepEqual(rig.connection.last(), { type: 'resume', token: 'token-0', last_received: 3 });
    rig.server({ type: 'resumed', chat: CHAT, epoch: 0, new_epoch: false, token: 'token-0b', bundle: rig.counsellor.bundle });
    assert.equal(rig.view.status, 'ready');
    rig.forgetSent(); // the first copy was lost with the connection
    const resent = rig.connection.ofType('msg');
    const seq = resent[resent.length - 1]!.seq;
    assert.equal(seq, 4, 'the same seq as the lost copy');
    rig.drop();
    rig.connect();
    assert.equal(rig.connection.last()!.token, 'token-0b', 'only the latest token is used');
  });

  test('a restart: a new epoch; what the counsellor did not confirm goes again once, nothing twice; the epoch message brings the bundle', () => {
    const rig = new Rig();
    rig.chatting();
    rig.app.sendMessage('arrived');
    rig.app.sendMessage('maybe lost');
    rig.relay(); // the counsellor decrypted both; the acknowledgement dies with the server
    rig.drop();
    rig.connect();
    rig.server({ type: 'resumed', chat: CHAT, epoch: 1, new_epoch: true, token: 'token-1', bundle: null });
    assert.deepEqual(rig.view.mine(), [{ text: 'arrived', state: 'waiting' }, { text: 'maybe lost', state: 'waiting' }]);
    assert.deepEqual(rig.view.notes, ['new_code']);
    assert.equal(rig.view.status, 'waitingForCounsellor');
    assert.equal(rig.view.code, '');
    rig.counsellorHas = 1; // the counsellor's page had shown only the first one

    rig.channel = rig.newChannel(1);
    rig.forgetSent();
    rig.server({ type: 'epoch', chat: CHAT, epoch: 1, token: 'token-1b', bundle: rig.counsellor.bundle });
    const hello = rig.connection.ofType('msg').at(-1)!;
    assert.equal(hello.seq, 1, 'numbering starts again');
    rig.relay();
    rig.relay();
    rig.relay();
    assert.equal(rig.view.canWrite, true);
    assert.equal(rig.view.code, rig.channel.verificationCode);
    assert.deepEqual(rig.view.mine(), [{ text: 'arrived', state: 'delivered' }, { text: 'maybe lost', state: 'waiting' }],
      'the counsellor\'s sync says what it has');
    rig.app.sendMessage('after the restart');
    rig.relay();
    assert.deepEqual(rig.heardTexts(), ['arrived', 'maybe lost', 'maybe lost', 'after the restart'],
      'only the missing one went again');
  });

  test('resumed with the new epoch\'s bundle starts at once, and a later epoch message for it is not a second handshake', () => {
    const rig = new Rig();
    rig.chatting();
    rig.drop();
    rig.connect();
    rig.channel = rig.newChannel(1);
    rig.forgetSent();
    rig.server({ type: 'resumed', chat: CHAT, epoch: 1, new_epoch: true, token: 'token-1', bundle: rig.counsellor.bundle });
    rig.server({ type: 'epoch', chat: CHAT, epoch: 1, token: 'token-1b', bundle: rig.counsellor.bundle });
    assert.equal(rig.connection.ofType('msg').filter((m) => m.seq === 1).length, 2, 'one hello in each epoch, no more');
    rig.relay();
    rig.relay();
    assert.equal(rig.view.canWrite, true);
  });

  test('a drop while waiting for the new epoch\'s bundle: the resume brings it and the handshake starts', () => {
    const rig = new Rig();
    rig.chatting();
    rig.drop();
    rig.connect();
    rig.server({ type: 'resumed', chat: CHAT, epoch: 1, new_epoch: true, token: 'token-1', bundle: null });
    rig.drop(); // the `epoch` message is lost with this connection
    rig.connect();
    assert.deepEqual(rig.connection.last(), { type: 'resume', token: 'token-1', last_received: 0 });
    rig.channel = rig.newChannel(1);
    rig.forgetSent();
    rig.server({ type: 'resumed', chat: CHAT, epoch: 1, new_epoch: false, token: 'token-1b', bundle: rig.counsellor.bundle });
    rig.relay();
    rig.relay();
    assert.equal(rig.view.canWrite, true);
  });

  test('transfer: asked for consent; on transferred a new handshake with the new counsellor', () => {
    const rig = new Rig();
    rig.chatting();
    rig.server({ type: 'transfer_request', chat: CHAT });
    assert.equal(rig.view.transferShown, true);
    rig.app.answerTransfer(true);
    assert.deepEqual(rig.connection.last(), { type: 'transfer_consent', accept: true });
    assert.equal(rig.view.transferShown, false);
    assert.equal(rig.view.status, 'handingOver');

    const oldCode = rig.view.code;
    rig.counsellor = makeCounsellor('kurator-2');
    rig.channel = rig.newChannel(1);
    rig.forgetSent();
    rig.server({ type: 'transferred', chat: CHAT, epoch: 1, token: 'token-t', bundle: rig.counsellor.bundle });
    assert.deepEqual(rig.view.notes, ['transferred']);
    assert.equal(rig.view.waits, 'securing');
    rig.relay();
    rig.relay();
    assert.equal(rig.view.waits, undefined);
    assert.notEqual(rig.view.code, oldCode);
    rig.drop();
    rig.connect();
    assert.equal(rig.connection.last()!.token, 'token-t');
  });

  test('declining a transfer says no; a failed transfer is explained and the chat goes on', () => {
    const rig = new Rig();
    rig.chatting();
    rig.server({ type: 'transfer_request', chat: CHAT });
    rig.app.answerTransfer(false);
    assert.deepEqual(rig.connection.last(), { type: 'transfer_consent', accept: false });
    rig.server({ type: 'transfer_failed', chat: CHAT });
    assert.deepEqual(rig.view.notes, ['transfer_failed']);
    assert.equal(rig.view.canWrite, true);
  });

  test('the counsellor gone: back to the waiting room, then the same conversation with the next counsellor', () => {
    const rig = new Rig();
    rig.chatting();
    rig.write('hej, jag heter Anna');
    rig.app.sendMessage('delivered before');
    const [seq] = rig.relay();
    rig.server({ type: 'delivered', seq: seq! });
    rig.server({ type: 'peer_away', chat: CHAT, waits_seconds: 60 });
    rig.app.sendMessage('written while they were away');
    rig.relay({ accept: true });
    rig.server({ type: 'undelivered', chat: CHAT, seqs: [seq! + 1] });
    rig.server({ type: 'requeued', reason: 'counsellor_gone' });
    rig.server(queued(1, null));
    assert.equal(rig.view.screen, 'waiting');
    assert.equal(rig.view.waitingNote, 'requeued');
    assert.deepEqual(rig.leaveGuard.at(-1), true, 'still asks before leaving: the conversation goes on');
    assert.ok(!rig.view.screens.includes('ended'));
    rig.timers.advance(5000);
    assert.equal(rig.view.screen, 'waiting');

    rig.counsellor = makeCounsellor('kurator-2');
    rig.heard = [];
    rig.counsellorHas = 0; // a new counsellor has none of it
    rig.forgetSent();
    rig.pair();
    assert.equal(rig.view.screen, 'chat');
    assert.deepEqual(rig.view.notes.at(-1), 'repaired', 'the person is told what happened');
    assert.deepEqual(rig.view.lines(), ['them: hej, jag heter Anna', 'me: delivered before (delivered)',
      'me: written while they were away (waiting)'], 'the same conversation, nothing shown twice');
    assert.equal(rig.view.peerAway, undefined);
    rig.relay();
    rig.relay();
    rig.relay();
    assert.deepEqual(rig.heardTexts(), ['delivered before', 'written while they were away'],
      'the new counsellor gets what the person wrote (their sync said they have none of it)');
  });

  test('requeued, then closed on the way back into the queue: a later start is a new conversation', () => {
    const rig = new Rig();
    rig.chatting();
    rig.app.sendMessage('from the first chat');
    rig.server({ type: 'requeued', reason: 'counsellor_gone' });
    rig.drop();
    rig.connect(); // the place was given up with the connection: join again
    rig.server({ type: 'closed', reason: 'no_counsellor', emergency_numbers: [], texts: {}, next_opening: null, next_opening_local: null });
    assert.equal(rig.view.screen, 'closed');
    assert.deepEqual(rig.leaveGuard.at(-1), false);
    rig.app.start({ lane: 'support', ageBand: '', topic: '' });
    rig.connect();
    rig.pair();
    assert.deepEqual(rig.view.messages, [], 'nothing of the first chat');
    assert.ok(!rig.view.notes.includes('repaired'));
  });

  test('the counsellor gone without a requeue: the chat has ended', () => {
    const rig = new Rig();
    rig.chatting();
    rig.server({ type: 'chat_ended', chat: CHAT, reason: 'counsellor_gone' });
    rig.timers.advance(2000);
    assert.equal(rig.view.ended, 'counsellor_gone');
  });

  test('resume_failed: the chat could not continue', () => {
    const rig = new Rig();
    rig.chatting();
    rig.drop();
    rig.connect();
    rig.server({ type: 'error', code: 'resume_failed', message: 'x' });
    assert.equal(rig.view.ended, 'resume_failed');
  });
});

describe('help-seeker: the counsellor\'s presence and a chat moved elsewhere (issue 20)', () => {
  test('peer_away: told at once how long we wait, the box stays open and says the messages wait; peer_back clears it', () => {
    const rig = new Rig();
    rig.chatting();
    rig.server({ type: 'peer_away', chat: CHAT, waits_seconds: 60 });
    assert.equal(rig.view.peerAway, 60);
    assert.equal(rig.view.canWrite, true);
    assert.equal(rig.view.waits, 'counsellor_away');
    assert.equal(rig.app.sendMessage('are you there?'), true);
    assert.deepEqual(rig.view.mine(), [{ text: 'are you there?', state: 'waiting' }]);
    rig.server({ type: 'peer_back', chat: CHAT });
    assert.equal(rig.view.peerAway, undefined);
    assert.equal(rig.view.waits, undefined);
    assert.deepEqual(rig.view.notes.at(-1), 'counsellor_back');
  });

  test('the counsellor back without keys: a new epoch with a new code; what they missed goes again, once', () => {
    const rig = new Rig();
    rig.chatting();
    rig.write('ett');
    rig.app.sendMessage('svar ett');
    rig.relay();
    rig.server({ type: 'peer_away', chat: CHAT, waits_seconds: 60 });
    rig.app.sendMessage('while you were away');
    rig.relay();
    const oldCode = rig.view.code;
    // The reloaded console asked for a new epoch; it has nothing of the conversation.
    rig.counsellorHas = 0;
    rig.counsellorWrote = 1;
    rig.heard = [];
    rig.channel = rig.newChannel(1);
    rig.forgetSent();
    rig.server({ type: 'epoch', chat: CHAT, epoch: 1, token: 'token-1', reason: 'counsellor_reconnected', bundle: rig.counsellor.bundle });
    assert.deepEqual(rig.view.notes.at(-1), 'counsellor_reconnected');
    assert.equal(rig.view.peerAway, undefined, 'the counsellor is back');
    assert.equal(rig.view.code, '', 'the old code is gone');
    rig.relay();
    rig.relay();
    rig.relay();
    assert.notEqual(rig.view.code, oldCode);
    assert.equal(rig.view.code, rig.channel.verificationCode, 'a new code on both sides');
    assert.deepEqual(rig.heardTexts(), ['svar ett', 'while you were away'], 'each once');
    rig.write('två');
    assert.deepEqual(rig.view.lines(), ['them: ett', 'me: svar ett (waiting)', 'me: while you were away (waiting)', 'them: två']);
  });

  test('moved_elsewhere: the chat continues in another window; this page ends and never resumes', () => {
    const rig = new Rig();
    rig.chatting();
    rig.server({ type: 'moved_elsewhere', chat: CHAT });
    assert.equal(rig.view.screen, 'ended');
    assert.equal(rig.view.ended, 'moved_elsewhere');
    assert.equal(rig.connection.stops, 1, 'the connection is let go');
    rig.connect();
    assert.deepEqual(rig.connection.ofType('resume'), [], 'no resume from this page');
  });

  test('the leave question and quick reconnects follow the conversation', () => {
    const rig = new Rig();
    rig.join();
    assert.ok(!rig.leaveGuard.includes(true), 'not while choosing or waiting the first time');
    rig.pair();
    assert.deepEqual(rig.leaveGuard.at(-1), true);
    assert.deepEqual(rig.connection.urgent.at(-1), true);
    rig.app.endChat();
    assert.deepEqual(rig.leaveGuard.at(-1), false);
    assert.deepEqual(rig.connection.urgent.at(-1), false);
  });
});

describe('help-seeker: quick exit', () => {
  test('in a chat: the end goes to the server, the connection stops, nothing more happens', () => {
    const rig = new Rig();
    rig.chatting();
    rig.app.quickExit();
    assert.deepEqual(rig.connection.last(), { type: 'end' });
    rig.relay();
    assert.deepEqual(rig.heard.at(-1), { type: 'end' });
    assert.equal(rig.connection.stops, 1);
    assert.deepEqual(rig.leaveGuard.at(-1), false);
    const screens = rig.view.screens.length;
    rig.write('too late');
    assert.equal(rig.view.screens.length, screens);
    assert.deepEqual(rig.view.theirs(), []);
  });

  test('in the queue: leave', () => {
    const rig = new Rig();
    rig.join();
    rig.server(queued(1, null));
    rig.app.quickExit();
    assert.deepEqual(rig.connection.last(), { type: 'leave' });
    assert.equal(rig.connection.stops, 1);
  });

  test('before joining: nothing is sent', () => {
    const rig = new Rig();
    rig.app.chooseLanguage('sv');
    rig.app.quickExit();
    assert.deepEqual(rig.connection.sent, []);
  });
});
