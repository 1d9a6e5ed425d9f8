// The language and lane screens: the three language buttons, the two lane buttons (a pair of
// toggle buttons, aria-pressed), the optional age band and topic, and "start".
import { byId } from '../../dom';
import { isLanguage, stringsOf, translate, type Language } from '../../i18n/i18n';
import type { Choices, HelpSeekerIntents, Lane } from '../view';

const isLane = (value: string | undefined): value is Lane => value === 'support' || value === 'consultation';

export class LaneForm {
  private readonly laneButtons = [...document.querySelectorAll<HTMLButtonElement>('#screen-lane button[data-lane]')];
  private readonly ageBand = byId('age-band', HTMLSelectElement);
  private readonly topic = byId('topic', HTMLSelectElement);
  private readonly start = byId('start-chat', HTMLButtonElement);
  private readonly hint = byId('start-hint', HTMLElement);
  private readonly status = byId('start-status', HTMLElement);
  private lane: Lane | undefined;
  private language: Language = 'sv';
  private starting = false;

  constructor(intents: HelpSeekerIntents) {
    // Each language button is labelled in its own language, whatever the page speaks now.
    for (const button of document.querySelectorAll<HTMLButtonElement>('#screen-language button[data-language]')) {
      const language = button.dataset.language ?? '';
      if (!isLanguage(language)) continue;
      button.textContent = stringsOf(language)['language.name'];
      button.addEventListener('click', () => intents.chooseLanguage(language));
    }
    for (const button of this.laneButtons) {
      button.addEventListener('click', () => this.chooseLane(button.dataset.lane));
    }
    this.start.addEventListener('click', () => {
      if (this.starting) return;
      const choices = this.choices();
      if (choices) intents.start(choices);
    });
    byId('change-language', HTMLButtonElement).addEventListener('click', () => intents.changeLanguage());
  }

  setLanguage(language: Language): void {
    this.language = language;
    if (this.hint.textContent !== '') this.hint.textContent = translate(language, 'lane.chooseFirst');
    if (this.starting) this.status.textContent = translate(language, 'lane.connecting');
  }

  /** A join is under way: "start" does nothing more and "connecting" is shown. */
  setStarting(starting: boolean): void {
    this.starting = starting;
    this.start.setAttribute('aria-disabled', String(starting));
    this.status.textContent = starting ? translate(this.language, 'lane.connecting') : '';
  }

  private chooseLane(value: string | undefined): void {
    if (!isLane(value)) return;
    this.lane = value;
    for (const button of this.laneButtons) button.setAttribute('aria-pressed', String(button.dataset.lane === value));
    this.hint.textContent = '';
  }

  /** The choices, or undefined (and a hint, with focus on the first lane button) when no lane is chosen. */
  private choices(): Choices | undefined {
    if (!this.lane) {
      this.hint.textContent = translate(this.language, 'lane.chooseFirst');
      this.laneButtons[0]?.focus();
      return undefined;
    }
    return { lane: this.lane, ageBand: this.ageBand.value, topic: this.topic.value };
  }
}
