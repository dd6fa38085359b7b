/**
 * The call slot between the chat and the log (issue 3 item 4, issue 4 item
 * 1): the incoming-call banner (who, which media, the keys), the ringing
 * line, and a status line while a call runs without a video pane (no
 * painter, or a terminal too small for one; VideoPane.tsx otherwise). Keys
 * are named as they work in the focused pane (keymap.ts: a letter in the
 * call and users panes, Alt+letter elsewhere).
 */
import { Box, Text } from 'ink';
import { memo, type ReactNode } from 'react';
import type { CallStats } from '../core/call-media-port.js';
import { formatDuration } from '../core/format-duration.js';
import type { CallState } from '../core/state.js';
import { mediaLabel } from '../core/reduce-call.js';
import { sanitizeForTerminal } from '../../terminal/sanitize.js';
import { CALL_BINDINGS, callKeyLabel, type Focus, type KeyAction } from './keymap.js';
import { theme } from './theme.js';
import { useNow } from './use-now.js';

export interface CallPaneProps {
  call: CallState;
  stats: CallStats | null;
  focus: Focus;
  width: number;
  height: number;
}

/** Rows the call slot needs for a call state (0 when idle). */
export function callRows(call: CallState): number {
  return call.phase === 'idle' ? 0 : 3;
}

function statsText(stats: CallStats | null): string {
  if (!stats) return '';
  const level = Math.round(stats.audioLevelIn * 100);
  return [
    `in ${stats.fpsIn.toFixed(0)} fps ${stats.kbitPerSecondIn.toFixed(0)} kbit/s`,
    `out ${stats.fpsOut.toFixed(0)} fps ${stats.kbitPerSecondOut.toFixed(0)} kbit/s`,
    `audio ${level}%`,
    stats.micMuted ? 'mic muted' : '',
    stats.cameraOff ? 'camera off' : '',
    stats.peerMicMuted ? 'peer muted' : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function keyFor(action: KeyAction, focus: Focus): string {
  const binding = CALL_BINDINGS.find((b) => b.action === action);
  return binding ? callKeyLabel(binding, focus) : '?';
}

export const CallPane = memo(function CallPane({
  call,
  stats,
  focus,
  width,
  height,
}: CallPaneProps) {
  const now = useNow(1000, call.phase !== 'idle');
  const key = (action: KeyAction): string => keyFor(action, focus);
  if (call.phase === 'idle' || height <= 0) return null;
  const peer = sanitizeForTerminal(call.peer);
  let line: ReactNode;
  switch (call.phase) {
    case 'ringing_in':
      line = (
        <Text wrap="truncate-end">
          <Text bold color={theme.callBanner}>
            ☏ Incoming {mediaLabel(call.media)} from {peer}
          </Text>
          {'   '}
          <Text inverse bold>
            {` ${key('call_accept')} `}
          </Text>
          {' accept   '}
          <Text inverse bold>
            {` ${key('call_reject')} `}
          </Text>
          {' reject   '}
          <Text color={theme.dim}>(or /accept, /reject)</Text>
        </Text>
      );
      break;
    case 'requesting':
    case 'ringing_out':
      line = (
        <Text wrap="truncate-end">
          <Text bold color={theme.callBanner}>
            ☏ Calling {peer}… ringing {formatDuration(now - call.sinceMs)}
          </Text>
          <Text color={theme.dim}> · {key('call_hangup')} or /hangup to cancel</Text>
        </Text>
      );
      break;
    case 'accepting':
      line = <Text color={theme.callBanner}>☏ Accepting the call from {peer}…</Text>;
      break;
    case 'connecting':
    case 'active':
      line = (
        <Text wrap="truncate-end">
          <Text bold color={call.phase === 'active' ? theme.ok : theme.callBanner}>
            ☏ {call.phase === 'active' ? 'In call with' : 'Connecting to'} {peer} ·{' '}
            {formatDuration(now - call.startedAtMs)}
          </Text>
          {call.security?.encrypted === true && (
            <Text color={theme.ok}> · safety code {call.security.safetyCode}</Text>
          )}
          {call.security?.encrypted === false && (
            <Text bold color="red">
              {' '}
              · not encrypted
            </Text>
          )}
          <Text color={theme.dim}>
            {' '}
            {statsText(stats)} · {key('call_mute')} mute · {key('call_camera')} camera ·{' '}
            {key('call_hangup')} or /hangup to end
          </Text>
        </Text>
      );
      break;
  }
  return (
    <Box
      width={width}
      height={height}
      borderStyle="round"
      borderColor={call.phase === 'ringing_in' ? theme.callBanner : theme.border}
      paddingX={1}
      flexShrink={0}
    >
      {line}
    </Box>
  );
});
