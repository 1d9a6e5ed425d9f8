// What the two people actually say to each other: the plaintext JSON inside each sealed frame
// (docs/protocol.md, "Chat content"). Anything else that decrypts is ignored, not shown.

export type ChatContent =
  | { type: 'message'; text: string }
  | { type: 'typing' } // the sender is typing now; shown for a few seconds
  | { type: 'end' }; // the orderly end, sealed with TAG_FINAL

/** Longest message text in characters: with the JSON around it, it stays under the 4095-byte frame limit in any script. */
export const MAX_MESSAGE_CHARACTERS = 1000;

export const encodeContent = (content: ChatContent): string => JSON.stringify(content);

/** undefined for anything that is not one of the three known shapes. */
export function decodeContent(plaintext: string): ChatContent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(plaintext);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, text } = value as { type?: unknown; text?: unknown };
  if (type === 'message' && typeof text === 'string' && text.length > 0 && text.length <= MAX_MESSAGE_CHARACTERS) {
    return { type, text };
  }
  if (type === 'typing' || type === 'end') return { type };
  return undefined;
}
