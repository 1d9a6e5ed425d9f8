// The header's #connection-state: whether the page is signed in and connected, reconnecting,
// signed out, or signed out because the session expired (data-state, per the DOM contract).
import type { ConsoleText, TextKey } from '../i18n/i18n';

export type ConnectionState = 'connected' | 'reconnecting' | 'signed_out' | 'session_expired';

const TEXT: Record<ConnectionState, TextKey> = {
  connected: 'connection.connected',
  reconnecting: 'connection.reconnecting',
  signed_out: 'connection.signedOut',
  session_expired: 'connection.sessionExpired',
};

export class ConnectionStateView {
  private readonly element: HTMLElement;

  constructor(private readonly text: ConsoleText) {
    const element = document.getElementById('connection-state');
    if (!element) throw new Error('the page has no #connection-state');
    this.element = element;
  }

  show(state: ConnectionState): void {
    if (this.element.dataset.state === state && this.element.textContent !== '') return;
    this.element.dataset.state = state;
    this.element.textContent = this.text.t(TEXT[state]);
  }
}
