// The waiting room: place in the queue and an honest estimated wait (unknown when the server
// says null), and a note after a drop or a requeue.
import { byId } from '../../dom';
import { translate, type Language } from '../../i18n/i18n';
import { formatNumber, formatWait } from '../formatting';
import type { WaitingNote } from '../view';

export class WaitingView {
  private readonly position = byId('queue-position', HTMLElement);
  private readonly wait = byId('queue-wait', HTMLElement);
  private readonly note = byId('waiting-note', HTMLElement);
  private shownPosition: number | undefined;

  /** Returns the sentence to announce when the position changed ('' otherwise). */
  show(language: Language, position: number | undefined, estimatedWaitSeconds: number | null): string {
    this.position.textContent = position === undefined
      ? translate(language, 'waiting.positionUnknown')
      : formatNumber(language, position);
    this.wait.textContent = estimatedWaitSeconds === null
      ? translate(language, 'waiting.unknown')
      : translate(language, 'waiting.estimate', { duration: formatWait(language, estimatedWaitSeconds) });
    const changed = position !== undefined && position !== this.shownPosition;
    this.shownPosition = position;
    return changed ? translate(language, 'waiting.positionAnnouncement', { position: formatNumber(language, position) }) : '';
  }

  showNote(language: Language, note: WaitingNote | undefined): void {
    this.note.textContent = note ? translate(language, `waiting.${note}`) : '';
    this.note.hidden = note === undefined;
  }
}
