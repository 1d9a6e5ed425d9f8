// The staff pages' login and one-time-password forms (#login-form, #change-password-form): reads
// them, shows progress and problems, and clears the password fields as soon as they are read.
import { byId, setShown } from '../dom';
import type { ConsoleText } from '../i18n/i18n';
import type { LoginProblem, SessionEnd } from './staff_session';

/** A new password must be at least this long (characters): a passphrase, not a PIN. */
export const MIN_NEW_PASSWORD_LENGTH = 12;

export interface LoginHandlers {
  login(pseudonym: string, password: string): void;
  changePassword(newPassword: string): void;
}

/** Why a new password is refused before anything is sent, or undefined when it is fine. */
export function newPasswordProblem(password: string, again: string): 'too_short' | 'mismatch' | undefined {
  if ([...password].length < MIN_NEW_PASSWORD_LENGTH) return 'too_short';
  if (password !== again) return 'mismatch';
  return undefined;
}

export class LoginView {
  private readonly loginSection = byId('login-section', HTMLElement);
  private readonly loginForm = byId('login-form', HTMLFormElement);
  private readonly pseudonym = byId('pseudonym', HTMLInputElement);
  private readonly password = byId('password', HTMLInputElement);
  private readonly loginSubmit = byId('login-submit', HTMLButtonElement);
  private readonly loginProgress = byId('login-progress', HTMLElement);
  private readonly loginMessage = byId('login-message', HTMLElement);
  private readonly changeSection = byId('change-password-section', HTMLElement);
  private readonly changeForm = byId('change-password-form', HTMLFormElement);
  private readonly newPassword = byId('new-password', HTMLInputElement);
  private readonly newPasswordAgain = byId('new-password-again', HTMLInputElement);
  private readonly changeSubmit = byId('change-password-submit', HTMLButtonElement);
  private readonly changeProgress = byId('change-password-progress', HTMLElement);
  private readonly changeMessage = byId('change-password-message', HTMLElement);
  // undefined while libsodium loads, then whether it did.
  private cryptoReady: boolean | undefined;
  private busy = false;

  constructor(private readonly text: ConsoleText, private readonly cryptoLoading: Promise<boolean>,
    handlers: LoginHandlers) {
    void cryptoLoading.then((ready) => this.setCryptoReady(ready));
    this.loginForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.busy || this.cryptoReady === false) return;
      const pseudonym = this.pseudonym.value;
      const password = this.password.value;
      this.password.value = '';
      this.loginMessage.textContent = '';
      this.setBusy(true, this.text.t('login.working'));
      // Submitting before libsodium has loaded just waits for it (a fast typist, or a test).
      void this.cryptoLoading.then((ready) => {
        if (ready) handlers.login(pseudonym, password);
        else this.setBusy(false);
      });
    });
    this.changeForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.busy) return;
      const password = this.newPassword.value;
      const problem = newPasswordProblem(password, this.newPasswordAgain.value);
      if (problem) {
        this.changeMessage.textContent = this.text.t(problem === 'too_short' ? 'password.tooShort' : 'password.mismatch',
          { min: MIN_NEW_PASSWORD_LENGTH });
        (problem === 'too_short' ? this.newPassword : this.newPasswordAgain).focus();
        return;
      }
      this.newPassword.value = '';
      this.newPasswordAgain.value = '';
      this.changeMessage.textContent = '';
      this.setBusy(true, this.text.t('password.working'));
      handlers.changePassword(password);
    });
  }

  // libsodium has loaded (or failed to): only then can Argon2id run.
  private setCryptoReady(ready: boolean): void {
    this.cryptoReady = ready;
    this.loginSubmit.disabled = !ready;
    if (!ready) this.loginMessage.textContent = this.text.t('login.cryptoFailed');
  }

  /** The login form, with a notice of why it is shown again (session over, wrong account) if any. */
  showLogin(notice?: string, focus = false): void {
    this.setBusy(false);
    setShown(this.changeSection, false);
    setShown(this.loginSection, true);
    this.loginMessage.textContent = notice ?? '';
    if (focus) this.pseudonym.focus();
  }

  showLoginProblem(problem: LoginProblem, retryAfterSeconds: number | undefined): void {
    this.setBusy(false);
    this.loginMessage.textContent = this.loginProblemText(problem, retryAfterSeconds);
    (problem === 'login_failed' ? this.password : this.pseudonym).focus();
  }

  showPasswordChange(): void {
    this.setBusy(false);
    setShown(this.loginSection, false);
    setShown(this.changeSection, true);
    this.changeMessage.textContent = '';
    this.newPassword.focus();
  }

  showPasswordChangeProblem(problem: LoginProblem): void {
    this.setBusy(false);
    this.changeMessage.textContent = this.loginProblemText(problem, undefined);
    this.newPassword.focus();
  }

  /** Signed in: both forms go away (and no password is left in a field). */
  hide(): void {
    this.setBusy(false);
    this.password.value = '';
    this.newPassword.value = '';
    this.newPasswordAgain.value = '';
    setShown(this.loginSection, false);
    setShown(this.changeSection, false);
  }

  /** The sentence for why a session ended. */
  endText(reason: SessionEnd): string {
    const keys = {
      logged_out: 'session.loggedOut',
      session_expired: 'session.expired',
      session_invalid: 'session.invalid',
      account_disabled: 'session.accountDisabled',
    } as const;
    return this.text.t(keys[reason]);
  }

  private loginProblemText(problem: LoginProblem, retryAfterSeconds: number | undefined): string {
    if (problem === 'login_locked' && retryAfterSeconds !== undefined) {
      return this.text.t('login.lockedFor', { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) });
    }
    const keys = {
      login_failed: 'login.failed',
      login_locked: 'login.locked',
      account_disabled: 'login.accountDisabled',
      busy: 'login.busy',
      no_connection: 'login.noConnection',
      connection_lost: 'login.connectionLost',
      bad_input: 'login.badInput',
      server_error: 'login.serverError',
    } as const;
    return this.text.t(keys[problem]);
  }

  private setBusy(busy: boolean, progress = ''): void {
    this.busy = busy;
    this.loginSubmit.disabled = busy || this.cryptoReady === false;
    this.changeSubmit.disabled = busy;
    this.loginForm.setAttribute('aria-busy', String(busy));
    this.changeForm.setAttribute('aria-busy', String(busy));
    this.loginProgress.textContent = busy && !this.loginSection.hidden ? progress : '';
    this.changeProgress.textContent = busy && !this.changeSection.hidden ? progress : '';
  }
}
