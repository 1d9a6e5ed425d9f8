// Waiting times as minutes:seconds ("1:05", "62:00"), and as an ISO 8601 duration for <time datetime>.

/** Whole seconds as m:ss; negative or fractional input is clamped and floored. */
export function formatWait(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}

/** Whole seconds as a duration such as "PT75S" (the machine-readable twin of formatWait). */
export function waitDuration(seconds: number): string {
  return `PT${Math.max(0, Math.floor(seconds))}S`;
}
