// The `assigned` message (docs/protocol.md "Messages to the counsellor"): a chat for this desk,
// with what the console shows before the first message (lane, language, waited).
import { fromBase64Url } from '../crypto/encoding';
import { SESSION_ID_BYTES } from '../crypto/keys';
import type { ServerMessage } from '../net/server_socket';

export interface AssignedChat {
  chat: string;
  /** The chat id's 16 bytes (the handshake's sid). */
  sid: Uint8Array;
  epoch: number;
  lane: string;
  language: string;
  languageDiffers: boolean;
  ageBand: string | null;
  topic: string | null;
  waitedSeconds: number;
  /** Handed to a new connection of this counsellor in an epoch that already ran (spec C): keys may be missing. */
  returning: boolean;
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
const optionalText = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** undefined for a message without a valid chat id, epoch, lane or language. libsodium must be ready. */
export function parseAssigned(message: ServerMessage): AssignedChat | undefined {
  const { chat, lane, language } = message;
  const epoch = count(message.epoch);
  if (typeof chat !== 'string' || epoch === undefined || typeof lane !== 'string' || typeof language !== 'string') {
    return undefined;
  }
  let sid: Uint8Array;
  try {
    sid = fromBase64Url(chat);
  } catch {
    return undefined;
  }
  if (sid.length !== SESSION_ID_BYTES) return undefined;
  return {
    chat,
    sid,
    epoch,
    lane,
    language,
    languageDiffers: message.language_differs === true,
    ageBand: optionalText(message.age_band),
    topic: optionalText(message.topic),
    waitedSeconds: count(message.waited_seconds) ?? 0,
    returning: message.returning === true,
  };
}

/** A message's `chat` field, if it has one. */
export const chatOf = (message: ServerMessage): string | undefined =>
  (typeof message.chat === 'string' ? message.chat : undefined);

/** A message's `seq` (or another count field), if it is a whole number ≥ 0. */
export const countOf = (message: ServerMessage, field = 'seq'): number | undefined => count(message[field]);
