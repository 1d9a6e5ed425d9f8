// What the two people actually say to each other: the plaintext JSON inside each sealed frame
// (docs/crypto.md, "Chat content"). Anything else that decrypts is ignored, not shown.

/** A chat message: the sender's number `n` (1, 2, 3 … per conversation), `seen` = the highest peer n it had. */
export interface MessageContent { type: 'message'; n: number; seen: number; text: string }
/** First content frame of every epoch: `received` = the highest peer message number the sender has. */
export interface SyncContent { type: 'sync'; received: number }

export type ChatContent =
  | MessageContent
  | SyncContent
  | { type: 'typing' } // the sender is typing now; shown for a few seconds
  | { type: 'end' }; // the orderly end, sealed with TAG_FINAL

/** Longest message text in characters: with the JSON around it, it stays under the 4095-byte frame limit in any script. */
export const MAX_MESSAGE_CHARACTERS = 1000;

/**
 * Largest message number (and `seen`, `received`) taken from a peer. No conversation of people
 * comes near it; a larger value is a broken or hostile peer, refused like any malformed content.
 */
export const MAX_MESSAGE_NUMBER = 1_000_000;

/** Largest plaintext of one frame in bytes (docs/crypto.md, "Streams and frames"). */
const MAX_PLAINTEXT_BYTES = 4095;

export const encodeContent = (content: ChatContent): string => JSON.stringify(content);

/** Whether a message with this text fits one frame at any n and seen (JSON escapes can grow a text past 4095 bytes). */
export function messageFits(text: string): boolean {
  if (text.length === 0 || text.length > MAX_MESSAGE_CHARACTERS) return false;
  const widest = encodeContent({ type: 'message', n: MAX_MESSAGE_NUMBER, seen: MAX_MESSAGE_NUMBER, text });
  return new TextEncoder().encode(widest).length <= MAX_PLAINTEXT_BYTES;
}

const isCount = (value: unknown, least: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= least && value <= MAX_MESSAGE_NUMBER;

/** undefined for anything that is not one of the four known shapes (extra fields are ignored: a newer client may say more). */
export function decodeContent(plaintext: string): ChatContent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(plaintext);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { type, n, seen, text, received } = value as Record<string, unknown>;
  switch (type) {
    case 'message':
      if (!isCount(n, 1) || !isCount(seen, 0)) return undefined;
      if (typeof text !== 'string' || text.length === 0 || text.length > MAX_MESSAGE_CHARACTERS) return undefined;
      return { type, n, seen, text };
    case 'sync':
      return isCount(received, 0) ? { type, received } : undefined;
    case 'typing':
    case 'end':
      return { type };
    default:
      return undefined;
  }
}
