// The field checks every decoder of server messages uses (server_messages.ts, mailbox_messages.ts,
// the supervisor's): a value of the wrong type counts as missing.

/** A whole number ≥ 0 (what the protocol calls int). */
export const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
export const isText = (value: unknown): value is string => typeof value === 'string';
/** A count, or undefined. */
export const countOrUndefined = (value: unknown): number | undefined => (isCount(value) ? value : undefined);
/** A count, or null for anything else. */
export const countOrNull = (value: unknown): number | null => (isCount(value) ? value : null);
/** A text, or null for anything else. */
export const textOrNull = (value: unknown): string | null => (isText(value) ? value : null);
/** A non-empty text, or null. */
export const optionalText = (value: unknown): string | null => (isText(value) && value !== '' ? value : null);
/** null stays null, a text stays; anything else is malformed (undefined). */
export const nullableText = (value: unknown): string | null | undefined => (value === null ? null : isText(value) ? value : undefined);
/** null or absent is null, a count stays; anything else is malformed (undefined). */
export const nullableCount = (value: unknown): number | null | undefined =>
  (value === null || value === undefined ? null : countOrUndefined(value));
export const objectOf = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** Every element decoded, or undefined when one is malformed (a list is taken whole or not at all). */
export function listOf<T>(value: unknown, decode: (item: Record<string, unknown>) => T | undefined): T[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items: T[] = [];
  for (const item of value) {
    const fields = objectOf(item);
    const decoded = fields && decode(fields);
    if (decoded === undefined) return undefined;
    items.push(decoded);
  }
  return items;
}
