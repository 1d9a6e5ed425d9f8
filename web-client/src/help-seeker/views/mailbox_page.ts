// The mailbox screens in the DOM (static/index.html, screen-mailbox-*): implements MailboxView and
// passes the person's actions to the mailbox (mailbox/mailbox_app.ts), plus the four ways in
// (the closed screen, the waiting room, the end of a chat, "I have a code" on the entry page).
import { byId, make } from '../../dom';
import { translate, type Language } from '../../i18n/i18n';
import { formatLetterTime, formatNumber } from '../formatting';
import type { OpenedLetter } from '../mailbox/mailbox_crypto';
import type { MailboxIntents, MailboxProblem, MailboxScreen, MailboxView, RosterState, ShownThread } from '../mailbox/mailbox_view';
import type { Screens } from './screens';

export interface MailboxPageDeps {
  screens: Screens;
  language(): Language;
  /** The counsellor of the last chat (for "keep in touch"), if any. */
  counsellor(): string | undefined;
  /** Shows the page's screen the mailbox was opened from. */
  backToPage(): void;
}

const PROBLEM_ELEMENTS: Partial<Record<MailboxScreen, string>> = {
  'mailbox-write': 'mailbox-write-problem', 'mailbox-code': 'mailbox-code-problem', 'mailbox-thread': 'mailbox-thread-problem',
};

export class MailboxPage implements MailboxView {
  private readonly letterInput = byId('letter-input', HTMLTextAreaElement);
  private readonly codeKept = byId('code-kept', HTMLInputElement);
  private readonly sendLetterButton = byId('send-letter', HTMLButtonElement);
  private readonly codeInput = byId('code-input', HTMLInputElement);
  private readonly againInput = byId('write-again-input', HTMLTextAreaElement);
  private readonly askChat = byId('ask-chat', HTMLButtonElement);
  private readonly deleteConfirm = byId('delete-confirm', HTMLElement);
  private screen: MailboxScreen | undefined;
  private rosterReady = false;
  private busy = false;

  constructor(private readonly deps: MailboxPageDeps) {}

  private get language(): Language {
    return this.deps.language();
  }

  /** Connects the mailbox's buttons and the ways in; call once. */
  bind(intents: MailboxIntents): void {
    const click = (id: string, action: () => void) => byId(id, HTMLButtonElement).addEventListener('click', action);
    click('write-letter-closed', () => intents.writeLetter());
    click('write-letter-waiting', () => intents.writeLetter());
    click('keep-in-touch', () => intents.writeLetter(this.deps.counsellor()));
    click('have-code', () => intents.haveCode());
    click('send-letter', () => {
      if (!this.busy) intents.sendLetter(this.letterInput.value, this.codeKept.checked);
    });
    this.codeKept.addEventListener('change', () => this.updateSendable());
    for (const id of ['mailbox-write-back', 'mailbox-sent-done', 'mailbox-code-back', 'mailbox-thread-back', 'mailbox-deleted-done']) {
      click(id, () => intents.leave());
    }
    byId('code-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      if (!this.busy) intents.openCode(this.codeInput.value);
    });
    byId('write-again-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      if (!this.busy) intents.writeAgain(this.againInput.value);
    });
    click('ask-chat', () => intents.askForChat());
    // Deleting asks once more first; the question goes away on "no".
    click('delete-thread', () => this.showDeleteQuestion(true));
    click('delete-no', () => this.showDeleteQuestion(false));
    click('delete-yes', () => {
      this.showDeleteQuestion(false);
      intents.deleteThread();
    });
  }

  /** The ended screen: "keep in touch" only after a chat with a known counsellor. */
  offerKeepInTouch(shown: boolean): void {
    const button = byId('keep-in-touch', HTMLButtonElement);
    const counsellor = this.deps.counsellor();
    button.hidden = !shown || counsellor === undefined;
    if (counsellor !== undefined) button.textContent = translate(this.language, 'mailbox.keepInTouch', { counsellor });
  }

  showMailbox(screen: MailboxScreen): void {
    this.screen = screen;
    for (const id of Object.values(PROBLEM_ELEMENTS)) {
      byId(id, HTMLElement).textContent = '';
      byId(id, HTMLElement).dataset.problem = '';
    }
    if (screen === 'mailbox-code') this.codeInput.value = '';
    this.deps.screens.show(screen);
  }

  leaveMailbox(): void {
    this.forget();
    this.deps.backToPage();
  }

  /** Empties every field that held a code, a letter or a thread (the page keeps nothing of them). */
  forget(): void {
    this.screen = undefined;
    this.letterInput.value = '';
    this.againInput.value = '';
    this.codeInput.value = '';
    this.codeKept.checked = false;
    byId('return-code', HTMLElement).textContent = '';
    byId('thread-letters', HTMLOListElement).replaceChildren();
  }

  showWriter(formattedCode: string, counsellor: string | undefined): void {
    this.letterInput.value = '';
    this.codeKept.checked = false;
    byId('return-code', HTMLElement).textContent = formattedCode;
    const to = byId('letter-counsellor', HTMLElement);
    to.hidden = counsellor === undefined;
    to.textContent = counsellor === undefined ? '' : translate(this.language, 'mailbox.write.toCounsellor', { counsellor });
    byId('reply-within', HTMLElement).textContent = '';
  }

  showRoster(roster: RosterState): void {
    this.rosterReady = roster.state === 'ready';
    const parts = [translate(this.language, `mailbox.roster.${roster.state}`)];
    if ((roster.state === 'ready' || roster.state === 'none') && roster.refused > 0) {
      parts.push(translate(this.language, 'mailbox.roster.refused', { count: formatNumber(this.language, roster.refused) }));
    }
    const status = byId(this.screen === 'mailbox-thread' ? 'thread-roster-status' : 'roster-status', HTMLElement);
    status.dataset.state = roster.state;
    // On the thread the status is said only when something is wrong or under way.
    status.textContent = this.screen === 'mailbox-thread' && roster.state === 'ready' && roster.refused === 0 ? '' : parts.join(' ');
    if (roster.state === 'ready') {
      byId('reply-within', HTMLElement).textContent = translate(this.language, 'mailbox.code.replyWithin',
        { hours: formatNumber(this.language, roster.replyWithinHours) });
    }
    this.updateSendable();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    for (const id of ['open-code', 'send-again', 'delete-yes']) byId(id, HTMLButtonElement).setAttribute('aria-disabled', String(busy));
    this.updateSendable();
  }

  showProblem(problem: MailboxProblem | undefined, waitSeconds?: number): void {
    const id = this.screen ? PROBLEM_ELEMENTS[this.screen] : undefined;
    if (!id) return;
    const minutes = formatNumber(this.language, Math.max(1, Math.ceil((waitSeconds ?? 60) / 60)));
    const element = byId(id, HTMLElement);
    element.textContent = problem ? translate(this.language, `mailbox.problem.${problem}`, { minutes }) : '';
    element.dataset.problem = problem ?? '';
    if (problem) this.deps.screens.announce(byId(id, HTMLElement).textContent ?? '');
  }

  showSent(replyBy: number | null): void {
    byId('letter-reply-by', HTMLElement).textContent = replyBy === null
      ? translate(this.language, 'mailbox.sent.replyByUnknown')
      : translate(this.language, 'mailbox.sent.replyBy', { time: formatLetterTime(this.language, replyBy) });
    this.forget();
    this.screen = 'mailbox-sent';
  }

  showThread(thread: ShownThread): void {
    byId('thread-letters', HTMLOListElement).replaceChildren(...thread.letters.map((letter) => this.letterItem(letter)));
    const replyBy = byId('thread-reply-by', HTMLElement);
    replyBy.hidden = thread.replyBy === null;
    replyBy.textContent = thread.replyBy === null ? ''
      : translate(this.language, 'mailbox.thread.replyBy', { time: formatLetterTime(this.language, thread.replyBy) });
    this.askChat.hidden = thread.answeredBy === null;
    this.askChat.textContent = thread.answeredBy === null ? '' : translate(this.language, 'mailbox.askChat', { counsellor: thread.answeredBy });
    this.showDeleteQuestion(false);
  }

  showWrittenAgain(replyBy: number | null): void {
    this.againInput.value = '';
    const text = replyBy === null ? translate(this.language, 'mailbox.thread.writtenAgainUnknown')
      : translate(this.language, 'mailbox.thread.writtenAgain', { time: formatLetterTime(this.language, replyBy) });
    const status = byId('thread-roster-status', HTMLElement);
    status.dataset.state = 'sent';
    status.textContent = text;
  }

  private letterItem(letter: OpenedLetter): HTMLLIElement {
    const item = make('li', `letter ${letter.from === 'help_seeker' ? 'mine' : 'theirs'}`);
    item.dataset.number = String(letter.number);
    item.dataset.state = letter.text === undefined ? (letter.from === 'counsellor' ? 'not_verified' : 'not_opened') : 'opened';
    const who = letter.from === 'help_seeker' ? translate(this.language, 'mailbox.thread.mine')
      : letter.author !== null && letter.text !== undefined
        ? translate(this.language, 'mailbox.thread.fromCounsellor', { counsellor: letter.author })
        : translate(this.language, 'mailbox.thread.fromCentre');
    const heading = make('p', 'letter-meta');
    const time = make('time', '', formatLetterTime(this.language, letter.hour));
    time.dateTime = new Date(letter.hour * 1000).toISOString();
    heading.append(make('span', 'letter-author', who), ' · ', time);
    const body = letter.text !== undefined ? make('p', 'letter-text', letter.text)
      : make('p', 'letter-problem', translate(this.language, letter.from === 'counsellor' ? 'mailbox.thread.notVerified' : 'mailbox.thread.notOpened'));
    body.dir = 'auto';
    item.append(heading, body);
    return item;
  }

  private showDeleteQuestion(shown: boolean): void {
    this.deleteConfirm.hidden = !shown;
    if (shown) byId('delete-no', HTMLButtonElement).focus();
  }

  /** Send is on only with a verified roster, the code confirmed, and nothing under way. */
  private updateSendable(): void {
    this.sendLetterButton.setAttribute('aria-disabled', String(!(this.rosterReady && this.codeKept.checked && !this.busy)));
  }
}
