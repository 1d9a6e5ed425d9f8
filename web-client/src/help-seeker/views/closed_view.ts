// The closed screen: why no one can answer, when the centre opens next, the operator's own text
// for this language, and the emergency numbers as tel: links.
import { byId, make } from '../../dom';
import { translate, type Language } from '../../i18n/i18n';
import type { ClosedInfo } from '../../net/server_messages';
import { formatNextOpening, operatorText, telHref } from '../formatting';

export class ClosedView {
  private readonly reason = byId('closed-reason', HTMLElement);
  private readonly nextOpening = byId('next-opening', HTMLElement);
  private readonly text = byId('closed-text', HTMLElement);
  private readonly numbers = byId('emergency-numbers', HTMLUListElement);

  /** Fills the screen; returns the sentence to announce (the reason). */
  show(language: Language, info: ClosedInfo): string {
    const reason = translate(language, `closed.${info.reason}`);
    this.reason.textContent = reason;

    const time = info.reason === 'outside_hours' ? formatNextOpening(language, info.nextOpening, info.nextOpeningLocal) : '';
    this.nextOpening.textContent = time === '' ? '' : translate(language, 'closed.nextOpening', { time });
    this.nextOpening.hidden = time === '';

    const operator = operatorText(info.texts, language);
    this.text.textContent = operator?.text ?? '';
    if (operator) this.text.lang = operator.language;
    else this.text.removeAttribute('lang');
    this.text.hidden = operator === undefined;

    this.numbers.replaceChildren(...info.emergencyNumbers.map(({ label, number }) => {
      const item = make('li');
      const link = make('a', 'phone-number', number);
      link.href = telHref(number);
      link.dir = 'ltr'; // digits, dashes and spaces keep their order in right-to-left text
      const labelText = make('span', 'number-label', label);
      labelText.dir = 'auto'; // the operator's label may be in another language than the page
      item.append(labelText, ' ', link);
      return item;
    }));
    this.numbers.hidden = info.emergencyNumbers.length === 0;
    return reason;
  }
}
