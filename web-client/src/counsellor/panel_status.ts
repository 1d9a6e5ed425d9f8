// The status line of one chat panel: what the chat is doing now (securing, secured, failed, ended
// and why, transferred, lost, moved), in the console's words. Pure: the panel passes its state in.
import type { ConsoleText, TextKey } from '../i18n/i18n';
import type { SecureFailure } from './counsellor_chat';

export type PanelPhase = 'securing' | 'ready' | 'failed' | 'ended' | 'transferred' | 'lost' | 'moved';

export interface PanelStatus {
  phase: PanelPhase;
  /** This page came back without the chat's keys: a new epoch is under way (then: done, new code). */
  reconnect: 'none' | 'securing' | 'secured';
  slowHandshake: boolean;
  /** Our end is sealed; chat_ended follows. */
  ending: boolean;
  connected: boolean;
  failure: SecureFailure | undefined;
  /** The server's reason for chat_ended ('' before). */
  endReason: string;
}

export function panelStatusText(text: ConsoleText, status: PanelStatus): string {
  switch (status.phase) {
    case 'securing':
      if (status.reconnect === 'securing') return text.t(status.slowHandshake ? 'chat.reconnectedSlow' : 'chat.reconnectedSecuring');
      return text.t(status.slowHandshake ? 'chat.securingSlow' : 'chat.securing');
    case 'ready':
      if (status.ending) return text.t('chat.ending');
      // Not "encrypted connection" while there is no connection at all: the keys are kept, the chat waits.
      if (!status.connected) return text.t('chat.securedOffline');
      return text.t(status.reconnect === 'secured' ? 'chat.reconnectedSecured' : 'chat.secured');
    case 'failed':
      return text.t('chat.failed', { code: status.failure ?? '' });
    case 'ended':
      return text.t('chat.ended', { reason: endReasonText(text, status.endReason) });
    case 'transferred':
      return text.t('chat.transferred');
    case 'lost':
      return text.t('chat.lost');
    case 'moved':
      return text.t('chat.moved');
  }
}

function endReasonText(text: ConsoleText, endReason: string): string {
  const reasons: Record<string, TextKey> = {
    ended_by_help_seeker: 'endReason.ended_by_help_seeker',
    ended_by_counsellor: 'endReason.ended_by_counsellor',
    blocked: 'endReason.blocked',
    help_seeker_gone: 'endReason.help_seeker_gone',
    counsellor_gone: 'endReason.counsellor_gone',
  };
  const key = reasons[endReason];
  return key ? text.t(key) : text.t('endReason.other');
}
