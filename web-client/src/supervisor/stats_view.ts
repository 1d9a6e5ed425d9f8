// The statistics part of the dashboard (DOM contract): the range buttons, uPlot charts on canvas
// (#chart-chats: chats, abandoned and closed-hours visits; #chart-wait: the wait's median and 90th
// percentile; #chart-letters: the mailbox's counts, shown only when the server sends them), and
// table#stats-table with the same numbers, because a canvas is invisible
// to a screen reader. The table is always in the page (visually hidden until shown by its toggle).
// The charts take their container's width, and their colours from console.css.
import uPlot from 'uplot';
import type { ConsoleText, TextKey } from '../i18n/i18n';
import { byId } from '../dom';
import { formatWait } from '../staff/wait_format';
import type { StatsDisplay } from './stats_feed';
import { bucketLabel, chartSeries, hasMail, MAIL_COLUMNS, mailCells, mailSeries, mailTotals, STATS_RANGES, tableRows, totals,
  waitText, type Stats, type StatsRange } from './stats_message';

const CHART_HEIGHT = 220;
// Before the section has a width (hidden), and never narrower than this.
const FALLBACK_WIDTH = 320;
const MIN_WIDTH = 200;

const CAPTION: Record<StatsRange, TextKey> = { '24h': 'stats.caption24h', '30d': 'stats.caption30d' };
const SUMMARY: Record<StatsRange, TextKey> = { '24h': 'stats.summary24h', '30d': 'stats.summary30d' };
const COLUMNS = ['chats', 'abandoned', 'closedVisits', 'waitP50', 'waitP90'] as const;

/** A colour of console.css (custom properties follow the light or dark scheme). */
function cssColour(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** A #rrggbb colour at 40 % opacity (for the bars' fill; their outline keeps the full colour). */
function translucent(colour: string): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? `${colour}66` : colour;
}

export class StatsView implements StatsDisplay {
  private readonly buttons: Record<StatsRange, HTMLButtonElement> = {
    '24h': byId('stats-range-24h', HTMLButtonElement),
    '30d': byId('stats-range-30d', HTMLButtonElement),
  };
  private readonly chatsBox = byId('chart-chats', HTMLElement);
  private readonly waitBox = byId('chart-wait', HTMLElement);
  private readonly lettersBox = byId('chart-letters', HTMLElement);
  private readonly lettersFigure = byId('chart-letters-figure', HTMLElement);
  private readonly table = byId('stats-table', HTMLTableElement);
  private readonly caption: HTMLTableCaptionElement;
  private readonly rows: HTMLTableSectionElement;
  private readonly tableRegion = byId('stats-table-region', HTMLElement);
  private readonly tableToggle = byId('stats-table-toggle', HTMLButtonElement);
  private readonly status = byId('stats-status', HTMLElement);
  private chats: uPlot | undefined;
  private wait: uPlot | undefined;
  private letters: uPlot | undefined;
  private chartRange: StatsRange | undefined;
  private readonly resize: ResizeObserver | undefined;

  constructor(private readonly text: ConsoleText, choose: (range: StatsRange) => void) {
    const caption = this.table.caption;
    const body = this.table.tBodies[0];
    if (!caption || !body) throw new Error('#stats-table needs a <caption> and a <tbody>');
    this.caption = caption;
    this.rows = body;
    for (const range of STATS_RANGES) this.buttons[range].addEventListener('click', () => choose(range));
    this.tableToggle.addEventListener('click', () => this.setTableShown(this.tableToggle.getAttribute('aria-pressed') !== 'true'));
    if (typeof ResizeObserver !== 'undefined') {
      this.resize = new ResizeObserver(() => this.fit());
      this.resize.observe(this.chatsBox);
    }
  }

  showRange(range: StatsRange): void {
    for (const candidate of STATS_RANGES) {
      this.buttons[candidate].setAttribute('aria-pressed', String(candidate === range));
    }
    this.table.dataset.range = range;
    this.caption.textContent = this.text.t(CAPTION[range]);
    if (this.chartRange !== range) this.status.textContent = this.text.t('stats.loading');
  }

  show(stats: Stats): void {
    this.status.textContent = '';
    const series = chartSeries(stats);
    if (this.chartRange !== stats.range || !this.chats || !this.wait) {
      this.destroyCharts();
      this.chartRange = stats.range;
      this.chats = new uPlot(this.countsOptions(stats.range), series.counts, this.chatsBox);
      this.wait = new uPlot(this.waitOptions(stats.range), series.waits, this.waitBox);
    } else {
      this.chats.setData(series.counts);
      this.wait.setData(series.waits);
    }
    const sum = totals(stats);
    const summary = this.text.t(SUMMARY[stats.range], { chats: sum.chats, abandoned: sum.abandoned, closed: sum.closedVisits });
    this.chatsBox.setAttribute('aria-label', `${this.text.t('stats.chatsChart')}. ${summary} ${this.text.t('stats.seeTable')}`);
    this.waitBox.setAttribute('aria-label', `${this.text.t('stats.waitChart')}. ${this.text.t('stats.seeTable')}`);
    this.showLetters(stats);
    this.fillTable(stats);
  }

  /** The letters chart, from the first statistics that have the mailbox's counts; hidden (and gone) without them. */
  private showLetters(stats: Stats): void {
    const shown = hasMail(stats);
    this.lettersFigure.hidden = !shown;
    for (const header of this.table.querySelectorAll<HTMLElement>('th[data-mail]')) header.hidden = !shown;
    if (!shown) {
      this.letters?.destroy();
      this.letters = undefined;
      this.lettersBox.removeAttribute('aria-label');
      return;
    }
    const series = mailSeries(stats);
    if (this.letters) this.letters.setData(series);
    else this.letters = new uPlot(this.lettersOptions(stats.range), series, this.lettersBox);
    const sum = mailTotals(stats);
    const summary = this.text.t('stats.lettersSummary', { letters: sum.letters, replies: sum.replies, inTime: sum.answeredInTime,
      late: sum.answeredLate });
    this.lettersBox.setAttribute('aria-label', `${this.text.t('stats.lettersChart')}. ${summary} ${this.text.t('stats.seeTable')}`);
  }

  /** Signed out: the charts and the numbers go. */
  clear(): void {
    this.destroyCharts();
    this.lettersFigure.hidden = true;
    this.lettersBox.removeAttribute('aria-label');
    this.rows.replaceChildren();
    this.status.textContent = '';
    this.chatsBox.removeAttribute('aria-label');
    this.waitBox.removeAttribute('aria-label');
    this.setTableShown(false);
  }

  private setTableShown(shown: boolean): void {
    this.tableToggle.setAttribute('aria-pressed', String(shown));
    this.tableRegion.classList.toggle('visually-hidden', !shown);
    // Scrollable by keyboard when shown; never a tab stop that cannot be seen.
    if (shown) this.tableRegion.tabIndex = 0;
    else this.tableRegion.removeAttribute('tabindex');
  }

  private fillTable(stats: Stats): void {
    const withMail = hasMail(stats);
    const rows = tableRows(stats, this.text.language).map((row, i) => {
      const tr = document.createElement('tr');
      tr.dataset.start = String(row.start);
      if (row.current) tr.dataset.current = 'true';
      const head = document.createElement('th');
      head.scope = 'row';
      head.textContent = row.current ? this.text.t('stats.soFar', { bucket: row.label }) : row.label;
      tr.append(head);
      for (const column of COLUMNS) {
        const cell = document.createElement('td');
        cell.className = 'number';
        cell.dataset.column = column;
        cell.textContent = row.cells[column];
        tr.append(cell);
      }
      const bucket = stats.buckets[i];
      if (withMail && bucket) {
        const cells = mailCells(bucket);
        for (const column of MAIL_COLUMNS) {
          const cell = document.createElement('td');
          cell.className = 'number';
          cell.dataset.column = column;
          cell.textContent = cells[column];
          tr.append(cell);
        }
      }
      return tr;
    });
    this.rows.replaceChildren(...rows);
  }

  private width(): number {
    const width = this.chatsBox.clientWidth;
    return width > 0 ? Math.max(MIN_WIDTH, width) : FALLBACK_WIDTH;
  }

  private fit(): void {
    const size = { width: this.width(), height: CHART_HEIGHT };
    if (this.chats && this.chats.width !== size.width) this.chats.setSize(size);
    if (this.wait && this.wait.width !== size.width) this.wait.setSize(size);
    if (this.letters && this.letters.width !== size.width) this.letters.setSize(size);
  }

  private destroyCharts(): void {
    this.chats?.destroy();
    this.wait?.destroy();
    this.letters?.destroy();
    this.chats = undefined;
    this.wait = undefined;
    this.letters = undefined;
    this.chartRange = undefined;
  }

  private xAxis(range: StatsRange): uPlot.Axis {
    return {
      ...this.axisLook(),
      values: (_u, splits) => splits.map((start) => this.xLabel(range, start)),
    };
  }

  /** Axis ticks and grid lines: a split of the x scale is a unix time; hours as 14:00, days by date. */
  private xLabel(range: StatsRange, start: number): string {
    if (range === '24h') return bucketLabel('24h', start, this.text.language);
    return new Date(start * 1000).toLocaleDateString(this.text.language === 'sv' ? 'sv-SE' : 'en-GB',
      { day: 'numeric', month: 'numeric' });
  }

  private axisLook(): Pick<uPlot.Axis, 'stroke' | 'grid' | 'ticks'> {
    const grid = cssColour('--chart-grid', '#c8c8c8');
    return { stroke: cssColour('--text', '#1b1b1b'), grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  }

  /** Half a bucket of room at each end, so the first and last bars are whole. */
  private xScale(range: StatsRange): uPlot.Scale {
    const half = (range === '24h' ? 3600 : 86_400) / 2;
    return { time: true, range: (_u, min, max) => [min - half, max + half] };
  }

  private base(range: StatsRange): Pick<uPlot.Options, 'width' | 'height' | 'scales' | 'legend' | 'cursor'> {
    return {
      width: this.width(),
      height: CHART_HEIGHT,
      scales: { x: this.xScale(range) },
      legend: { show: true, live: true },
      // No zooming by dragging: these are a glance, not an analysis tool.
      cursor: { drag: { x: false, y: false } },
    };
  }

  private countsOptions(range: StatsRange): uPlot.Options {
    const label = (_u: uPlot, value: number | null) => (value === null ? '–' : String(value));
    const chats = cssColour('--chart-1', '#1f4e8c');
    return {
      ...this.base(range),
      scales: { x: this.xScale(range), y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
      series: [
        { label: this.text.t(range === '24h' ? 'stats.hour' : 'stats.day'), value: (_u, v) => (v === null ? '–' : this.xLabel(range, v)) },
        // Chats as bars, the other two as lines over them: equal counts would otherwise hide a line.
        { label: this.text.t('stats.chats'), stroke: chats, fill: translucent(chats), width: 2, value: label,
          paths: uPlot.paths.bars?.({ size: [0.6, 24] }), points: { show: false } },
        { label: this.text.t('stats.abandoned'), stroke: cssColour('--chart-2', '#a1131a'), width: 2, dash: [8, 4], value: label },
        { label: this.text.t('stats.closedVisits'), stroke: cssColour('--chart-3', '#7a4d00'), width: 2, dash: [2, 3], value: label },
      ],
      axes: [
        this.xAxis(range),
        { ...this.axisLook(), incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], values: (_u, splits) => splits.map(String) },
      ],
    };
  }

  private lettersOptions(range: StatsRange): uPlot.Options {
    const label = (_u: uPlot, value: number | null) => (value === null ? '–' : String(value));
    const letters = cssColour('--chart-1', '#1f4e8c');
    return {
      ...this.base(range),
      scales: { x: this.xScale(range), y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
      series: [
        { label: this.text.t(range === '24h' ? 'stats.hour' : 'stats.day'), value: (_u, v) => (v === null ? '–' : this.xLabel(range, v)) },
        { label: this.text.t('stats.letters'), stroke: letters, fill: translucent(letters), width: 2, value: label,
          paths: uPlot.paths.bars?.({ size: [0.6, 24] }), points: { show: false } },
        { label: this.text.t('stats.replies'), stroke: cssColour('--chart-3', '#7a4d00'), width: 2, dash: [2, 3], value: label },
        { label: this.text.t('stats.answeredInTime'), stroke: cssColour('--chart-1', '#1f4e8c'), width: 2, value: label },
        { label: this.text.t('stats.answeredLate'), stroke: cssColour('--chart-2', '#a1131a'), width: 2, dash: [8, 4], value: label },
      ],
      axes: [
        this.xAxis(range),
        { ...this.axisLook(), incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], values: (_u, splits) => splits.map(String) },
      ],
    };
  }

  private waitOptions(range: StatsRange): uPlot.Options {
    return {
      ...this.base(range),
      scales: { x: this.xScale(range), y: { range: (_u, _min, max) => [0, Math.max(60, Math.ceil((max ?? 0) * 1.1))] } },
      series: [
        { label: this.text.t(range === '24h' ? 'stats.hour' : 'stats.day'), value: (_u, v) => (v === null ? '–' : this.xLabel(range, v)) },
        { label: this.text.t('stats.waitP50'), stroke: cssColour('--chart-1', '#1f4e8c'), width: 2, points: { show: true }, value: (_u, v) => waitText(v) },
        { label: this.text.t('stats.waitP90'), stroke: cssColour('--chart-2', '#a1131a'), width: 2, dash: [8, 4], points: { show: true }, value: (_u, v) => waitText(v) },
      ],
      axes: [
        this.xAxis(range),
        { ...this.axisLook(), size: 56, incrs: [30, 60, 120, 300, 600, 900, 1200, 1800, 3600], values: (_u, splits) => splits.map(formatWait) },
      ],
    };
  }
}
