// The console's desk bar: who is signed in, the identity key's state (#key-state), the duty
// toggle (#duty-toggle, aria-pressed) and capacity (#capacity), and the desk's notices.
import { byId } from '../dom';
import type { ConsoleText, TextKey } from '../i18n/i18n';
import { MAX_CAPACITY } from './desk';
import type { KeyState } from './key_setup';
import type { DeskNotice, DeskView, DutyState, KeyProblem } from './views';

export interface DeskControls {
  toggleDuty(): void;
  setCapacity(capacity: number): void;
}

const KEY_TEXT: Record<KeyState, TextKey> = {
  none: 'key.none',
  awaiting_certification: 'key.awaiting',
  certified: 'key.certified',
};

const PROBLEM_TEXT: Record<KeyProblem, TextKey> = {
  unwrap_failed: 'key.unwrapFailed',
  malformed: 'key.malformed',
  replaced: 'key.replaced',
  saving: 'key.saving',
  expired: 'key.certificateExpired',
  invalid: 'key.certificateInvalid',
};

export class DeskBarView implements DeskView {
  private readonly signedInAs = byId('signed-in-as', HTMLElement);
  private readonly keyState = byId('key-state', HTMLElement);
  private readonly dutyToggle = byId('duty-toggle', HTMLButtonElement);
  private readonly dutyState = byId('duty-state', HTMLElement);
  private readonly capacity = byId('capacity', HTMLSelectElement);
  private readonly deskNotice = byId('desk-notice', HTMLElement);

  constructor(private readonly text: ConsoleText, controls: DeskControls) {
    this.capacity.replaceChildren();
    for (let capacity = 1; capacity <= MAX_CAPACITY; capacity += 1) {
      this.capacity.append(new Option(String(capacity), String(capacity)));
    }
    this.dutyToggle.addEventListener('click', () => controls.toggleDuty());
    this.capacity.addEventListener('change', () => controls.setCapacity(Number(this.capacity.value)));
  }

  showAccount(pseudonym: string): void {
    this.signedInAs.textContent = this.text.t('desk.signedInAs', { pseudonym });
  }

  showKey(state: KeyState, problem: KeyProblem | undefined): void {
    this.keyState.dataset.state = state;
    this.keyState.textContent = problem ? this.text.t(PROBLEM_TEXT[problem]) : this.text.t(KEY_TEXT[state]);
  }

  showDuty(duty: DutyState): void {
    this.dutyToggle.setAttribute('aria-pressed', String(duty.on));
    this.dutyToggle.disabled = !duty.possible || duty.pending;
    this.dutyToggle.setAttribute('aria-busy', String(duty.pending));
    this.capacity.value = String(duty.capacity);
    this.capacity.disabled = duty.pending;
    let key: TextKey = duty.on ? 'duty.onState' : 'duty.offState';
    if (duty.pending) key = 'duty.pendingState';
    this.dutyState.textContent = this.text.t(key, { capacity: duty.capacity });
  }

  notice(key: DeskNotice | ''): void {
    this.deskNotice.textContent = key === '' ? '' : this.text.t(key, { max: MAX_CAPACITY });
  }

  setConnected(connected: boolean): void {
    this.dutyToggle.dataset.connected = String(connected);
  }
}
