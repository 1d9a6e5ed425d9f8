// The staff login state machine (src/staff/staff_session.ts) against a fake socket and a fake
// Argon2id: what goes over the wire, when, and what the page is told.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fromBase64Url, toBase64Url } from '../src/crypto/encoding';
import { cryptoReady } from '../src/crypto/keys';
import type { LoginKeys } from '../src/crypto/login';
import { StaffSession, type LoginProblem, type SessionEnd, type StaffAccount } from '../src/staff/staff_session';

before(cryptoReady);

const SALT = new Uint8Array(16).fill(3);
const loginOk = (extra: Record<string, unknown> = {}) => ({
  type: 'login_ok', token: 'TOKEN-abc', expires_at: 1_900_000_000, pseudonym: 'anna', role: 'counsellor',
  languages: ['sv'], lanes: ['support'], must_change_password: false, identity_public_key: null,
  wrapped_identity_key: null, certificate: null, ...extra,
});

/** A session wired to recorders: sent messages, events, wiped buffers, derivations to resolve by hand. */
function harness(options: { online?: boolean } = {}) {
  const sent: Record<string, unknown>[] = [];
  const events: string[] = [];
  const wiped = new Set<Uint8Array>();
  const derivations: { password: string; salt: Uint8Array; resolve(keys: LoginKeys): void }[] = [];
  const scheduled: (() => void)[] = [];
  let signedIn: { account: StaffAccount; wrap: Uint8Array | undefined; resumed: boolean } | undefined;
  let problem: { problem: LoginProblem; retry: number | undefined } | undefined;
  let ended: SessionEnd | undefined;
  const link = { online: options.online ?? true };
  const session = new StaffSession({
    send: (message) => {
      if (!link.online) return false;
      sent.push(message as Record<string, unknown>);
      return true;
    },
    deriveKeys: (password, salt) => new Promise((resolve) => derivations.push({ password, salt, resolve })),
    randomSalt: () => new Uint8Array(16).fill(9),
    wipe: (bytes) => {
      bytes.fill(0);
      wiped.add(bytes);
    },
    schedule: (callback) => {
      scheduled.push(callback);
      return () => undefined;
    },
  }, {
    signedIn: (account, wrap, resumed) => {
      events.push(`signedIn:${resumed}`);
      signedIn = { account, wrap, resumed };
    },
    passwordChangeRequired: () => void events.push('passwordChangeRequired'),
    loginFailed: (p, retry) => {
      events.push(`loginFailed:${p}`);
      problem = { problem: p, retry };
    },
    passwordChangeFailed: (p) => void events.push(`passwordChangeFailed:${p}`),
    ended: (reason) => {
      events.push(`ended:${reason}`);
      ended = reason;
    },
  });
  const keys = (fill: number): LoginKeys => ({ auth: new Uint8Array(32).fill(fill), wrap: new Uint8Array(32).fill(fill + 1) });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    session, sent, events, wiped, derivations, scheduled, link, keys, settle,
    get signedIn() { return signedIn; },
    get problem() { return problem; },
    get ended() { return ended; },
  };
}

/** Runs a login up to login_ok (with `extra` fields) and returns the harness. */
async function signedInHarness(extra: Record<string, unknown> = {}) {
  const h = harness();
  h.session.login('anna', 'secret words');
  h.session.handle({ type: 'login_salt', salt: toBase64Url(SALT) });
  const loginKeys = h.keys(1);
  h.derivations[0]!.resolve(loginKeys);
  await h.settle();
  h.session.handle(loginOk(extra));
  return Object.assign(h, { loginKeys });
}

describe('staff login', () => {
  test('asks for the salt, derives with it, sends only auth, and hands over wrap on login_ok', async () => {
    const h = harness();
    h.session.login('anna', 'secret words');
    assert.deepEqual(h.sent, [{ type: 'login_salt', pseudonym: 'anna' }]);
    h.session.handle({ type: 'login_salt', salt: toBase64Url(SALT) });
    assert.equal(h.derivations.length, 1);
    assert.equal(h.derivations[0]!.password, 'secret words');
    assert.deepEqual(h.derivations[0]!.salt, SALT);
    const keys = h.keys(1);
    h.derivations[0]!.resolve(keys);
    await h.settle();
    assert.deepEqual(h.sent[1], { type: 'login', pseudonym: 'anna', auth: toBase64Url(new Uint8Array(32).fill(1)) });
    assert.ok(h.wiped.has(keys.auth), 'auth is wiped once sent');
    assert.ok(!JSON.stringify(h.sent).includes('secret words'), 'the password is never sent');
    h.session.handle(loginOk());
    assert.deepEqual(h.events, ['signedIn:false']);
    assert.equal(h.signedIn?.wrap, keys.wrap, 'the page gets wrap to open the identity key');
    assert.ok(!h.wiped.has(keys.wrap), 'wrap is the receiver\'s to wipe');
    assert.equal(h.signedIn?.account.role, 'counsellor');
    assert.ok(h.session.isSignedIn);
  });

  test('a wrong password is login_failed, and the derived wrap is wiped', async () => {
    const h = harness();
    h.session.login('anna', 'wrong');
    h.session.handle({ type: 'login_salt', salt: toBase64Url(SALT) });
    const keys = h.keys(5);
    h.derivations[0]!.resolve(keys);
    await h.settle();
    h.session.handle({ type: 'error', code: 'login_failed', message: 'Wrong pseudonym or password.' });
    assert.deepEqual(h.events, ['loginFailed:login_failed']);
    assert.ok(h.wiped.has(keys.wrap));
    assert.ok(!h.session.hasSession);
    assert.ok(h.session.login('anna', 'again'), 'a new attempt can start');
  });

  test('a locked pseudonym reports how long to wait', () => {
    const h = harness();
    h.session.login('anna', 'x');
    h.session.handle({ type: 'error', code: 'login_locked', retry_after: 240 });
    assert.deepEqual(h.problem, { problem: 'login_locked', retry: 240 });
  });

  test('empty fields or an over-long pseudonym send nothing', () => {
    const h = harness();
    h.session.login('', 'x');
    h.session.login('å'.repeat(33), 'x'); // 66 bytes of UTF-8
    h.session.login('anna', '');
    assert.deepEqual(h.sent, []);
    assert.deepEqual(h.events, ['loginFailed:bad_input', 'loginFailed:bad_input', 'loginFailed:bad_input']);
  });

  test('without a connection the login says so at once', () => {
    const h = harness({ online: false });
    h.session.login('anna', 'x');
    assert.deepEqual(h.events, ['loginFailed:no_connection']);
  });

  test('a drop during Argon2id fails the login and the late result is thrown away', async () => {
    const h = harness();
    h.session.login('anna', 'x');
    h.session.handle({ type: 'login_salt', salt: toBase64Url(SALT) });
    h.session.connectionDropped();
    assert.deepEqual(h.events, ['loginFailed:connection_lost']);
    const keys = h.keys(7);
    h.derivations[0]!.resolve(keys);
    await h.settle();
    assert.equal(h.sent.length, 1, 'no login is sent for an abandoned attempt');
    assert.ok(h.wiped.has(keys.auth) && h.wiped.has(keys.wrap));
  });
});

describe('one-time password', () => {
  test('must_change_password asks for a new one; the change uses a fresh salt and hands over the new wrap', async () => {
    const h = await signedInHarness({ must_change_password: true });
    assert.deepEqual(h.events, ['passwordChangeRequired']);
    assert.ok(!h.session.isSignedIn);
    h.session.changePassword('a brand new passphrase');
    assert.equal(h.derivations[1]!.password, 'a brand new passphrase');
    assert.deepEqual(h.derivations[1]!.salt, new Uint8Array(16).fill(9), 'a fresh salt from randomSalt');
    const newKeys = h.keys(20);
    h.derivations[1]!.resolve(newKeys);
    await h.settle();
    const change = h.sent.at(-1)!;
    assert.equal(change.type, 'change_password');
    assert.deepEqual(fromBase64Url(String(change.salt)), new Uint8Array(16).fill(9));
    assert.deepEqual(fromBase64Url(String(change.auth)), new Uint8Array(32).fill(20));
    h.session.handle({ type: 'password_changed' });
    assert.deepEqual(h.events, ['passwordChangeRequired', 'signedIn:false']);
    assert.equal(h.signedIn?.wrap, newKeys.wrap, 'the new password\'s wrap opens (or wraps) the key');
    assert.equal(h.signedIn?.account.mustChangePassword, false);
    assert.ok(h.wiped.has(h.loginKeys.wrap), 'the one-time password\'s wrap is wiped');
  });

  test('a refused change asks again', async () => {
    const h = await signedInHarness({ must_change_password: true });
    h.session.changePassword('another passphrase');
    h.derivations[1]!.resolve(h.keys(30));
    await h.settle();
    h.session.handle({ type: 'error', code: 'busy', retry_after: 1 });
    assert.deepEqual(h.events, ['passwordChangeRequired', 'passwordChangeFailed:busy']);
    assert.ok(h.session.changePassword('another passphrase'), 'it can be tried again');
  });
});

describe('session over reconnects', () => {
  test('a new connection resumes with the token; login_ok without a token is a resumed session', async () => {
    const h = await signedInHarness();
    h.session.connectionDropped();
    assert.ok(h.session.hasSession && !h.session.isSignedIn);
    h.session.connectionOpened();
    assert.deepEqual(h.sent.at(-1), { type: 'session', token: 'TOKEN-abc' });
    const { token: _token, ...withoutToken } = loginOk();
    h.session.handle(withoutToken);
    assert.deepEqual(h.events, ['signedIn:false', 'signedIn:true']);
    assert.equal(h.signedIn?.wrap, undefined);
    assert.ok(h.session.isSignedIn);
  });

  test('an expired or invalid session ends it: the token is forgotten', async () => {
    for (const code of ['session_expired', 'session_invalid'] as const) {
      const h = await signedInHarness();
      h.session.connectionDropped();
      h.session.connectionOpened();
      h.session.handle({ type: 'error', code });
      assert.equal(h.ended, code);
      const count = h.sent.length;
      h.session.connectionOpened();
      assert.equal(h.sent.length, count, 'the forgotten token is never sent again');
      assert.ok(!h.session.hasSession);
    }
  });

  test('a busy server during resumption is asked again later, on the same connection', async () => {
    const h = await signedInHarness();
    h.session.connectionDropped();
    h.session.connectionOpened();
    h.session.handle({ type: 'error', code: 'busy', retry_after: 1 });
    assert.equal(h.scheduled.length, 1);
    h.scheduled[0]!();
    assert.deepEqual(h.sent.at(-1), { type: 'session', token: 'TOKEN-abc' });
  });

  test('expiry forgets the token without asking the server', async () => {
    const h = await signedInHarness();
    h.session.expire();
    assert.equal(h.ended, 'session_expired');
    assert.ok(!h.session.hasSession);
  });
});

describe('logout', () => {
  test('sends logout and ends on logged_out', async () => {
    const h = await signedInHarness();
    h.session.logout();
    assert.deepEqual(h.sent.at(-1), { type: 'logout' });
    assert.equal(h.ended, undefined, 'not before the server confirms');
    h.session.handle({ type: 'logged_out' });
    assert.equal(h.ended, 'logged_out');
  });

  test('without a connection the page forgets the session at once', async () => {
    const h = await signedInHarness();
    h.session.connectionDropped();
    h.session.logout();
    assert.equal(h.ended, 'logged_out');
  });

  test('role messages are not the session\'s', async () => {
    const h = await signedInHarness();
    assert.equal(h.session.handle({ type: 'assigned', chat: 'x' }), false);
    assert.equal(h.session.handle({ type: 'error', code: 'bad_capacity' }), false);
  });
});
