// The conversation state both pages keep (src/chat/conversation.ts), without crypto or relay:
// numbering, holding back until the peer's sync, what a sync sends again, duplicates, the one
// order both sides agree on, and the end. Messages move between two Conversations by hand here;
// test/chat_sessions.test.ts runs the same through the real sessions, channels and a relay.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MessageContent } from '../src/chat/content';
import { Conversation } from '../src/chat/conversation';

/** A new epoch on both sides, and each side's sync delivered to the other. */
function newEpoch(a: Conversation, b: Conversation): void {
  a.enterEpoch();
  b.enterEpoch();
  const syncOfA = a.sync();
  const syncOfB = b.sync();
  b.receive(syncOfA);
  a.receive(syncOfB);
}

/** What `from` sends now (its outgoing), handed to `to`; returns what went. */
function carry(from: Conversation, to: Conversation): MessageContent[] {
  const sent = from.outgoing();
  for (const message of sent) to.receive(message);
  return sent;
}

/** The list as "H:text" / "C:text", the same on both sides when they agree. */
function seenAs(conversation: Conversation): string[] {
  const author = (from: 'mine' | 'theirs') =>
    (from === 'mine') === (conversation.side === 'help_seeker') ? 'H' : 'C';
  return conversation.messages().map((message) => `${author(message.from)}:${message.text}`);
}

const pair = () => {
  const helpSeeker = new Conversation('help_seeker');
  const counsellor = new Conversation('counsellor');
  newEpoch(helpSeeker, counsellor);
  return { helpSeeker, counsellor };
};

describe('conversation: numbering and holding back', () => {
  test('messages are numbered 1, 2, 3 with how many peer messages the writer had', () => {
    const { helpSeeker, counsellor } = pair();
    helpSeeker.write('hej');
    helpSeeker.write('är du där?');
    assert.deepEqual(carry(helpSeeker, counsellor), [
      { type: 'message', n: 1, seen: 0, text: 'hej' },
      { type: 'message', n: 2, seen: 0, text: 'är du där?' },
    ]);
    counsellor.write('ja, jag är här');
    assert.deepEqual(carry(counsellor, helpSeeker), [{ type: 'message', n: 1, seen: 2, text: 'ja, jag är här' }]);
    helpSeeker.write('tack');
    assert.deepEqual(carry(helpSeeker, counsellor), [{ type: 'message', n: 3, seen: 1, text: 'tack' }]);
    assert.deepEqual(helpSeeker.sync(), { type: 'sync', received: 1 });
    assert.deepEqual(counsellor.sync(), { type: 'sync', received: 3 });
  });

  test('nothing goes out before the peer\'s sync of this epoch; then everything held goes, in order, once', () => {
    const helpSeeker = new Conversation('help_seeker');
    const first = helpSeeker.write('skrivet medan kanalen sattes upp');
    helpSeeker.write('och en till');
    assert.deepEqual(helpSeeker.outgoing(), []);
    assert.equal(helpSeeker.messages().find((m) => m.id === first)?.state, 'waiting');
    helpSeeker.receive({ type: 'sync', received: 0 });
    assert.deepEqual(helpSeeker.outgoing().map((m) => [m.n, m.text]), [[1, 'skrivet medan kanalen sattes upp'], [2, 'och en till']]);
    assert.deepEqual(helpSeeker.outgoing(), [], 'sent once in this epoch');
    helpSeeker.write('efter synken');
    assert.deepEqual(helpSeeker.outgoing().map((m) => m.n), [3], 'after the sync a message goes out at once');
    helpSeeker.enterEpoch();
    helpSeeker.write('i nästa epok, före synken');
    assert.deepEqual(helpSeeker.outgoing(), [], 'a new epoch holds back again');
  });

  test('the peer\'s sync marks what it has delivered and sends again exactly the rest, same n, seen and text', () => {
    const { helpSeeker, counsellor } = pair();
    counsellor.write('c1');
    carry(counsellor, helpSeeker);
    const ids = ['a', 'b', 'c', 'd'].map((text) => helpSeeker.write(text));
    // Sent in this epoch, but the epoch dies: the counsellor had opened only a and b.
    const sent = helpSeeker.outgoing();
    for (const message of sent.slice(0, 2)) counsellor.receive(message);
    helpSeeker.enterEpoch();
    counsellor.enterEpoch();
    assert.deepEqual(counsellor.sync(), { type: 'sync', received: 2 });
    helpSeeker.receive(counsellor.sync());
    const states = helpSeeker.messages().filter((m) => m.from === 'mine').map((m) => m.state);
    assert.deepEqual(states, ['delivered', 'delivered', 'waiting', 'waiting']);
    assert.deepEqual(helpSeeker.outgoing(), sent.slice(2), 'c and d again, exactly as before');
    assert.ok(ids.every((id) => id !== undefined));
  });

  test('a reloaded console starts empty and continues its numbering after the help-seeker\'s R', () => {
    const { helpSeeker, counsellor } = pair();
    helpSeeker.write('h1');
    carry(helpSeeker, counsellor);
    for (const text of ['c1', 'c2', 'c3']) counsellor.write(text);
    carry(counsellor, helpSeeker);
    const reloaded = new Conversation('counsellor');
    newEpoch(helpSeeker, reloaded);
    assert.deepEqual(carry(helpSeeker, reloaded), [{ type: 'message', n: 1, seen: 0, text: 'h1' }], 'it gets h1 again');
    reloaded.write('back after a reload');
    assert.deepEqual(carry(reloaded, helpSeeker), [{ type: 'message', n: 4, seen: 1, text: 'back after a reload' }]);
    assert.deepEqual(seenAs(helpSeeker), ['H:h1', 'C:c1', 'C:c2', 'C:c3', 'C:back after a reload']);
    assert.deepEqual(seenAs(reloaded), ['H:h1', 'C:back after a reload']);
  });

  test('a message written on a reloaded console before the sync gets its number from the sync', () => {
    const reloaded = new Conversation('counsellor');
    reloaded.write('written at once');
    reloaded.receive({ type: 'sync', received: 7 });
    assert.deepEqual(reloaded.outgoing(), [{ type: 'message', n: 8, seen: 0, text: 'written at once' }]);
  });
});

describe('conversation: what is taken from the peer', () => {
  test('a message number not above the highest taken is a duplicate and is dropped', () => {
    const counsellor = new Conversation('counsellor');
    assert.equal(counsellor.receive({ type: 'message', n: 1, seen: 0, text: 'one' }), true);
    assert.equal(counsellor.receive({ type: 'message', n: 2, seen: 0, text: 'two' }), true);
    const revision = counsellor.revision;
    assert.equal(counsellor.receive({ type: 'message', n: 1, seen: 0, text: 'one' }), false);
    assert.equal(counsellor.receive({ type: 'message', n: 2, seen: 0, text: 'changed text, same n' }), false);
    assert.equal(counsellor.revision, revision, 'nothing to draw again');
    assert.deepEqual(seenAs(counsellor), ['H:one', 'H:two']);
  });

  test('only the first sync of an epoch counts', () => {
    const helpSeeker = new Conversation('help_seeker');
    helpSeeker.write('a');
    helpSeeker.receive({ type: 'sync', received: 0 });
    assert.equal(helpSeeker.outgoing().length, 1);
    assert.equal(helpSeeker.receive({ type: 'sync', received: 0 }), false);
    assert.deepEqual(helpSeeker.outgoing(), []);
  });
});

describe('conversation: one order on both sides', () => {
  test('concurrent messages: the help-seeker\'s first, on both sides, whatever arrived first', () => {
    const { helpSeeker, counsellor } = pair();
    // Both write before either has the other's message.
    helpSeeker.write('h1');
    counsellor.write('c1');
    const fromH = helpSeeker.outgoing();
    const fromC = counsellor.outgoing();
    // Each side shows its own first until the other's arrives...
    assert.deepEqual(seenAs(counsellor), ['C:c1']);
    for (const message of fromH) counsellor.receive(message);
    for (const message of fromC) helpSeeker.receive(message);
    // ...and then the late one is inserted at its place, not appended.
    assert.deepEqual(seenAs(counsellor), ['H:h1', 'C:c1']);
    assert.deepEqual(seenAs(helpSeeker), ['H:h1', 'C:c1']);

    // A second crossing, then an answer that had seen everything.
    helpSeeker.write('h2');
    counsellor.write('c2');
    counsellor.write('c3');
    const h2 = helpSeeker.outgoing();
    const c23 = counsellor.outgoing();
    for (const message of c23) helpSeeker.receive(message);
    for (const message of h2) counsellor.receive(message);
    helpSeeker.write('h3');
    carry(helpSeeker, counsellor);
    const expected = ['H:h1', 'C:c1', 'H:h2', 'C:c2', 'C:c3', 'H:h3'];
    assert.deepEqual(seenAs(helpSeeker), expected);
    assert.deepEqual(seenAs(counsellor), expected);
  });

  test('a reply comes after what it answered even when the other side wrote more meanwhile', () => {
    const { helpSeeker, counsellor } = pair();
    counsellor.write('Hur mår du?');
    carry(counsellor, helpSeeker);
    helpSeeker.write('Inte bra.'); // seen 1
    counsellor.write('Jag finns här.'); // seen 0: crosses the answer
    const answer = helpSeeker.outgoing();
    carry(counsellor, helpSeeker);
    for (const message of answer) counsellor.receive(message);
    // "Inte bra." had seen only c1; c2 had seen nothing of the help-seeker's: both may follow c1, the help-seeker's first.
    const expected = ['C:Hur mår du?', 'H:Inte bra.', 'C:Jag finns här.'];
    assert.deepEqual(seenAs(helpSeeker), expected);
    assert.deepEqual(seenAs(counsellor), expected);
  });

  test('random crossings: both sides agree, and every message comes after everything its writer had seen', () => {
    let state = 7;
    const random = (below: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % below;
    };
    const { helpSeeker, counsellor } = pair();
    // What the writer had on screen from the peer when writing each text.
    const hadSeen = new Map<string, string[]>();
    const inFlight: { to: Conversation; message: MessageContent }[] = [];
    let written = 0;
    for (let step = 0; step < 400; step++) {
      const action = random(3);
      if (action < 2) {
        const writer = action === 0 ? helpSeeker : counsellor;
        const text = `${action === 0 ? 'H' : 'C'}${++written}`;
        hadSeen.set(text, writer.messages().filter((m) => m.from === 'theirs').map((m) => m.text));
        writer.write(text);
        for (const message of writer.outgoing()) inFlight.push({ to: writer === helpSeeker ? counsellor : helpSeeker, message });
      } else {
        // Deliver the oldest message still in flight towards one side (each direction stays in order).
        const to = random(2) === 0 ? helpSeeker : counsellor;
        const index = inFlight.findIndex((item) => item.to === to);
        if (index >= 0) to.receive(inFlight.splice(index, 1)[0]!.message);
      }
    }
    for (const item of inFlight) item.to.receive(item.message);
    const list = seenAs(helpSeeker);
    assert.deepEqual(seenAs(counsellor), list);
    assert.equal(list.length, written);
    const place = new Map(list.map((line, index) => [line.slice(2), index]));
    for (const [text, seen] of hadSeen) {
      for (const earlier of seen) assert.ok(place.get(earlier)! < place.get(text)!, `${text} comes after ${earlier}, which its writer had`);
    }
  });

  test('a message that had seen the peer\'s comes after it even when the help-seeker\'s would come first on a tie', () => {
    const counsellor = new Conversation('counsellor');
    counsellor.receive({ type: 'sync', received: 0 });
    counsellor.write('c1');
    counsellor.outgoing();
    counsellor.receive({ type: 'message', n: 1, seen: 1, text: 'h1 answers c1' });
    assert.deepEqual(seenAs(counsellor), ['C:c1', 'H:h1 answers c1']);
  });

  test('a broken peer that claims to have seen what we wrote after it still gets one order (help-seeker first)', () => {
    const helpSeeker = new Conversation('help_seeker');
    helpSeeker.receive({ type: 'sync', received: 0 });
    helpSeeker.receive({ type: 'message', n: 1, seen: 5, text: 'c1 claims too much' });
    helpSeeker.write('h1');
    helpSeeker.outgoing();
    assert.deepEqual(seenAs(helpSeeker), ['H:h1', 'C:c1 claims too much']);
  });
});

describe('conversation: the end', () => {
  test('at the end what waits is not delivered; delivered stays; nothing more is written or sent', () => {
    const { helpSeeker, counsellor } = pair();
    const arrived = helpSeeker.write('arrived');
    carry(helpSeeker, counsellor);
    helpSeeker.enterEpoch();
    counsellor.enterEpoch();
    helpSeeker.receive(counsellor.sync());
    const lost = helpSeeker.write('never arrived');
    assert.deepEqual(helpSeeker.end(), [lost]);
    const states = Object.fromEntries(helpSeeker.messages().map((m) => [m.id, m.state]));
    assert.deepEqual(states, { [arrived!]: 'delivered', [lost!]: 'not_delivered' });
    assert.equal(helpSeeker.write('after the end'), undefined);
    assert.deepEqual(helpSeeker.outgoing(), []);
  });

  test('the relay\'s delivered marks the message its frame carried; undelivered leaves it waiting', () => {
    const { helpSeeker } = pair();
    const first = helpSeeker.write('first');
    const second = helpSeeker.write('second');
    const [m1, m2] = helpSeeker.outgoing();
    helpSeeker.carried(m1!.n, 4);
    helpSeeker.carried(m2!.n, 5);
    assert.deepEqual(helpSeeker.relayDelivered([4]), [first]);
    helpSeeker.relayUndelivered([5]);
    const state = (id: string | undefined) => helpSeeker.messages().find((m) => m.id === id)?.state;
    assert.equal(state(first), 'delivered');
    assert.equal(state(second), 'waiting');
    assert.deepEqual(helpSeeker.relayDelivered([5]), [], 'a seq given up no longer marks anything');
  });
});
