// Which help-seeker screen is visible: exactly one <section id="screen-…"> at a time. A change
// moves focus to the new screen's heading and is said in the #announcer live region.
import { byId } from '../../dom';
import type { MailboxScreen } from '../mailbox/mailbox_view';
import type { Screen } from '../view';

/** The page's screens and the mailbox's. */
export type AnyScreen = Screen | MailboxScreen;

const SCREENS: readonly AnyScreen[] = ['language', 'lane', 'waiting', 'closed', 'chat', 'ended',
  'mailbox-write', 'mailbox-sent', 'mailbox-code', 'mailbox-thread', 'mailbox-deleted'];

export class Screens {
  private readonly announcer = byId('announcer', HTMLElement);
  private readonly notice = byId('notice', HTMLElement);
  private current: AnyScreen = 'language';
  private announceTimer: ReturnType<typeof setTimeout> | undefined;

  get visible(): AnyScreen {
    return this.current;
  }

  /** Shows `screen`, focuses its heading, and announces `summary` (else the heading). */
  show(screen: AnyScreen, summary?: string): void {
    this.current = screen;
    for (const name of SCREENS) byId(`screen-${name}`, HTMLElement).hidden = name !== screen;
    const heading = document.querySelector<HTMLElement>(`#screen-${screen} h1`);
    heading?.focus();
    this.announce(summary ?? heading?.textContent ?? '');
  }

  /** A short message at the top of the page ('' hides it); also announced. */
  setNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = text === '';
    if (text !== '') this.announce(text);
  }

  /**
   * Says `text` through the live region. Emptied first and filled a moment later, so that the
   * same sentence twice in a row is still read out.
   */
  announce(text: string): void {
    clearTimeout(this.announceTimer);
    this.announcer.textContent = '';
    this.announceTimer = setTimeout(() => {
      this.announcer.textContent = text;
    }, 100);
  }
}
