// The server's messages to a help-seeker (docs/protocol.md, "Messages to the help-seeker" and
// "Relay"), checked field by field into typed shapes. A message of the wrong shape is dropped.
import type { ServerMessage } from '../net/server_socket';

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
  | { type: 'msg'; seq: number; payload: string }
  | { type: 'accepted'; seq: number }
  | { type: 'delivered'; seq: number }
  | { type: 'undelivered'; seqs: number[] }
  | { type: 'chat_ended'; reason: ChatEndReason }
  | { type: 'peer_away'; waitsSeconds: number }
  | { type: 'peer_back' }
  | { type: 'moved_elsewhere' }
  | { type: 'error'; code: string; expected: number | undefined };

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown): value is string => typeof value === 'string';

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

/** The typed message, or undefined for a type this page does not handle or a malformed one. */
export function decodeServerMessage(m: ServerMessage): IncomingMessage | undefined {
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
    case 'msg':
      return isCount(m.seq) && isText(m.payload) ? { type: 'msg', seq: m.seq, payload: m.payload } : undefined;
    case 'accepted':
    case 'delivered':
      return isCount(m.seq) ? { type: m.type, seq: m.seq } : undefined;
    case 'undelivered':
      return Array.isArray(m.seqs) ? { type: 'undelivered', seqs: m.seqs.filter(isCount) } : undefined;
    case 'chat_ended':
      return { type: 'chat_ended', reason: END_REASONS.includes(m.reason as string) ? m.reason as ChatEndReason : 'ended' };
    case 'error':
      return isText(m.code) ? { type: 'error', code: m.code, expected: isCount(m.expected) ? m.expected : undefined } : undefined;
    default:
      return undefined;
  }
}
