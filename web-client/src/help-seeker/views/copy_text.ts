// A "copy" button for a message that did not reach the counsellor, so the person can keep their
// words or send them again: the clipboard when the browser allows it, else the text is selected.
import { make } from '../../dom';
import { translate, type Language } from '../../i18n/i18n';

/** A button that copies `text`; it says when it did (or that the text is selected to copy by hand). */
export function copyButton(language: Language, text: string): HTMLButtonElement {
  const button = make('button', 'copy-text secondary', translate(language, 'chat.copy'));
  button.type = 'button';
  button.addEventListener('click', () => {
    const done = () => {
      button.textContent = translate(language, 'chat.copied');
    };
    const selectByHand = () => {
      const body = button.parentElement?.querySelector('.message-text, .not-delivered-text');
      if (body) window.getSelection()?.selectAllChildren(body);
      button.textContent = translate(language, 'chat.copySelected');
    };
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(done, selectByHand);
    else selectByHand();
  });
  return button;
}
