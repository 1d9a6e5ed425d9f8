// The one way the apps wait: run a callback later, and cancel it. Logic takes a Schedule (tests
// pass a fake that runs when the test says so); the pages pass the browser's.

/** Cancels what was scheduled; does nothing once it has run or been cancelled. */
export type Cancel = () => void;

/** Runs `callback` once, `ms` milliseconds from now. */
export type Schedule = (callback: () => void, ms: number) => Cancel;

/** Runs `callback` every `ms` milliseconds until cancelled. */
export type Repeat = (callback: () => void, ms: number) => Cancel;

/** The browser's timers. */
export const browserSchedule: Schedule = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

export const browserRepeat: Repeat = (callback, ms) => {
  const timer = setInterval(callback, ms);
  return () => clearInterval(timer);
};
