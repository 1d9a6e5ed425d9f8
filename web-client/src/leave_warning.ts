// The browser's "leave this page?" question while a chat is going on (the console with open
// chats, the help-seeker in a chat): a reload or a closed tab would cut a person off. The quick
// exit disarms it for good first, so that it never asks.

export class LeaveWarning {
  private asking = false;
  private disarmed = false;
  private readonly onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.asking || this.disarmed) return;
    // Both ways of asking: preventDefault (the standard) and returnValue (older Chromium, Safari).
    event.preventDefault();
    event.returnValue = '';
  };

  constructor(private readonly target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window) {}

  /** Asks before leaving while `on` (a handler is registered only then: it costs the page its back/forward cache). */
  set(on: boolean): void {
    if (this.disarmed || on === this.asking) return;
    this.asking = on;
    if (on) this.target.addEventListener('beforeunload', this.onBeforeUnload);
    else this.target.removeEventListener('beforeunload', this.onBeforeUnload);
  }

  /** Never asks again (the quick exit: leaving must not wait for anything). */
  disarm(): void {
    this.disarmed = true;
    this.asking = false;
    this.target.removeEventListener('beforeunload', this.onBeforeUnload);
  }
}
