// The supervisor's dashboard on the page (#dashboard, DOM contract): staffing and chat counts,
// waiting and longest wait per lane, a table of who waits per lane and language, and the mailbox
// card. Updated in place, with the time of the picture and a "stale" mark. Counts only, never a person.
import { byId, setShown } from '../dom';
import type { ConsoleText, TextKey } from '../i18n/i18n';
import { formatWait, waitDuration } from '../staff/wait_format';
import type { DashboardDisplay } from './dashboard_feed';
import { groupKey, hoursAndMinutes, LANES, type Dashboard, type Lane, type MailboxLoad, type WaitingGroup } from './dashboard_message';

const LANE_TEXT: Record<Lane, TextKey> = { support: 'lane.support', consultation: 'lane.consultation' };

export class DashboardView implements DashboardDisplay {
  private readonly section = byId('dashboard', HTMLElement);
  private readonly onDuty = byId('counsellors-on-duty', HTMLElement);
  private readonly busy = byId('counsellors-busy', HTMLElement);
  private readonly free = byId('counsellors-free', HTMLElement);
  private readonly away = byId('counsellors-away', HTMLElement);
  private readonly chatsInProgress = byId('chats-in-progress', HTMLElement);
  private readonly abandoned = byId('abandoned-last-hour', HTMLElement);
  private readonly table = byId('waiting-table', HTMLTableElement);
  private readonly rows: HTMLTableSectionElement;
  private readonly nobodyRow = byId('nobody-waiting', HTMLTableRowElement);
  private readonly updated = byId('dashboard-updated', HTMLTimeElement);
  private readonly staleMark = byId('dashboard-stale', HTMLElement);
  private readonly mailboxCard = byId('mailbox-card', HTMLElement);
  private readonly mailboxWaiting = byId('mailbox-waiting', HTMLElement);
  private readonly mailboxOldest = byId('mailbox-oldest-wait', HTMLTimeElement);
  private readonly mailboxPast = byId('mailbox-past-reply-by', HTMLElement);
  private readonly mailboxAnswered = byId('mailbox-answered-today', HTMLElement);
  private readonly rowsByGroup = new Map<string, HTMLTableRowElement>();
  private lastAt: number | undefined;

  constructor(private readonly text: ConsoleText) {
    const body = this.table.tBodies[0];
    if (!body) throw new Error('#waiting-table has no <tbody>');
    this.rows = body;
  }

  show(dashboard: Dashboard): void {
    const { counsellors } = dashboard;
    setNumber(this.onDuty, counsellors.onDuty);
    setNumber(this.busy, counsellors.busy);
    setNumber(this.free, counsellors.free);
    setNumber(this.away, counsellors.away);
    setNumber(this.chatsInProgress, dashboard.chatsInProgress);
    setNumber(this.abandoned, dashboard.abandonedLastHour);
    for (const lane of dashboard.lanes) {
      setNumber(byId(`lane-${lane.lane}-waiting`, HTMLElement), lane.waiting);
      this.setWait(byId(`lane-${lane.lane}-longest`, HTMLTimeElement), lane.longestWaitSeconds);
    }
    this.showGroups(dashboard.waiting);
    this.showMailbox(dashboard.mailbox);
    this.lastAt = dashboard.at;
    this.updated.dateTime = new Date(dashboard.at * 1000).toISOString();
    this.updated.textContent = this.text.clockTime(dashboard.at);
  }

  setStale(stale: boolean): void {
    this.section.dataset.stale = String(stale);
    // Always in the page (a live region that appears is not reliably read): empty when fresh.
    this.staleMark.textContent = stale
      ? this.text.t(this.lastAt === undefined ? 'dashboard.waitingForData' : 'dashboard.stale')
      : '';
  }

  /** Signed out: every number goes back to a dash, every row away. */
  clear(): void {
    for (const element of [this.onDuty, this.busy, this.free, this.away, this.chatsInProgress, this.abandoned]) {
      element.textContent = '–';
    }
    for (const lane of LANES) {
      byId(`lane-${lane}-waiting`, HTMLElement).textContent = '–';
      this.setWait(byId(`lane-${lane}-longest`, HTMLTimeElement), null);
    }
    this.showGroups([]);
    this.showMailbox(null);
    this.lastAt = undefined;
    this.updated.removeAttribute('datetime');
    this.updated.textContent = '–';
    this.setStale(false);
  }

  /** One row per lane and language, reused while the group waits, in the dashboard's order. */
  private showGroups(groups: readonly WaitingGroup[]): void {
    const wanted = new Set(groups.map(groupKey));
    for (const [key, row] of this.rowsByGroup) {
      if (wanted.has(key)) continue;
      row.remove();
      this.rowsByGroup.delete(key);
    }
    for (const group of groups) {
      const key = groupKey(group);
      let row = this.rowsByGroup.get(key);
      if (!row) {
        row = this.newRow(group);
        this.rowsByGroup.set(key, row);
      }
      const [, , countCell, waitCell] = row.cells;
      if (countCell) setNumber(countCell, group.count);
      const wait = waitCell?.querySelector('time');
      if (wait) this.setWait(wait, group.longestWaitSeconds);
      // append() moves an existing row, so the rows end up in the dashboard's order.
      this.rows.append(row);
    }
    setShown(this.nobodyRow, groups.length === 0);
    if (groups.length === 0) this.rows.append(this.nobodyRow);
  }

  /** The mailbox card; dashes without one (a server without the mailbox). Past reply-by > 0 stands out (data-attention, and its words). */
  private showMailbox(mailbox: MailboxLoad | null): void {
    this.mailboxCard.dataset.attention = String((mailbox?.pastReplyBy ?? 0) > 0);
    if (!mailbox) {
      for (const element of [this.mailboxWaiting, this.mailboxPast, this.mailboxAnswered, this.mailboxOldest]) element.textContent = '–';
      this.mailboxOldest.removeAttribute('datetime');
      return;
    }
    setNumber(this.mailboxWaiting, mailbox.waiting);
    setNumber(this.mailboxPast, mailbox.pastReplyBy);
    setNumber(this.mailboxAnswered, mailbox.answeredToday);
    if (mailbox.oldestWaitSeconds === null) {
      this.mailboxOldest.removeAttribute('datetime');
      this.mailboxOldest.textContent = this.text.t('dashboard.mailboxNone');
    } else {
      this.mailboxOldest.dateTime = waitDuration(mailbox.oldestWaitSeconds);
      this.mailboxOldest.textContent = this.text.t('dashboard.mailboxAge', hoursAndMinutes(mailbox.oldestWaitSeconds));
    }
  }

  private newRow(group: WaitingGroup): HTMLTableRowElement {
    const row = document.createElement('tr');
    row.dataset.lane = group.lane;
    row.dataset.language = group.language;
    const lane = document.createElement('th');
    lane.scope = 'row';
    lane.textContent = this.text.t(LANE_TEXT[group.lane]);
    const language = document.createElement('td');
    language.textContent = this.text.languageName(group.language);
    language.lang = this.text.language;
    const count = document.createElement('td');
    count.className = 'number';
    const wait = document.createElement('td');
    wait.className = 'number';
    wait.append(document.createElement('time'));
    row.append(lane, language, count, wait);
    return row;
  }

  private setWait(element: HTMLTimeElement, seconds: number | null): void {
    if (seconds === null) {
      element.removeAttribute('datetime');
      element.textContent = this.text.t('dashboard.nobodyWaits');
      return;
    }
    element.dateTime = waitDuration(seconds);
    element.textContent = formatWait(seconds);
  }
}

function setNumber(element: HTMLElement, value: number): void {
  const text = String(value);
  // Writing the same text again would make assistive technology announce it again.
  if (element.textContent !== text) element.textContent = text;
}
