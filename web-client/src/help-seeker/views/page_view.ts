// The help-seeker page in the DOM (static/index.html): implements what the state machine asks
// (HelpSeekerView) with one small view per screen, and passes the person's actions back to it.
import type { ConversationMessage } from '../../chat/conversation';
import { byId, make } from '../../dom';
import { showRootFingerprint } from '../../footer';
import { applyDocumentText, helpSeekerText, translate, type Language } from '../../i18n/i18n';
import type { ClosedInfo } from '../../net/server_messages';
import type { ChatNote, ChatStatus, EndReason, HelpSeekerIntents, HelpSeekerView, Notice, Screen, WaitingNote, WaitReason } from '../view';
import { ChatView } from './chat_view';
import { ClosedView } from './closed_view';
import { copyButton } from './copy_text';
import { LaneForm } from './lane_form';
import { MailboxPage } from './mailbox_page';
import { Screens } from './screens';
import { WaitingView } from './waiting_view';

/** Which heading the ended screen gets. */
function endedHeading(reason: EndReason): 'ended.heading.chat' | 'ended.heading.queue' | 'ended.heading.problem' | 'ended.heading.moved' {
  switch (reason) {
    case 'left_queue':
      return 'ended.heading.queue';
    case 'moved_elsewhere':
      return 'ended.heading.moved'; // not over: it goes on in the other window
    case 'setup_failed':
    case 'broken':
    case 'resume_failed':
    case 'no_crypto':
    case 'join_blocked':
      return 'ended.heading.problem';
    default:
      return 'ended.heading.chat';
  }
}

export class PageView implements HelpSeekerView {
  private readonly screens = new Screens();
  private language: Language = 'sv';
  private laneForm: LaneForm | undefined;
  private chat: ChatView | undefined;
  private readonly waiting = new WaitingView();
  private readonly closed = new ClosedView();
  // Sentences for the announcer that belong to the next screen change (said after its heading).
  private pendingSummary: string | undefined;
  // The page's own screen now (the mailbox's "back" returns to it), and the last chat's counsellor.
  private pageScreen: Screen = 'language';
  private counsellor: string | undefined;
  /** The mailbox's screens; call pageTookOver when the page shows one of its own over them. */
  readonly mailbox = new MailboxPage({
    screens: this.screens, language: () => this.language, counsellor: () => this.counsellor,
    backToPage: () => this.screens.show(this.pageScreen),
  });
  onPageTookOver: (() => void) | undefined;

  /** Connects the page's buttons to the state machine; call once, before anything is shown. */
  bind(intents: HelpSeekerIntents): void {
    this.laneForm = new LaneForm(intents);
    this.chat = new ChatView(intents, (text) => this.screens.announce(text));
    this.chat.setLanguage(this.language);
    this.laneForm.setLanguage(this.language);
    byId('leave-queue', HTMLButtonElement).addEventListener('click', () => intents.leaveQueue());
    byId('closed-try-again', HTMLButtonElement).addEventListener('click', () => intents.retry());
    byId('start-again', HTMLButtonElement).addEventListener('click', () => intents.startAgain());
  }

  setLanguage(language: Language): void {
    this.language = language;
    // Every data-text of the page, <html lang> and dir (right-to-left for Arabic), the title and the footer.
    const text = helpSeekerText(language);
    applyDocumentText(text, 'page.title');
    showRootFingerprint({ rootFingerprint: text.t('footer.rootFingerprint'), noRootKey: text.t('footer.noRootKey') });
    this.laneForm?.setLanguage(language);
    this.chat?.setLanguage(language);
  }

  showScreen(screen: Screen): void {
    this.pageScreen = screen;
    if (this.screens.visible.startsWith('mailbox-')) {
      this.mailbox.forget();
      this.onPageTookOver?.();
    }
    const summary = this.pendingSummary;
    this.pendingSummary = undefined;
    this.screens.show(screen, summary);
  }

  setStarting(starting: boolean): void {
    this.laneForm?.setStarting(starting);
  }

  showNotice(notice: Notice | undefined): void {
    this.screens.setNotice(notice ? translate(this.language, `notice.${notice}`) : '');
  }

  showQueue(position: number | undefined, estimatedWaitSeconds: number | null): void {
    const changed = this.waiting.show(this.language, position, estimatedWaitSeconds);
    if (changed !== '') this.say(changed, 'waiting');
  }

  showWaitingNote(note: WaitingNote | undefined): void {
    this.waiting.showNote(this.language, note);
    if (note) this.say(translate(this.language, `waiting.${note}`), 'waiting');
  }

  showClosed(info: ClosedInfo): void {
    this.pendingSummary = this.closed.show(this.language, info);
  }

  showEnded(reason: EndReason): void {
    byId('ended-heading', HTMLElement).textContent = translate(this.language, endedHeading(reason));
    const text = translate(this.language, `ended.${reason}`);
    byId('ended-reason', HTMLElement).textContent = text;
    this.pendingSummary = text;
    this.mailbox.offerKeepInTouch(reason === 'ended_by_help_seeker' || reason === 'ended_by_counsellor' || reason === 'ended');
  }

  setCounsellor(pseudonym: string | undefined): void {
    this.counsellor = pseudonym;
  }

  /** Announces `text` now if `screen` is showing, else right after the change to it. */
  private say(text: string, screen: Screen): void {
    if (this.screens.visible === screen) this.screens.announce(text);
    else this.pendingSummary = text;
  }

  clearChat(): void {
    this.chat?.clear();
  }

  showMessages(messages: readonly ConversationMessage[]): void {
    this.chat?.showMessages(messages);
  }

  showPeerAway(waitsSeconds: number | undefined): void {
    this.chat?.showPeerAway(waitsSeconds);
  }

  showNotDelivered(messages: readonly ConversationMessage[]): void {
    const list = byId('not-delivered-list', HTMLUListElement);
    list.replaceChildren(...messages.map((message) => {
      const item = make('li');
      const text = make('p', 'not-delivered-text', message.text);
      text.dir = 'auto';
      item.append(text, copyButton(this.language, message.text));
      return item;
    }));
    byId('not-delivered', HTMLElement).hidden = messages.length === 0;
    if (messages.length > 0) {
      this.pendingSummary = `${this.pendingSummary ?? ''} ${translate(this.language, 'ended.notDeliveredHeading')}`.trim();
    }
  }

  addNote(note: ChatNote): void {
    this.chat?.addNote(note);
  }

  setChatStatus(status: ChatStatus): void {
    this.chat?.setStatus(status);
  }

  setCanWrite(canWrite: boolean, waits?: WaitReason): void {
    this.chat?.setCanWrite(canWrite, waits);
  }

  showTyping(): void {
    this.chat?.showTyping();
  }

  hideTyping(): void {
    this.chat?.hideTyping();
  }

  setVerificationCode(code: string): void {
    this.chat?.setVerificationCode(code);
  }

  showTransferRequest(shown: boolean): void {
    this.chat?.showTransferRequest(shown);
  }
}
