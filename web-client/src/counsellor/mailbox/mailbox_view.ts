// The console's mailbox section (#mailbox, DOM contract): the key line, the list of threads (each
// a button that opens it, an overdue one marked by class and words), and the open thread with its
// letters, its claim and the reply box. Text through textContent only.
import { byId, make, setShown } from '../../dom';
import type { ConsoleText, TextKey } from '../../i18n/i18n';
import type { MailboxRow, Words } from './mailbox_list';
import type { MailboxControls, MailboxKeyState, MailboxNotice, MailboxView, ThreadDisplay, ThreadState } from './mailbox_views';
import type { LetterProblem, ShownLetter } from './thread_letters';

const KEY_TEXT: Record<MailboxKeyState, TextKey> = {
  none: 'mailbox.keyNone',
  making: 'mailbox.keyMaking',
  ready: 'mailbox.keyReady',
  refused: 'mailbox.keyRefused',
  impossible: 'mailbox.keyImpossible',
};

const PROBLEM_TEXT: Record<LetterProblem, TextKey> = {
  sealed_before_key: 'mailbox.sealedBeforeKey',
  key_unavailable: 'mailbox.keyUnavailable',
  not_from_owner: 'mailbox.notFromOwner',
  unreadable: 'mailbox.unreadable',
};

const STATE_TEXT: Partial<Record<ThreadState, TextKey>> = {
  opening: 'mailbox.opening',
  sending: 'mailbox.sending',
  answered: 'mailbox.answeredByMe',
  gone: 'mailbox.gone',
};

export class MailboxSectionView implements MailboxView {
  private readonly keyState = byId('mailbox-key-state', HTMLElement);
  private readonly list = byId('mailbox-threads', HTMLUListElement);
  private readonly empty = byId('mailbox-empty', HTMLElement);
  private readonly notices = byId('mailbox-notice', HTMLElement);
  private readonly threadSection = byId('mailbox-thread', HTMLElement);
  private readonly threadHeading = byId('mailbox-thread-heading', HTMLElement);
  private readonly threadMeta = byId('mailbox-thread-meta', HTMLElement);
  private readonly threadState = byId('mailbox-thread-state', HTMLElement);
  private readonly letters = byId('mailbox-letters', HTMLOListElement);
  private readonly replyForm = byId('mailbox-reply-form', HTMLFormElement);
  private readonly replyInput = byId('mailbox-reply-input', HTMLTextAreaElement);
  private readonly replySend = byId('mailbox-reply-send', HTMLButtonElement);
  private readonly replyBlocked = byId('mailbox-reply-blocked', HTMLElement);
  private shownBox: string | undefined;

  constructor(private readonly text: ConsoleText, private readonly controls: MailboxControls) {
    this.replyForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.controls.reply(this.replyInput.value)) this.replyInput.value = '';
    });
    byId('mailbox-thread-close', HTMLButtonElement).addEventListener('click', () => {
      this.controls.close();
      this.list.querySelector<HTMLButtonElement>(`li[data-box-id="${CSS.escape(this.shownBox ?? '')}"] button`)?.focus();
    });
  }

  showKeys(state: MailboxKeyState, unopened: number): void {
    this.keyState.dataset.state = state;
    const line = this.text.t(KEY_TEXT[state]);
    this.keyState.textContent = unopened > 0 ? `${line} ${this.text.t('mailbox.keysUnopened', { count: unopened })}` : line;
  }

  showThreads(rows: readonly MailboxRow[]): void {
    this.list.replaceChildren(...rows.map((row) => this.rowElement(row)));
    setShown(this.empty, rows.length === 0);
  }

  showThread(thread: ThreadDisplay | undefined): void {
    setShown(this.threadSection, thread !== undefined);
    const newlyShown = thread !== undefined && thread.boxId !== this.shownBox;
    this.shownBox = thread?.boxId;
    if (!thread) {
      this.letters.replaceChildren();
      this.replyInput.value = '';
      return;
    }
    // A draft belongs to its thread: another thread starts with an empty box.
    if (newlyShown) this.replyInput.value = '';
    this.threadSection.dataset.boxId = thread.boxId;
    this.threadSection.dataset.state = thread.state;
    this.threadHeading.textContent = this.text.t('mailbox.threadHeading');
    this.threadMeta.textContent = this.meta(thread.lane, thread.language, thread.ageBand, thread.topic);
    this.threadState.textContent = this.stateLine(thread);
    this.letters.replaceChildren(...thread.letters.map((letter) => this.letterElement(letter)));
    const mine = thread.state === 'claimed' || thread.state === 'sending';
    setShown(this.replyForm, mine && thread.replyBlock === undefined);
    this.replySend.disabled = thread.state !== 'claimed';
    this.replyBlocked.textContent = mine && thread.replyBlock
      ? this.text.t(thread.replyBlock === 'no_owner' ? 'mailbox.replyNoOwner' : 'mailbox.replyNoKey') : '';
    setShown(this.replyBlocked, this.replyBlocked.textContent !== '');
    if (newlyShown) this.threadHeading.focus();
  }

  notice(key: MailboxNotice | ''): void {
    this.notices.textContent = key === '' ? '' : this.text.t(key);
  }

  private stateLine(thread: ThreadDisplay): string {
    if (thread.state === 'taken') {
      return thread.claimedBy ? this.text.t('mailbox.takenBy', { pseudonym: thread.claimedBy }) : this.text.t('mailbox.taken');
    }
    if (thread.state === 'claimed' && thread.claimExpires !== null) {
      return this.text.t('mailbox.claimedUntil', { time: this.clock(thread.claimExpires) });
    }
    const key = STATE_TEXT[thread.state];
    return key ? this.text.t(key) : '';
  }

  private rowElement(row: MailboxRow): HTMLLIElement {
    const { thread } = row;
    const item = make('li', `mailbox-item${row.overdue ? ' overdue' : ''}`);
    item.dataset.boxId = thread.boxId;
    item.dataset.state = thread.state;
    item.dataset.overdue = String(row.overdue);
    item.dataset.testid = 'mailbox-thread';
    const button = make('button', 'open-thread');
    button.type = 'button';
    button.addEventListener('click', () => this.controls.open(thread.boxId));
    const meta = make('span', 'thread-meta', this.meta(thread.lane, thread.language, thread.ageBand, thread.topic));
    const due = make('span', 'thread-due', this.words(row.due));
    due.dataset.testid = 'thread-due';
    button.append(meta, due);
    if (row.writtenHoursAgo !== null) {
      button.append(make('span', 'thread-age', row.writtenHoursAgo === 0 ? this.text.t('mailbox.writtenThisHour')
        : this.text.t('mailbox.writtenAgo', { hours: row.writtenHoursAgo })));
    }
    if (row.claim) {
      const claim = make('span', 'thread-claim', this.words(row.claim));
      claim.dataset.testid = 'thread-claim';
      button.append(claim);
    }
    item.append(button);
    return item;
  }

  private letterElement(letter: ShownLetter): HTMLLIElement {
    const item = make('li', `letter ${letter.from === 'help_seeker' ? 'theirs' : 'ours'}`);
    item.dataset.number = String(letter.number);
    item.dataset.from = letter.from;
    item.dataset.testid = 'mailbox-letter';
    if (letter.problem) item.dataset.problem = letter.problem;
    const who = letter.from === 'help_seeker' ? this.text.t('mailbox.fromHelpSeeker')
      : this.text.t('mailbox.fromCounsellor', { pseudonym: letter.author ?? '?' });
    const when = new Date(letter.hour * 1000).toLocaleString(this.text.language === 'sv' ? 'sv-SE' : 'en-GB',
      { dateStyle: 'medium', timeStyle: 'short' });
    item.append(make('p', 'letter-meta', `${who} · ${when}`));
    const body = make('p', letter.problem ? 'letter-text problem' : 'letter-text',
      letter.problem ? this.text.t(PROBLEM_TEXT[letter.problem]) : letter.text ?? '');
    body.dir = 'auto';
    item.append(body);
    return item;
  }

  private meta(lane: string | null, language: string | null, ageBand: string | null, topic: string | null): string {
    const parts: string[] = [];
    if (lane) parts.push(this.text.t(lane === 'consultation' ? 'lane.consultation' : 'lane.support'));
    if (language) parts.push(this.text.languageName(language));
    const ageKey = `ageBand.${ageBand ?? ''}`;
    if (ageBand && this.text.has(ageKey)) parts.push(this.text.t(ageKey));
    const topicKey = `topic.${topic ?? ''}`;
    if (topic && this.text.has(topicKey)) parts.push(this.text.t(topicKey));
    return parts.join(' · ');
  }

  private words(words: Words): string {
    return this.text.t(words.key, words.values);
  }

  private clock(unixSeconds: number): string {
    return new Date(unixSeconds * 1000).toLocaleTimeString(this.text.language === 'sv' ? 'sv-SE' : 'en-GB',
      { hour: '2-digit', minute: '2-digit' });
  }
}
