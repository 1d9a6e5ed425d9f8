// The server's messages to either page (docs/protocol.md: "Messages to the help-seeker",
// "Messages to the counsellor", "Relay", "Errors"), checked field by field into typed shapes. A
// message of the wrong shape, or of a type the page does not handle, is dropped. Some types mean
// different things to the two sides (`epoch`, `transferred`), so each side has its own entry
// point over the same field checks; the relay messages, `chat_ended` and `error` are decoded once
// for both. libsodium must be ready for the counsellor's (a chat id becomes the handshake's sid).
import { fromBase64Url } from '../crypto/encoding';
import { SESSION_ID_BYTES } from '../crypto/keys';
import type { ServerMessage } from './server_socket';

export interface EmergencyNumber { label: string; number: string }

export interface ClosedInfo {
  reason: 'outside_hours' | 'no_counsellor';
  nextOpening: number | null;
  nextOpeningLocal: string | null;
  emergencyNumbers: EmergencyNumber[];
  texts: Record<string, string>;
}

/** Why the server ended a chat; anything newer than this client knows is 'ended'. */
export type ChatEndReason = 'ended_by_help_seeker' | 'ended_by_counsellor' | 'blocked' | 'help_seeker_gone'
  | 'counsellor_gone' | 'ended';

/** A new key epoch with its bundle (still unparsed: null or malformed means no encrypted chat). */
interface EpochFields { chat: string; epoch: number; token: string; bundle: unknown }

/** The relay's messages (both sides; the counsellor's name their chat, the help-seeker's may). */
export type RelayMessage =
  | { type: 'msg'; seq: number; payload: string }
  | { type: 'accepted'; seq: number }
  | { type: 'delivered'; seq: number }
  | { type: 'undelivered'; seqs: number[] }
  | { type: 'chat_ended'; reason: ChatEndReason };

/** An error; `chat` and `seq` when it is about one frame of a chat, `expected` with out_of_order. */
export interface ErrorMessage { type: 'error'; code: string; chat: string | undefined; seq: number | undefined; expected: number | undefined }

export type IncomingMessage =
  | { type: 'closed'; info: ClosedInfo }
  | { type: 'queue'; position: number; estimatedWait: number | null }
  | { type: 'left' }
  | ({ type: 'paired'; languageDiffers: boolean } & EpochFields)
  | { type: 'requeued' }
  | ({ type: 'resumed'; newEpoch: boolean } & EpochFields)
  | ({ type: 'epoch'; reason: string } & EpochFields)
  | { type: 'transfer_request' }
  | ({ type: 'transferred' } & EpochFields)
  | { type: 'transfer_failed' }
  | RelayMessage
  | { type: 'peer_away'; waitsSeconds: number }
  | { type: 'peer_back' }
  | { type: 'moved_elsewhere' }
  | ErrorMessage;

/** A chat handed to this desk (`assigned`), with what the console shows before the first message. */
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

/** Messages about one chat of the desk: every one names it. */
export type CounsellorChatMessage = { chat: string } & (
  | RelayMessage
  | { type: 'epoch'; epoch: number }
  | { type: 'peer_away'; waitsSeconds: number }
  | { type: 'peer_back' | 'moved_elsewhere' | 'transferred' }
  | { type: 'transfer_pending' | 'transfer_unavailable' | 'transfer_declined' | 'transfer_failed' });

export type CounsellorMessage =
  | { type: 'identity_key_saved'; certificate: string | null }
  | { type: 'duty'; on: boolean | undefined; capacity: number | undefined }
  | { type: 'assigned'; info: AssignedChat }
  | { type: 'tags_saved' }
  | ErrorMessage
  | CounsellorChatMessage;

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown): value is string => typeof value === 'string';
const countOrUndefined = (value: unknown): number | undefined => (isCount(value) ? value : undefined);
const optionalText = (value: unknown): string | null => (isText(value) && value !== '' ? value : null);

const END_REASONS: readonly string[] = ['ended_by_help_seeker', 'ended_by_counsellor', 'blocked', 'help_seeker_gone', 'counsellor_gone'];

function epochFields(m: ServerMessage): EpochFields | undefined {
  const { chat, epoch, token } = m;
  if (!isText(chat) || !isCount(epoch) || !isText(token)) return undefined;
  return { chat, epoch, token, bundle: m.bundle ?? null };
}

function closedInfo(m: ServerMessage): ClosedInfo | undefined {
  if (m.reason !== 'outside_hours' && m.reason !== 'no_counsellor') return undefined;
  const numbers = Array.isArray(m.emergency_numbers) ? m.emergency_numbers : [];
  const texts: Record<string, string> = {};
  if (typeof m.texts === 'object' && m.texts !== null) {
    for (const [language, text] of Object.entries(m.texts)) if (isText(text)) texts[language] = text;
  }
  return {
    reason: m.reason,
    nextOpening: isCount(m.next_opening) ? m.next_opening : null,
    nextOpeningLocal: isText(m.next_opening_local) ? m.next_opening_local : null,
    emergencyNumbers: numbers.filter((n): n is EmergencyNumber =>
      typeof n === 'object' && n !== null && isText((n as EmergencyNumber).label) && isText((n as EmergencyNumber).number)),
    texts,
  };
}

/** The relay messages and `chat_ended`, the same for both sides; undefined for any other type or a malformed one. */
function relayMessage(m: ServerMessage): RelayMessage | undefined {
  switch (m.type) {
    case 'msg':
      return isCount(m.seq) && isText(m.payload) ? { type: 'msg', seq: m.seq, payload: m.payload } : undefined;
    case 'accepted':
    case 'delivered':
      return isCount(m.seq) ? { type: m.type, seq: m.seq } : undefined;
    case 'undelivered':
      return Array.isArray(m.seqs) ? { type: 'undelivered', seqs: m.seqs.filter(isCount) } : undefined;
    case 'chat_ended':
      return { type: 'chat_ended', reason: END_REASONS.includes(m.reason as string) ? m.reason as ChatEndReason : 'ended' };
    default:
      return undefined;
  }
}

function errorMessage(m: ServerMessage): ErrorMessage | undefined {
  if (!isText(m.code)) return undefined;
  return {
    type: 'error', code: m.code,
    chat: isText(m.chat) ? m.chat : undefined, seq: countOrUndefined(m.seq), expected: countOrUndefined(m.expected),
  };
}

/** The help-seeker's typed message, or undefined for a type this page does not handle or a malformed one. */
export function decodeHelpSeekerMessage(m: ServerMessage): IncomingMessage | undefined {
  switch (m.type) {
    case 'closed': {
      const info = closedInfo(m);
      return info && { type: 'closed', info };
    }
    case 'queue':
      if (!isCount(m.position)) return undefined;
      return { type: 'queue', position: m.position, estimatedWait: isCount(m.estimated_wait) ? m.estimated_wait : null };
    case 'left':
    case 'requeued':
    case 'transfer_request':
    case 'transfer_failed':
      return { type: m.type };
    case 'paired': {
      const fields = epochFields(m);
      return fields && { type: 'paired', languageDiffers: m.language_differs === true, ...fields };
    }
    case 'resumed': {
      const fields = epochFields(m);
      return fields && { type: 'resumed', newEpoch: m.new_epoch === true, ...fields };
    }
    case 'epoch': {
      const fields = epochFields(m);
      return fields && { type: 'epoch', reason: isText(m.reason) ? m.reason : '', ...fields };
    }
    case 'transferred': {
      const fields = epochFields(m);
      return fields && { type: 'transferred', ...fields };
    }
    case 'peer_away':
      return { type: 'peer_away', waitsSeconds: isCount(m.waits_seconds) ? m.waits_seconds : 0 };
    case 'peer_back':
    case 'moved_elsewhere':
      return { type: m.type };
    case 'error':
      return errorMessage(m);
    default:
      return relayMessage(m);
  }
}

/** `assigned`: undefined without a valid chat id (16 bytes of B64), epoch, lane or language. */
function assignedChat(m: ServerMessage): AssignedChat | undefined {
  const { chat, lane, language } = m;
  if (!isText(chat) || !isCount(m.epoch) || !isText(lane) || !isText(language)) return undefined;
  let sid: Uint8Array;
  try {
    sid = fromBase64Url(chat);
  } catch {
    return undefined;
  }
  if (sid.length !== SESSION_ID_BYTES) return undefined;
  return {
    chat, sid, epoch: m.epoch, lane, language,
    languageDiffers: m.language_differs === true,
    ageBand: optionalText(m.age_band),
    topic: optionalText(m.topic),
    waitedSeconds: countOrUndefined(m.waited_seconds) ?? 0,
    returning: m.returning === true,
  };
}

/** A message about one chat of the desk; undefined without a `chat`, for another type, or malformed. */
function counsellorChatMessage(m: ServerMessage): CounsellorChatMessage | undefined {
  const chat = m.chat;
  if (!isText(chat)) return undefined;
  switch (m.type) {
    case 'epoch':
      return isCount(m.epoch) ? { type: 'epoch', chat, epoch: m.epoch } : undefined;
    case 'peer_away':
      return { type: 'peer_away', chat, waitsSeconds: isCount(m.waits_seconds) ? m.waits_seconds : 0 };
    case 'peer_back':
    case 'moved_elsewhere':
    case 'transferred':
    case 'transfer_pending':
    case 'transfer_unavailable':
    case 'transfer_declined':
    case 'transfer_failed':
      return { type: m.type, chat };
    default: {
      const relay = relayMessage(m);
      return relay && { ...relay, chat };
    }
  }
}

/** The counsellor desk's typed message (what the staff login leaves to it), or undefined. */
export function decodeCounsellorMessage(m: ServerMessage): CounsellorMessage | undefined {
  switch (m.type) {
    case 'identity_key_saved':
      return { type: 'identity_key_saved', certificate: isText(m.certificate) ? m.certificate : null };
    case 'duty':
      return { type: 'duty', on: typeof m.on === 'boolean' ? m.on : undefined, capacity: countOrUndefined(m.capacity) };
    case 'assigned': {
      const info = assignedChat(m);
      return info && { type: 'assigned', info };
    }
    case 'tags_saved':
      return { type: 'tags_saved' };
    case 'error':
      return errorMessage(m);
    default:
      return counsellorChatMessage(m);
  }
}
