// The end-of-chat tags form of one chat panel (docs/protocol.md "Tags"): outcome, and the
// help-seeker's age band and topic to correct or add, from <template id="tags-template">.
import { cloneTemplate, setShown, within } from '../dom';
import type { ConsoleText } from '../i18n/i18n';
import type { AssignedChat } from '../net/server_messages';
import { AGE_BANDS, isOutcome, OUTCOMES, TOPICS, type ChatTags } from './tag_values';

export class TagsForm {
  private readonly form: HTMLFormElement;
  private saving = false;

  /** Made when the chat has ended: placed just before `before` (the panel's closing part). */
  constructor(private readonly text: ConsoleText, info: AssignedChat, submit: (tags: ChatTags) => void, before: HTMLElement) {
    const form = cloneTemplate('tags-template', text);
    if (!(form instanceof HTMLFormElement)) throw new Error('<template id="tags-template"> must hold a form');
    const outcome = within(form, 'select[name="outcome"]', HTMLSelectElement);
    outcome.append(new Option(text.t('tags.choose'), ''));
    for (const value of OUTCOMES) outcome.append(new Option(text.t(`outcome.${value}`), value));
    const ageBand = within(form, 'select[name="age_band"]', HTMLSelectElement);
    ageBand.append(new Option(text.t('tags.unknown'), ''));
    for (const value of AGE_BANDS) ageBand.append(new Option(text.t(`ageBand.${value}`), value));
    ageBand.value = info.ageBand ?? '';
    const topic = within(form, 'select[name="topic"]', HTMLSelectElement);
    topic.append(new Option(text.t('tags.unknown'), ''));
    for (const value of TOPICS) topic.append(new Option(text.t(`topic.${value}`), value));
    topic.value = info.topic ?? '';
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!isOutcome(outcome.value)) {
        outcome.focus();
        return;
      }
      submit({ outcome: outcome.value, ageBand: ageBand.value || null, topic: topic.value || null });
    });
    this.form = form;
    before.before(form);
  }

  /** The tags are on their way: the button waits, the form says so. */
  setSaving(): void {
    this.saving = true;
  }

  focus(): void {
    this.form.querySelector('select')?.focus();
  }

  /** Shown while the tags can still be saved; the button only while connected and not saving. */
  render(shown: boolean, connected: boolean): void {
    setShown(this.form, shown);
    const submit = this.form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (submit) submit.disabled = this.saving || !connected;
    const state = this.form.querySelector<HTMLElement>('.tags-state');
    if (state) state.textContent = this.saving ? this.text.t('tags.saving') : '';
  }
}
