// The #chats grid of the console: makes a panel for each assigned chat, numbers them, keeps
// "no chats" in step, announces new chats through #announcer, and keeps focus on the page when a
// panel goes.
import { setShown } from '../dom';
import type { ConsoleText } from '../i18n/i18n';
import type { AssignedChat } from '../net/server_messages';
import { formatWait } from '../staff/wait_format';
import { ChatPanel } from './chat_panel';
import type { ChatActions } from './views';

/** The #chats grid: numbers the panels, keeps "no chats" in step and announces new ones. */
export class ChatBoard {
  private numberOfChats = 0;
  private readonly panels = new Set<ChatPanel>();

  constructor(private readonly text: ConsoleText, private readonly container: HTMLElement,
    private readonly empty: HTMLElement, private readonly heading: HTMLElement, private readonly announcer: HTMLElement) {}

  /** A ChatViewFactory for the desk. */
  readonly create = (info: AssignedChat, actions: ChatActions): ChatPanel => {
    const panel = new ChatPanel(this.text, info, actions, ++this.numberOfChats, {
      removed: (removed, hadFocus) => this.removed(removed, hadFocus),
    });
    this.panels.add(panel);
    this.container.append(panel.element);
    setShown(this.empty, false);
    this.announce(this.text.t('chat.announceNew', {
      number: this.numberOfChats,
      lane: this.text.t(info.lane === 'consultation' ? 'lane.consultation' : 'lane.support'),
      language: this.text.languageName(info.language),
      wait: formatWait(info.waitedSeconds),
    }));
    return panel;
  };

  /** Says something through #announcer (cleared first, so the same words are said again). */
  announce(message: string): void {
    this.announcer.textContent = '';
    setTimeout(() => {
      this.announcer.textContent = message;
    }, 50);
  }

  /** Forgets the numbering (a new session starts again from chat 1). */
  reset(): void {
    this.numberOfChats = 0;
  }

  private removed(panel: ChatPanel, hadFocus: boolean): void {
    this.panels.delete(panel);
    setShown(this.empty, this.panels.size === 0);
    // Focus must not fall off the page with the panel that held it.
    if (hadFocus) this.heading.focus();
  }
}
