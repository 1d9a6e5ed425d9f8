// The report form on the dashboard (DOM contract: #report-from, #report-to, button#report-download,
// #report-status): the chosen days, the state of the request, and the download itself, made from a
// Blob behind an object URL that is revoked once the browser has taken the file.
import { byId } from '../dom';
import type { ConsoleText, TextKey } from '../i18n/i18n';
import { lastFullMonth, MAX_REPORT_DAYS, type ReportProblem, type ReportState } from './report_export';

const PROBLEM_TEXT: Record<ReportProblem, TextKey> = {
  bad_dates: 'report.badDates',
  order: 'report.order',
  too_long: 'report.tooLong',
  no_connection: 'report.noConnection',
  connection_lost: 'report.connectionLost',
  refused: 'report.refused',
  rate_limited: 'report.rateLimited',
  server_error: 'report.serverError',
};
// Long enough for the browser to have started the download, short enough not to keep the CSV around.
const REVOKE_AFTER_MS = 10_000;

/** Offers `content` as a file: an <a download> to an object URL, clicked, removed, the URL revoked. */
export function downloadText(filename: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

export class ReportView {
  private readonly form = byId('report-form', HTMLFormElement);
  private readonly from = byId('report-from', HTMLInputElement);
  private readonly to = byId('report-to', HTMLInputElement);
  private readonly button = byId('report-download', HTMLButtonElement);
  private readonly status = byId('report-status', HTMLElement);

  constructor(private readonly text: ConsoleText, request: (first: string, last: string) => void) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      request(this.from.value, this.to.value);
    });
    this.resetDates();
  }

  /** The default period: the last full month. */
  resetDates(today = new Date()): void {
    const { first, last } = lastFullMonth(today);
    this.from.value = first;
    this.to.value = last;
  }

  showState(state: ReportState): void {
    this.button.disabled = state.kind === 'working';
    this.form.setAttribute('aria-busy', String(state.kind === 'working'));
    this.status.dataset.state = state.kind;
    this.status.classList.toggle('problem', state.kind === 'failed');
    switch (state.kind) {
      case 'idle':
        this.status.textContent = '';
        break;
      case 'working':
        this.status.textContent = this.text.t('report.working');
        break;
      case 'done':
        this.status.textContent = this.text.t('report.done', { filename: state.filename });
        break;
      case 'failed':
        this.status.textContent = this.text.t(PROBLEM_TEXT[state.problem], { max: MAX_REPORT_DAYS });
        if (state.problem === 'bad_dates' || state.problem === 'order' || state.problem === 'too_long') this.from.focus();
        break;
    }
  }
}
