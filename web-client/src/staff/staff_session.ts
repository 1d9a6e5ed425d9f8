// A staff member's login session over the WebSocket (CRYPTO.md "Login of counsellors";
// docs/protocol.md "Staff login"): login_salt → Argon2id → login → login_ok, the one-time
// password change, resuming the session on a new connection, logout and the session's end.
// The password goes only into Argon2id and only `auth` is sent; the token lives in this object's
// memory and nowhere else. No DOM and no socket of its own: the page passes messages in.
import { fromBase64Url, toBase64Url } from '../crypto/encoding';
import type { LoginKeys } from '../crypto/login';
import { decodeStaffLoginMessage, type StaffAccount } from '../net/server_messages';
import type { ServerMessage } from '../net/server_socket';
import type { Schedule } from '../scheduler';

export type { StaffAccount, StaffRole } from '../net/server_messages';

/** Why a login or a password change did not go through. */
export type LoginProblem =
  | 'login_failed' // wrong pseudonym or password (the server does not say which)
  | 'login_locked' // too many failures: retry_after
  | 'account_disabled'
  | 'busy' // the server is checking too many logins, or is rate limiting: retry_after
  | 'no_connection' // the socket is not open
  | 'connection_lost' // it dropped half-way
  | 'bad_input' // empty fields or a pseudonym over 64 bytes
  | 'server_error'; // an answer we do not understand (internal, bad_message, a malformed login_ok)

/** Why a signed-in session is over. */
export type SessionEnd = 'logged_out' | 'session_expired' | 'session_invalid' | 'account_disabled';

export interface StaffSessionEvents {
  /**
   * Signed in. After a login or a password change `wrap` is the fresh key that opens the identity
   * key: the receiver owns it and must wipe it. After a resumed session (`resumed`) it is undefined.
   */
  signedIn(account: StaffAccount, wrap: Uint8Array | undefined, resumed: boolean): void;
  /** Signed in with a one-time password: only changePassword() and logout() are possible. */
  passwordChangeRequired(account: StaffAccount): void;
  loginFailed(problem: LoginProblem, retryAfterSeconds: number | undefined): void;
  passwordChangeFailed(problem: LoginProblem): void;
  /** The session is gone: token and keys are wiped; the page shows the login again. */
  ended(reason: SessionEnd): void;
}

export interface StaffSessionDeps {
  /** Sends one message; false when the socket is not open. */
  send(message: object): boolean;
  deriveKeys(password: string, salt: Uint8Array): Promise<LoginKeys>;
  /** 16 fresh random bytes for a new password's salt. */
  randomSalt(): Uint8Array;
  /** Overwrites a secret (sodium.memzero). */
  wipe(bytes: Uint8Array): void;
  /** To retry a session resumption the server was too busy for. */
  schedule: Schedule;
}

type Phase =
  | 'signed_out'
  | 'awaiting_salt' // login_salt sent
  | 'deriving' // Argon2id running for the login
  | 'awaiting_login' // login sent
  | 'password_change' // signed in with a one-time password, waiting for the new one
  | 'changing_password' // Argon2id for the new password, then change_password sent
  | 'signed_in'
  | 'offline' // signed in (or changing the password), connection lost: the token waits for the next one
  | 'resuming' // session sent on a new connection
  | 'logging_out';

const MAX_PSEUDONYM_BYTES = 64;
const LOGIN_ERRORS: Readonly<Record<string, LoginProblem>> = {
  login_failed: 'login_failed',
  login_locked: 'login_locked',
  account_disabled: 'account_disabled',
  busy: 'busy',
  rate_limited: 'busy',
};
const RESUME_RETRY_MS = 2000;

export class StaffSession {
  private phase: Phase = 'signed_out';
  private token: string | undefined;
  private account: StaffAccount | undefined;
  private pending: { pseudonym: string; password: string } | undefined;
  // The login's wrap, held only until signed in (the must-change path) and then handed over.
  private wrap: Uint8Array | undefined;
  // The new password's wrap, until the server confirms the change.
  private newWrap: Uint8Array | undefined;
  // Bumped by every reset, so that an Argon2id result that arrives late is thrown away.
  private attempt = 0;

  constructor(private readonly deps: StaffSessionDeps, private readonly events: StaffSessionEvents) {}

  /** Signed in now, with a working connection. */
  get isSignedIn(): boolean {
    return this.phase === 'signed_in';
  }

  /** Signed in (or changing a one-time password), with or without a connection right now. */
  get hasSession(): boolean {
    return this.token !== undefined;
  }

  /** Starts a login; the outcome comes as an event. Returns false if one is running already. */
  login(pseudonym: string, password: string): boolean {
    if (this.phase !== 'signed_out') return false;
    const bytes = new TextEncoder().encode(pseudonym).length;
    if (bytes === 0 || bytes > MAX_PSEUDONYM_BYTES || password === '') {
      this.events.loginFailed('bad_input', undefined);
      return true;
    }
    if (!this.deps.send({ type: 'login_salt', pseudonym })) {
      this.events.loginFailed('no_connection', undefined);
      return true;
    }
    this.pending = { pseudonym, password };
    this.phase = 'awaiting_salt';
    return true;
  }

  /** Replaces a one-time password: a fresh salt, Argon2id, then change_password with the new auth. */
  changePassword(newPassword: string): boolean {
    if (this.phase !== 'password_change') return false;
    if (newPassword === '') {
      this.events.passwordChangeFailed('bad_input');
      return true;
    }
    const salt = this.deps.randomSalt();
    const attempt = ++this.attempt;
    this.phase = 'changing_password';
    this.deps.deriveKeys(newPassword, salt).then(
      (keys) => {
        if (attempt !== this.attempt || this.phase !== 'changing_password') return this.wipeKeys(keys);
        const sent = this.deps.send({ type: 'change_password', salt: toBase64Url(salt), auth: toBase64Url(keys.auth) });
        this.deps.wipe(keys.auth);
        if (!sent) {
          this.deps.wipe(keys.wrap);
          this.phase = 'password_change';
          this.events.passwordChangeFailed('no_connection');
          return;
        }
        this.newWrap = keys.wrap;
      },
      () => {
        if (attempt !== this.attempt) return;
        this.phase = 'password_change';
        this.events.passwordChangeFailed('server_error');
      },
    );
    return true;
  }

  /** Ends the session on the server (logout → logged_out); without a connection, here only. */
  logout(): void {
    if (this.token === undefined) return;
    if (this.phase !== 'offline' && this.phase !== 'resuming' && this.deps.send({ type: 'logout' })) {
      this.phase = 'logging_out';
      return;
    }
    // The server keeps the session until it expires, but this page forgets the token now.
    this.end('logged_out');
  }

  /** The session's expires_at has passed: the token is worthless, so forget it. */
  expire(): void {
    if (this.token !== undefined) this.end('session_expired');
  }

  /** A (new) connection is open: resume the session on it, if there is one. */
  connectionOpened(): void {
    if (this.phase !== 'offline' || this.token === undefined) return;
    this.resume();
  }

  /** The connection is gone: a login in progress fails; a session waits for the next connection. */
  connectionDropped(): void {
    switch (this.phase) {
      case 'awaiting_salt':
      case 'deriving':
      case 'awaiting_login':
        this.resetLogin();
        this.events.loginFailed('connection_lost', undefined);
        break;
      case 'password_change':
      case 'changing_password':
      case 'signed_in':
      case 'resuming':
        this.phase = 'offline';
        break;
      case 'logging_out':
        this.end('logged_out');
        break;
      default:
        break;
    }
  }

  /** Takes the messages that belong to the login; returns false for anything else (the role's). */
  handle(raw: ServerMessage): boolean {
    const message = decodeStaffLoginMessage(raw);
    switch (message?.type) {
      case undefined:
        return false;
      case 'login_salt':
        this.onSalt(message.salt);
        return true;
      case 'login_ok':
        this.onLoginOk(message.token, message.account);
        return true;
      case 'password_changed':
        this.onPasswordChanged();
        return true;
      case 'logged_out':
        if (this.token !== undefined) this.end('logged_out');
        return true;
      case 'error':
        return this.onError(message.code, message.retryAfter);
    }
  }

  private onSalt(saltText: string | undefined): void {
    const pending = this.pending;
    if (this.phase !== 'awaiting_salt' || !pending) return;
    let salt: Uint8Array;
    try {
      if (saltText === undefined) throw new Error('login_salt without a salt');
      salt = fromBase64Url(saltText);
    } catch {
      this.resetLogin();
      this.events.loginFailed('server_error', undefined);
      return;
    }
    this.pending = undefined;
    this.phase = 'deriving';
    const attempt = ++this.attempt;
    this.deps.deriveKeys(pending.password, salt).then(
      (keys) => {
        if (attempt !== this.attempt || this.phase !== 'deriving') return this.wipeKeys(keys);
        const sent = this.deps.send({ type: 'login', pseudonym: pending.pseudonym, auth: toBase64Url(keys.auth) });
        this.deps.wipe(keys.auth);
        if (!sent) {
          this.deps.wipe(keys.wrap);
          this.resetLogin();
          this.events.loginFailed('connection_lost', undefined);
          return;
        }
        this.wrap = keys.wrap;
        this.phase = 'awaiting_login';
      },
      () => {
        if (attempt !== this.attempt) return;
        this.resetLogin();
        this.events.loginFailed('server_error', undefined);
      },
    );
  }

  private onLoginOk(token: string | undefined, account: StaffAccount | undefined): void {
    if (this.phase === 'awaiting_login') {
      if (!account || token === undefined) {
        this.resetLogin();
        this.events.loginFailed('server_error', undefined);
        return;
      }
      this.token = token;
      this.account = account;
      if (account.mustChangePassword) {
        this.phase = 'password_change';
        this.events.passwordChangeRequired(account);
        return;
      }
      this.phase = 'signed_in';
      this.events.signedIn(account, this.takeWrap(), false);
    } else if (this.phase === 'resuming') {
      if (!account) return this.end('session_invalid');
      this.account = account;
      if (account.mustChangePassword) {
        // A change that was under way did not happen: ask for the new password again.
        this.wipeNewWrap();
        this.phase = 'password_change';
        this.events.passwordChangeRequired(account);
        return;
      }
      this.phase = 'signed_in';
      // Still holding a wrap means the first sign-in never completed (a one-time password was
      // being replaced when the connection dropped, and the change went through): treat it as one.
      const wrap = this.newWrap ? this.takeNewWrap() : this.takeWrap();
      this.wipeWrap();
      this.events.signedIn(account, wrap, wrap === undefined);
    }
  }

  private onPasswordChanged(): void {
    if (this.phase !== 'changing_password' || !this.account) return;
    this.wipeWrap();
    this.account = { ...this.account, mustChangePassword: false };
    this.phase = 'signed_in';
    this.events.signedIn(this.account, this.takeNewWrap(), false);
  }

  private onError(code: string, retry: number | undefined): boolean {
    switch (this.phase) {
      case 'awaiting_salt':
      case 'deriving':
      case 'awaiting_login':
        this.resetLogin();
        this.events.loginFailed(LOGIN_ERRORS[code] ?? 'server_error', retry);
        return true;
      case 'resuming':
        if (code === 'session_expired' || code === 'session_invalid' || code === 'account_disabled') {
          this.end(code);
        } else if (code === 'busy' || code === 'rate_limited' || code === 'internal') {
          // The session is probably fine: ask again shortly on this same connection.
          this.deps.schedule(() => {
            if (this.phase === 'resuming') this.resume();
          }, Math.max(RESUME_RETRY_MS, (retry ?? 0) * 1000));
        } else {
          this.end('session_invalid');
        }
        return true;
      case 'changing_password':
        this.wipeNewWrap();
        this.attempt += 1;
        this.phase = 'password_change';
        this.events.passwordChangeFailed(LOGIN_ERRORS[code] ?? 'server_error');
        return true;
      case 'logging_out':
        this.end('logged_out');
        return true;
      default:
        return code === 'password_change_required' && this.phase === 'password_change';
    }
  }

  private resume(): void {
    if (this.token === undefined) return;
    if (this.deps.send({ type: 'session', token: this.token })) this.phase = 'resuming';
    else this.phase = 'offline';
  }

  private resetLogin(): void {
    this.attempt += 1;
    this.pending = undefined;
    this.wipeWrap();
    this.phase = 'signed_out';
  }

  private end(reason: SessionEnd): void {
    this.attempt += 1;
    this.token = undefined;
    this.account = undefined;
    this.pending = undefined;
    this.wipeWrap();
    this.wipeNewWrap();
    this.phase = 'signed_out';
    this.events.ended(reason);
  }

  private takeWrap(): Uint8Array | undefined {
    const wrap = this.wrap;
    this.wrap = undefined;
    return wrap;
  }

  private takeNewWrap(): Uint8Array | undefined {
    const wrap = this.newWrap;
    this.newWrap = undefined;
    return wrap;
  }

  private wipeWrap(): void {
    if (this.wrap) this.deps.wipe(this.wrap);
    this.wrap = undefined;
  }

  private wipeNewWrap(): void {
    if (this.newWrap) this.deps.wipe(this.newWrap);
    this.newWrap = undefined;
  }

  private wipeKeys(keys: LoginKeys): void {
    this.deps.wipe(keys.auth);
    this.deps.wipe(keys.wrap);
  }
}
