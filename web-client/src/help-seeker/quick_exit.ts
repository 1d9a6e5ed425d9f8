// Quick exit (DESIGN.md, "No trace on the device"): the #quick-exit button, Escape pressed twice
// or Shift three times. The caller ends the chat on the server; this module then empties the page
// and replaces it with a neutral site, so that "back" does not return here.

// Replaced by esbuild's `define` with the neutral site's URL (build.mjs --quick-exit-url).
declare const __TILLIT_QUICK_EXIT_URL__: string | undefined;

const FALLBACK_URL = 'https://www.google.com/';
export const quickExitUrl: string =
  typeof __TILLIT_QUICK_EXIT_URL__ === 'string' && __TILLIT_QUICK_EXIT_URL__ !== '' ? __TILLIT_QUICK_EXIT_URL__ : FALLBACK_URL;

/** Presses in a row, and the time they must fall within from the first one. */
const SEQUENCES: Readonly<Record<string, { presses: number; withinMs: number }>> = {
  Escape: { presses: 2, withinMs: 1500 },
  Shift: { presses: 3, withinMs: 2000 },
};

/**
 * Recognises the key sequences. Only the same key pressed again counts: any other key in
 * between (Shift+A for a capital letter, say) starts over, so ordinary typing never exits.
 */
export class QuickExitKeys {
  private key = '';
  private count = 0;
  private firstAtMs = 0;

  /** One key press (not an auto-repeat); true when it completes a sequence. */
  press(key: string, atMs: number): boolean {
    const name = key === 'Esc' ? 'Escape' : key; // 'Esc': older browsers
    const sequence = SEQUENCES[name];
    if (!sequence) {
      this.key = '';
      this.count = 0;
      return false;
    }
    if (name !== this.key || atMs - this.firstAtMs > sequence.withinMs) {
      this.key = name;
      this.count = 0;
      this.firstAtMs = atMs;
    }
    this.count += 1;
    if (this.count < sequence.presses) return false;
    this.key = '';
    this.count = 0;
    return true;
  }
}

/** Calls `exit` on the button and on the key sequences (listening before anything else on the page). */
export function installQuickExit(button: HTMLElement | null, exit: () => void): void {
  const keys = new QuickExitKeys();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    exit();
  };
  button?.addEventListener('click', once);
  window.addEventListener('keydown', (event) => {
    if (!event.repeat && keys.press(event.key, event.timeStamp)) once();
  }, { capture: true });
}

/**
 * Empties the page (so nothing of the chat stays in this document or its title) and replaces
 * it in the history with the neutral site.
 */
export function leavePage(): void {
  document.title = '';
  document.documentElement.replaceChildren();
  location.replace(quickExitUrl);
}
