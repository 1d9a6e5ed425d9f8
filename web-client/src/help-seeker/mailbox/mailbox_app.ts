// The help-seeker's mailbox as a state machine (docs/protocol.md "Mailbox"): writing a first letter
// with a new return code, opening a thread with a typed code, writing again, deleting, and asking
// for a live chat with the counsellor who answered. No DOM, no socket of its own (the link and the
// view come in). The code's keys live only here, in memory, and are wiped whenever the person
// leaves the mailbox (or the thread), the page's own flow takes over, or quick exit is used.
//
//   outside ─writeLetter→ write ─(letter_saved)→ sent
//   outside ─haveCode→ code ─(thread)→ thread ─(thread_deleted)→ deleted
//   thread ─askForChat→ outside + a join with the thread (the page's queue and chat)
import type { Language } from '../../i18n/i18n';
import type { Choices, Lane } from '../view';
import { checkRoster, formatReturnCode, keysOfNewCode, keysOfTypedCode, makeReturnCode, openThreadLetter, sealOwnLetter,
  threadKeyOf, threadProof, wipeThreadKeys, type CheckedRoster, type ThreadKeys } from './mailbox_crypto';
import type { MailboxLink } from './mailbox_link';
import type { MailboxAnswer, Roster, Thread } from '../../net/mailbox_messages';
import type { MailboxIntents, MailboxProblem, MailboxView } from './mailbox_view';

export interface MailboxDependencies {
  view: MailboxView;
  link: MailboxLink;
  /** The pinned root key O. */
  rootKey(): Uint8Array | undefined;
  nowMs(): number;
  /** The page's language and what was chosen on the lane screen (undefined when nothing yet). */
  context(): { language: Language; choices: Choices | undefined };
  /** The page's join, carrying the thread so the counsellor who answered it is preferred. */
  startChat(lane: Lane, mailbox: { box_id: string; box_auth: string }): void;
}

type State =
  | { at: 'outside' | 'sent' | 'code' | 'deleted' | 'gone' }
  | { at: 'write'; keys: ThreadKeys; counsellor: string | undefined; readers: CheckedRoster | undefined; busy: boolean }
  | { at: 'thread'; keys: ThreadKeys; thread: Thread; busy: boolean };

const PROBLEMS: readonly string[] = ['no_such_thread', 'too_many_attempts', 'too_many_letters', 'mailbox_full', 'thread_full',
  'connection_lost'];

export class MailboxApp implements MailboxIntents {
  private state: State = { at: 'outside' };
  // Moves on every change of state: an answer that comes after the person moved on is dropped.
  private visit = 0;

  constructor(private readonly deps: MailboxDependencies) {}

  private get view(): MailboxView {
    return this.deps.view;
  }

  private get nowSeconds(): number {
    return Math.floor(this.deps.nowMs() / 1000);
  }

  // ---- writing a first letter -----------------------------------------------------------------

  writeLetter(counsellor?: string): void {
    if (this.state.at === 'gone') return;
    const code = makeReturnCode();
    // Shown this once, on the writer: the page never shows it again.
    this.view.showWriter(formatReturnCode(code), counsellor);
    this.enter({ at: 'write', keys: keysOfNewCode(code), counsellor, readers: undefined, busy: false });
  }

  sendLetter(text: string, codeKept: boolean): void {
    const state = this.state;
    if (state.at !== 'write' || state.busy) return;
    // Still checking the roster (or it could not be had): the roster line says so; nothing to send to yet.
    if (state.readers === undefined) return;
    const letter = text.trim();
    const problem: MailboxProblem | undefined = letter === '' ? 'empty' : !codeKept ? 'confirm_first'
      : state.readers.readers.length === 0 ? 'no_counsellors' : undefined;
    if (problem) {
      this.view.showProblem(problem);
      return;
    }
    const sealed = sealOwnLetter(letter, state.keys, 1, state.readers.readers);
    if (!sealed) {
      this.view.showProblem('too_long');
      return;
    }
    const { language, choices } = this.deps.context();
    const lane = choices?.lane ?? 'support';
    this.setBusy(state, true);
    this.request({
      type: 'letter_new', ...threadProof(state.keys), thread_key: threadKeyOf(state.keys), lane, language,
      ...(choices && choices.ageBand !== '' ? { age_band: choices.ageBand } : {}),
      ...(choices && choices.topic !== '' ? { topic: choices.topic } : {}),
      ...(state.counsellor !== undefined ? { counsellor: state.counsellor } : {}),
      ...sealed,
    }, (answer) => {
      this.setBusy(state, false);
      if (answer.type !== 'letter_saved') return this.problem(answer);
      this.enter({ at: 'sent' });
      this.view.showSent(answer.replyBy);
    });
  }

  // ---- a thread opened with a code ------------------------------------------------------------

  haveCode(): void {
    if (this.state.at === 'gone') return;
    this.enter({ at: 'code' });
  }

  openCode(typed: string): void {
    if (this.state.at !== 'code') return;
    const keys = keysOfTypedCode(typed);
    if (!keys) {
      this.view.showProblem('malformed_code');
      return;
    }
    const visit = this.visit;
    this.view.setBusy(true);
    this.view.showProblem(undefined);
    this.deps.link.request({ type: 'mailbox_open', ...threadProof(keys) }, (answer) => {
      if (visit !== this.visit) return wipeThreadKeys(keys);
      this.view.setBusy(false);
      if (answer.type !== 'thread') {
        wipeThreadKeys(keys);
        return this.problem(answer);
      }
      this.enter({ at: 'thread', keys, thread: answer.thread, busy: false });
    });
  }

  writeAgain(text: string): void {
    const state = this.state;
    if (state.at !== 'thread' || state.busy) return;
    const letter = text.trim();
    if (letter === '') return this.view.showProblem('empty');
    this.setBusy(state, true);
    this.fetchRoster(state.thread.lane, (readers) => {
      if (readers.readers.length === 0) {
        this.setBusy(state, false);
        return this.view.showProblem('no_counsellors');
      }
      this.sendAgain(state, letter, readers, true);
    }, () => this.setBusy(state, false));
  }

  /** Sends `letter` as the thread's next; on `letter_number` (a reply came meanwhile) reads the thread and tries once more. */
  private sendAgain(state: State & { at: 'thread' }, letter: string, readers: CheckedRoster, mayRetry: boolean): void {
    const number = state.thread.letters.length + 1;
    const sealed = sealOwnLetter(letter, state.keys, number, readers.readers);
    if (!sealed) {
      this.setBusy(state, false);
      return this.view.showProblem('too_long');
    }
    this.request({ type: 'letter', ...threadProof(state.keys), number, ...sealed }, (answer) => {
      if (answer.type === 'error' && answer.code === 'letter_number' && mayRetry) {
        return this.reread(state, () => this.sendAgain(state, letter, readers, false));
      }
      if (answer.type !== 'letter_saved') {
        this.setBusy(state, false);
        return this.problem(answer);
      }
      this.reread(state, () => {
        this.setBusy(state, false);
        this.view.showWrittenAgain(answer.replyBy);
      });
    });
  }

  /** Reads the thread again and shows it, then `then()`. */
  private reread(state: State & { at: 'thread' }, then: () => void): void {
    this.request({ type: 'mailbox_open', ...threadProof(state.keys) }, (answer) => {
      if (answer.type !== 'thread') {
        this.setBusy(state, false);
        return this.problem(answer);
      }
      state.thread = answer.thread;
      this.showThread(state);
      then();
    });
  }

  deleteThread(): void {
    const state = this.state;
    if (state.at !== 'thread' || state.busy) return;
    this.setBusy(state, true);
    this.request({ type: 'mailbox_delete', ...threadProof(state.keys) }, (answer) => {
      this.setBusy(state, false);
      if (answer.type !== 'thread_deleted') return this.problem(answer);
      this.enter({ at: 'deleted' });
    });
  }

  askForChat(): void {
    const state = this.state;
    if (state.at !== 'thread' || state.thread.answeredBy === null) return;
    const proof = threadProof(state.keys);
    const lane: Lane = state.thread.lane === 'consultation' ? 'consultation' : 'support';
    this.leave();
    this.deps.startChat(lane, proof);
  }

  // ---- leaving ----------------------------------------------------------------------------------

  /** Back to where the person came from: the keys are wiped and the mailbox connection closed. */
  leave(): void {
    if (this.state.at === 'gone') return;
    this.close({ at: 'outside' });
    this.view.leaveMailbox();
  }

  /** The page's own flow showed one of its screens (a counsellor became free, say): the mailbox is left. */
  pageTookOver(): void {
    if (this.state.at !== 'outside' && this.state.at !== 'gone') this.close({ at: 'outside' });
  }

  /** Quick exit: keys wiped, connection closed, nothing more happens. */
  quickExit(): void {
    this.close({ at: 'gone' });
  }

  // ---- steps ------------------------------------------------------------------------------------

  private enter(next: State): void {
    this.close(next);
    this.view.showProblem(undefined);
    this.view.setBusy(false);
    switch (next.at) {
      case 'write':
        this.view.showMailbox('mailbox-write');
        this.fetchRoster(this.deps.context().choices?.lane ?? 'support', (readers) => { next.readers = readers; });
        return;
      case 'thread':
        this.showThread(next);
        this.view.showMailbox('mailbox-thread');
        return;
      case 'sent':
      case 'code':
      case 'deleted':
        this.view.showMailbox(`mailbox-${next.at}`);
        return;
      default:
    }
  }

  /** Leaves the current state: its keys wiped; the connection closed unless the next state needs it. */
  private close(next: State): void {
    const previous = this.state;
    if (previous.at === 'write' || previous.at === 'thread') wipeThreadKeys(previous.keys);
    this.visit += 1;
    this.state = next;
    if (next.at === 'outside' || next.at === 'gone' || next.at === 'deleted' || next.at === 'sent') this.deps.link.stop();
  }

  private showThread(state: State & { at: 'thread' }): void {
    const root = this.deps.rootKey();
    const { thread } = state;
    this.view.showThread({
      letters: thread.letters.map((letter) => openThreadLetter(letter, state.keys, thread.revocationList, root)),
      replyBy: thread.replyBy, answeredBy: thread.answeredBy,
    });
  }

  /** The lane's roster, verified now; the view says who can receive (or that nobody can). */
  private fetchRoster(lane: string, then: (readers: CheckedRoster) => void, failed?: () => void): void {
    this.view.showRoster({ state: 'loading' });
    this.request({ type: 'mailbox_roster', lane }, (answer) => {
      if (answer.type !== 'mailbox_roster') {
        // The roster line says it; a lost connection or a wait is said as a problem too.
        this.view.showRoster({ state: 'failed' });
        if (answer.type === 'error' && answer.code !== 'server_error' && PROBLEMS.includes(answer.code)) this.problem(answer);
        failed?.();
        return;
      }
      const readers = this.checked(answer.roster);
      this.view.showRoster(readers.readers.length === 0 ? { state: 'none', refused: readers.refused }
        : { state: 'ready', refused: readers.refused, replyWithinHours: answer.roster.replyWithinHours });
      then(readers);
    });
  }

  private checked(roster: Roster): CheckedRoster {
    return checkRoster(roster.counsellors, roster.revocationList, this.deps.rootKey(), this.nowSeconds);
  }

  /** A request whose answer counts only while the person is still where they asked it. */
  private request(message: object, answered: (answer: MailboxAnswer) => void): void {
    const visit = this.visit;
    this.deps.link.request(message, (answer) => {
      if (visit === this.visit) answered(answer);
    });
  }

  private setBusy(state: { busy: boolean }, busy: boolean): void {
    state.busy = busy;
    this.view.setBusy(busy);
  }

  private problem(answer: MailboxAnswer): void {
    if (answer.type !== 'error') return this.view.showProblem('server_error');
    const code = PROBLEMS.includes(answer.code) ? (answer.code as MailboxProblem) : 'server_error';
    this.view.showProblem(code, answer.retryAfter);
  }
}
