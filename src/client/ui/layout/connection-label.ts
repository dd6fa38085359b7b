/** The connection state in words and colour, for the status bar and the name prompt. */
import type { ConnectionStatus } from '../../core/state.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import { theme } from './theme.js';

export function connectionLabel(
  status: ConnectionStatus,
  nowMs: number,
  /** Set while the server still holds our name from before a drop (we keep asking for it). */
  reclaimingName: string | null = null,
  /** Until when we keep asking for it (shown as "up to N s"). */
  reclaimUntilMs?: number,
): { text: string; color: string } {
  switch (status.kind) {
    case 'idle':
      return { text: '◌ starting', color: theme.dim };
    case 'connecting':
      return {
        text: status.attempt > 1 ? `◌ connecting (attempt ${status.attempt})` : '◌ connecting',
        color: theme.warn,
      };
    case 'connected':
      return reclaimingName === null
        ? { text: '◌ registering', color: theme.warn }
        : {
            text: `◌ waiting for ${sanitizeForTerminal(reclaimingName)} to be released${upTo(reclaimUntilMs, nowMs)}`,
            color: theme.warn,
          };
    case 'registered':
      return { text: '● connected', color: theme.ok };
    case 'waiting': {
      const seconds = Math.max(0, Math.ceil((status.retryAtMs - nowMs) / 1000));
      return { text: `✕ ${status.error} · retry in ${seconds} s`, color: theme.error };
    }
    case 'closed':
      return { text: `✕ ${status.reason}`, color: theme.error };
  }
}

function upTo(untilMs: number | undefined, nowMs: number): string {
  if (untilMs === undefined) return '';
  return ` (up to ${Math.max(0, Math.ceil((untilMs - nowMs) / 1000))} s)`;
}
