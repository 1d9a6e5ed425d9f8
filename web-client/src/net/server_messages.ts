// The server's messages to the pages (docs/protocol.md: "Staff login", "Messages to the
// help-seeker", "Messages to the counsellor", "Relay", "Errors"), checked field by field into
// typed shapes. A message of the wrong shape, or of a type the page does not handle, is dropped.
// Some types mean different things to different readers (`epoch`, `transferred`), so the
// help-seeker, the staff login and the counsellor's desk each have an entry point over the same
// field checks; the relay messages, `chat_ended` and `error` are decoded once for all. libsodium
// must be ready for the counsellor's (a chat id becomes the handshake's sid). The mailbox's
// messages are mailbox_messages.ts's, the field checks message_fields.ts's.
import { fromBase64Url } from '../crypto/encoding';
import { SESSION_ID_BYTES } from '../crypto/keys';
import { countOrUndefined, isCount, isText, optionalText } from './message_fields';
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

/**
 * An error ('' for a code that is missing: it counts as an error not understood); `chat` and `seq`
 * when it is about one frame of a chat, `expected` with out_of_order, `retryAfter` (seconds) where waiting helps.
 */
export interface ErrorMessage {
  type: 'error'; code: string; chat: string | undefined; seq: number | undefined; expected: number | undefined;
  retryAfter: number | undefined;
}

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

function errorMessage(m: ServerMessage): ErrorMessage {
  return {
    type: 'error', code: isText(m.code) ? m.code : '',
    chat: isText(m.chat) ? m.chat : undefined, seq: countOrUndefined(m.seq), expected: countOrUndefined(m.expected),
    retryAfter: typeof m.retry_after === 'number' && Number.isFinite(m.retry_after) ? m.retry_after : undefined,
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
    case 'error': {
      // The page acts on the code: an error without one is dropped.
      const error = errorMessage(m);
      return error.code === '' ? undefined : error;
    }
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

export type StaffRole = 'counsellor' | 'supervisor' | 'admin';

/** What login_ok says about the account (docs/protocol.md); binary values stay base64 here. */
export interface StaffAccount {
  pseudonym: string;
  role: StaffRole;
  languages: string[];
  lanes: string[];
  /** Unix seconds: the session (and a shift key signed in it) ends then. */
  expiresAt: number;
  mustChangePassword: boolean;
  identityPublicKey: string | null;
  wrappedIdentityKey: string | null;
  certificate: string | null;
}

/** The staff login's messages (both staff pages): login_ok with its account undefined when malformed. */
export type StaffLoginMessage =
  | { type: 'login_salt'; salt: string | undefined }
  | { type: 'login_ok'; token: string | undefined; account: StaffAccount | undefined }
  | { type: 'password_changed' }
  | { type: 'logged_out' }
  | ErrorMessage;

const ROLES: readonly StaffRole[] = ['counsellor', 'supervisor', 'admin'];

const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
const stringOrNull = (value: unknown): string | null | undefined =>
  typeof value === 'string' || value === null ? value : undefined;

/** login_ok's fields, or undefined when one is missing or of the wrong type. */
function staffAccount(message: ServerMessage): StaffAccount | undefined {
  const { pseudonym, role, expires_at: expiresAt, must_change_password: mustChange } = message;
  const languages = stringList(message.languages);
  const lanes = stringList(message.lanes);
  const identityPublicKey = stringOrNull(message.identity_public_key);
  const wrappedIdentityKey = stringOrNull(message.wrapped_identity_key);
  const certificate = stringOrNull(message.certificate);
  if (typeof pseudonym !== 'string' || !ROLES.includes(role as StaffRole) || typeof expiresAt !== 'number'
    || typeof mustChange !== 'boolean' || !languages || !lanes || identityPublicKey === undefined
    || wrappedIdentityKey === undefined || certificate === undefined) {
    return undefined;
  }
  return { pseudonym, role: role as StaffRole, languages, lanes, expiresAt, mustChangePassword: mustChange,
    identityPublicKey, wrappedIdentityKey, certificate };
}

/** The staff login's typed message, or undefined for a message that is not the login's (the role's page takes those). */
export function decodeStaffLoginMessage(m: ServerMessage): StaffLoginMessage | undefined {
  switch (m.type) {
    case 'login_salt':
      return { type: 'login_salt', salt: isText(m.salt) ? m.salt : undefined };
    case 'login_ok':
      return { type: 'login_ok', token: isText(m.token) ? m.token : undefined, account: staffAccount(m) };
    case 'password_changed':
    case 'logged_out':
      return { type: m.type };
    case 'error':
      return errorMessage(m);
    default:
      return undefined;
  }
}
