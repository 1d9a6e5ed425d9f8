// What the counsellor console and the supervisor dashboard share: one WebSocket, the staff login
// session on it, the login forms, #connection-state and #logout. The page's own part (the desk,
// the dashboard) is a StaffRoleApp that gets the messages the login does not take.
import { byId, setShown } from '../dom';
import type { ConsoleText, TextKey } from '../i18n/i18n';
import { serverSocketUrl, ServerSocket, type ServerMessage } from '../net/server_socket';
import { browserSchedule, type Cancel } from '../scheduler';
import { ConnectionStateView } from './connection_state';
import { LoginView } from './login_view';
import { StaffSession, type SessionEnd, type StaffAccount, type StaffRole, type StaffSessionDeps } from './staff_session';

/** The page's own part, shown once signed in with a role it serves. */
export interface StaffRoleApp {
  /** Whether this page is for the account's role; if not, the page logs out and says `wrongRoleKey`. */
  accepts(role: StaffRole): boolean;
  readonly wrongRoleKey: TextKey;
  /** Signed in (wrap: after a login, the receiver wipes it) or back after a reconnect (resumed). */
  start(account: StaffAccount, wrap: Uint8Array | undefined, resumed: boolean): void;
  /** A server message that is not the login's. */
  handle(message: ServerMessage): void;
  /** The connection dropped; the session may come back on the next one. */
  connectionLost(): void;
  /** The session is over: wipe every secret and clear the screen. */
  stop(): void;
}

export interface StaffPageParts {
  text: ConsoleText;
  /** The section shown while signed in (#desk, #dashboard); its [tabindex=-1] heading gets focus. */
  signedInSection: HTMLElement;
  /** Session dependencies that need libsodium (Argon2id, random bytes, memzero). */
  crypto: Pick<StaffSessionDeps, 'deriveKeys' | 'randomSalt' | 'wipe'>;
  /** Resolves once libsodium is ready (false if it failed to load). */
  cryptoLoading: Promise<boolean>;
}

// setTimeout's longest delay; a session lasts far less (12 h by default).
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A sign-in sent before the connection is open (the page just loaded, a reconnect) waits this long for it. */
const LOGIN_CONNECT_WAIT_MS = 10_000;

export class StaffPage {
  private readonly socket: ServerSocket;
  private readonly session: StaffSession;
  private readonly login: LoginView;
  private readonly connection: ConnectionStateView;
  private readonly logoutButton = byId('logout', HTMLButtonElement);
  private app: StaffRoleApp | undefined;
  private appRunning = false;
  private cancelExpiry: Cancel | undefined;
  // Shown instead of "signed out" when the page itself ended the session (a wrong account).
  private endNotice: string | undefined;
  private signedOutState: 'signed_out' | 'session_expired' = 'signed_out';
  // A sign-in waiting for the connection to open (never sent on a socket that is not there).
  private waitingLogin: { pseudonym: string; password: string; cancel: Cancel } | undefined;

  constructor(private readonly parts: StaffPageParts) {
    const { text } = parts;
    this.connection = new ConnectionStateView(text);
    this.socket = new ServerSocket({
      opened: () => this.opened(),
      message: (message) => this.received(message),
      dropped: () => this.dropped(),
    }, serverSocketUrl());
    this.session = new StaffSession({
      ...parts.crypto,
      send: (message) => this.socket.send(message),
      schedule: browserSchedule,
    }, {
      signedIn: (account, wrap, resumed) => this.signedIn(account, wrap, resumed),
      passwordChangeRequired: (account) => this.passwordChangeRequired(account),
      loginFailed: (problem, retryAfter) => this.login.showLoginProblem(problem, retryAfter),
      passwordChangeFailed: (problem) => this.login.showPasswordChangeProblem(problem),
      ended: (reason) => this.ended(reason),
    });
    this.login = new LoginView(text, parts.cryptoLoading, {
      login: (pseudonym, password) => this.startLogin(pseudonym, password),
      changePassword: (password) => this.session.changePassword(password),
    });
    this.logoutButton.addEventListener('click', () => this.session.logout());
    this.connection.show('signed_out');
  }

  /** Sends a message of the role's; false when the connection is down (see ServerSocket.send). */
  readonly send = (message: object): boolean => this.socket.send(message);

  /** While people are waiting on this page (open chats): reconnect within seconds (ServerSocket.setUrgent). */
  setUrgent(urgent: boolean): void {
    this.socket.setUrgent(urgent);
  }

  /** Connects and shows the login. */
  start(app: StaffRoleApp): void {
    this.app = app;
    setShown(this.parts.signedInSection, false);
    this.login.showLogin();
    this.socket.start();
  }

  private opened(): void {
    this.session.connectionOpened();
    this.connection.show(this.session.hasSession ? 'reconnecting' : this.signedOutState);
    const waiting = this.waitingLogin;
    if (waiting) {
      this.waitingLogin = undefined;
      waiting.cancel();
      this.session.login(waiting.pseudonym, waiting.password);
    }
  }

  /** Signs in now, or as soon as the connection is open (within LOGIN_CONNECT_WAIT_MS, else "no connection"). */
  private startLogin(pseudonym: string, password: string): void {
    if (this.socket.isOpen) {
      this.session.login(pseudonym, password);
      return;
    }
    this.waitingLogin?.cancel();
    const cancel = browserSchedule(() => {
      if (!this.waitingLogin) return;
      this.waitingLogin = undefined;
      this.login.showLoginProblem('no_connection', undefined);
    }, LOGIN_CONNECT_WAIT_MS);
    this.waitingLogin = { pseudonym, password, cancel };
  }

  private received(message: ServerMessage): void {
    if (this.session.handle(message)) return;
    if (this.appRunning && this.session.isSignedIn) this.app?.handle(message);
  }

  private dropped(): void {
    const hadSession = this.session.hasSession;
    this.session.connectionDropped();
    if (this.appRunning) this.app?.connectionLost();
    this.connection.show(hadSession ? 'reconnecting' : this.signedOutState);
  }

  private signedIn(account: StaffAccount, wrap: Uint8Array | undefined, resumed: boolean): void {
    const app = this.app;
    if (!app || !app.accepts(account.role)) {
      if (wrap) this.parts.crypto.wipe(wrap);
      this.refuseAccount();
      return;
    }
    this.connection.show('connected');
    this.signedOutState = 'signed_out';
    this.setExpiryTimer(account.expiresAt);
    const wasRunning = this.appRunning;
    if (!resumed || !wasRunning) {
      this.login.hide();
      setShown(this.logoutButton, true);
      setShown(this.parts.signedInSection, true);
      this.parts.signedInSection.querySelector<HTMLElement>('[tabindex="-1"]')?.focus();
    }
    this.appRunning = true;
    app.start(account, wrap, resumed && wasRunning);
  }

  private passwordChangeRequired(account: StaffAccount): void {
    if (!this.app?.accepts(account.role)) {
      this.refuseAccount();
      return;
    }
    this.connection.show('connected');
    setShown(this.logoutButton, true);
    this.login.showPasswordChange();
  }

  /** Signed in with an account this page is not for: log it out again and say why. */
  private refuseAccount(): void {
    this.endNotice = this.app ? this.parts.text.t(this.app.wrongRoleKey) : undefined;
    this.session.logout();
  }

  private ended(reason: SessionEnd): void {
    this.cancelExpiry?.();
    if (this.appRunning) this.app?.stop();
    this.appRunning = false;
    setShown(this.parts.signedInSection, false);
    setShown(this.logoutButton, false);
    this.signedOutState = reason === 'session_expired' ? 'session_expired' : 'signed_out';
    this.connection.show(this.signedOutState);
    this.login.showLogin(this.endNotice ?? this.login.endText(reason), true);
    this.endNotice = undefined;
    // A connection belongs to one session for its whole life: the next login gets a fresh one.
    this.socket.stop();
    this.socket.start();
  }

  private setExpiryTimer(expiresAt: number): void {
    this.cancelExpiry?.();
    const ms = Math.min(MAX_TIMER_MS, Math.max(0, expiresAt * 1000 - Date.now()));
    this.cancelExpiry = browserSchedule(() => this.session.expire(), ms);
  }
}
