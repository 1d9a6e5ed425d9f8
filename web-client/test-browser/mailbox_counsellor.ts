// A counsellor who answers letters over the real protocol (docs/protocol.md "Staff login",
// "Mailbox"), for mailbox.test.ts while the console's own mailbox (branch h-console) is not in
// main: it signs in, sets up its identity key (certified at once by the dev root key), makes and
// files a mailbox key, and answers the first waiting thread. Its WebSocket is a real one, opened
// by a chromium page on the server's origin; the crypto runs here with the page's own modules.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import sodiumSumo from 'libsodium-wrappers-sumo';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { wrapIdentityKey } from '../src/crypto/identity_wrap';
import { generateSigningKeyPair, type SigningKeyPair } from '../src/crypto/keys';
import { counsellorLetterBody, openLetter, sealLetter } from '../src/crypto/letter';
import { makeMailboxKey, MAILBOX_KEY_LIFETIME_SECONDS, signMailboxKey, wrapMailboxKey, type BoxKeyPair } from '../src/crypto/mailbox_keys';
import { deriveLoginKeys } from '../src/crypto/login';
import { TIMEOUTS, type Account } from './harness';

type Message = { type: string; [field: string]: unknown };

export class ProtocolCounsellor {
  private readonly inbox: Message[] = [];
  private identity: SigningKeyPair | undefined;
  private mk: BoxKeyPair | undefined;

  private constructor(private readonly page: Page) {}

  /** Opens the socket from `page` (already on the server's origin) and signs in with a new identity and mailbox key. */
  static async start(page: Page, account: Pick<Account, 'name' | 'password'>): Promise<ProtocolCounsellor> {
    await sodiumSumo.ready;
    const counsellor = new ProtocolCounsellor(page);
    await page.exposeFunction('tillitTestReceived', (text: string) => void counsellor.inbox.push(JSON.parse(text) as Message));
    await page.evaluate(() => new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`);
      const w = window as unknown as { tillitTestSocket: WebSocket; tillitTestReceived(text: string): void };
      w.tillitTestSocket = socket;
      socket.onmessage = (event) => w.tillitTestReceived(String(event.data));
      socket.onopen = () => resolve();
      socket.onerror = () => reject(new Error('the counsellor socket did not open'));
    }));
    const salt = await counsellor.ask({ type: 'login_salt', pseudonym: account.name }, 'login_salt');
    const { auth, wrap } = await deriveLoginKeys(account.password, fromBase64Url(salt.salt as string));
    await counsellor.ask({ type: 'login', pseudonym: account.name, auth: toBase64Url(auth) }, 'login_ok');
    counsellor.identity = generateSigningKeyPair();
    const wrapped = wrapIdentityKey(wrap, counsellor.identity);
    assert.ok(wrapped.ok);
    const saved = await counsellor.ask({ type: 'identity_key', public: toBase64Url(counsellor.identity.publicKey),
      wrapped: toBase64Url(wrapped.value) }, 'identity_key_saved');
    assert.equal(saved.state, 'certified', 'the dev root key certifies at once');
    counsellor.mk = makeMailboxKey();
    const notAfter = Math.floor(Date.now() / 1000) + MAILBOX_KEY_LIFETIME_SECONDS;
    const wrappedMk = wrapMailboxKey(counsellor.mk.secretKey, wrap);
    assert.ok(wrappedMk.ok);
    await counsellor.ask({ type: 'mailbox_key', public: toBase64Url(counsellor.mk.publicKey),
      signature: toBase64Url(signMailboxKey(counsellor.identity, counsellor.mk.publicKey, notAfter)), not_after: notAfter,
      wrapped: toBase64Url(wrappedMk.value) }, 'mailbox_key_saved');
    return counsellor;
  }

  /**
   * Watches the mailbox until a thread waits, opens it, reads the help-seeker's letters (returned)
   * and replies with `text`, sealed to the thread key of the first letter, the roster and itself.
   */
  async answerWaitingThread(text: string): Promise<{ read: string[]; boxId: string }> {
    const threads = await this.ask({ type: 'mailbox_watch' }, 'mailbox',
      (m) => (m.threads as { state: string }[]).some((t) => t.state === 'waiting'));
    const waiting = (threads.threads as { box_id: string; state: string }[]).find((t) => t.state === 'waiting')!;
    const thread = await this.ask({ type: 'thread_open', box_id: waiting.box_id }, 'thread');
    const boxId = fromBase64Url(thread.box_id as string);
    const threadKey = fromBase64Url(thread.thread_key as string);
    const mk = this.mk!;
    const letters = thread.letters as { number: number; from: string; ciphertext: string; envelopes: { to: string; box: string }[] }[];
    const read = letters.filter((l) => l.from === 'help_seeker').map((letter) => {
      const envelope = letter.envelopes.find((e) => e.to === toBase64Url(mk.publicKey));
      assert.ok(envelope, `letter ${letter.number} has an envelope for this mailbox key`);
      const opened = openLetter(fromBase64Url(letter.ciphertext), fromBase64Url(envelope.box), boxId, letter.number, 'to_centre',
        threadKey, mk.secretKey);
      assert.ok(opened.ok, `letter ${letter.number} opens`);
      return opened.value.text;
    });
    const roster = (thread.roster as { mailbox_key: string }[]).map((entry) => fromBase64Url(entry.mailbox_key));
    const number = letters.length + 1;
    const sealed = sealLetter(counsellorLetterBody(text), boxId, number, 'to_help_seeker', mk, [threadKey, ...roster]);
    assert.ok(sealed.ok);
    await this.ask({ type: 'reply', box_id: thread.box_id, number, sender_key: toBase64Url(mk.publicKey),
      ciphertext: toBase64Url(sealed.value.ciphertext),
      envelopes: sealed.value.envelopes.map((e) => ({ to: toBase64Url(e.to), box: toBase64Url(e.box) })) }, 'reply_saved');
    return { read, boxId: thread.box_id as string };
  }

  /** Waits for a `mailbox` list in which the thread waits again with `letters` letters. */
  async seesWaiting(boxId: string, letters: number): Promise<void> {
    await this.next('mailbox', (m) => (m.threads as { box_id: string; state: string; letters: number }[])
      .some((t) => t.box_id === boxId && t.state === 'waiting' && t.letters === letters));
  }

  /** Sends `message` and waits for the first message of type `answer` (an error fails the test). */
  private async ask(message: object, answer: string, accept: (m: Message) => boolean = () => true): Promise<Message> {
    await this.page.evaluate((text) => (window as unknown as { tillitTestSocket: WebSocket }).tillitTestSocket.send(text),
      JSON.stringify(message));
    return this.next(answer, accept);
  }

  private async next(type: string, accept: (m: Message) => boolean): Promise<Message> {
    const deadline = Date.now() + TIMEOUTS.action;
    for (;;) {
      const index = this.inbox.findIndex((m) => m.type === 'error' || (m.type === type && accept(m)));
      if (index >= 0) {
        const [message] = this.inbox.splice(index, 1);
        assert.notEqual(message!.type, 'error', `the server refused: ${JSON.stringify(message)}`);
        return message!;
      }
      if (Date.now() > deadline) throw new Error(`no ${type} within ${TIMEOUTS.action} ms (got ${this.inbox.map((m) => m.type).join(', ')})`);
      await this.page.waitForTimeout(25); // the socket's messages arrive through exposeFunction
    }
  }
}
