/**
 * The call slot between the chat and the log: the incoming-call banner
 * (who, which media, the keys), the ringing line, and the compact call bar
 * while a call runs without a video pane — an audio-only call (asked for,
 * or neither side sends video), no painter, or a terminal too small for
 * one (VideoPane.tsx otherwise). The bar is the status line the video pane
 * shows (peer, duration, mic, audio level, rates) over the keys that do
 * something in this call. Keys are named as they work in the focused pane
 * (keymap.ts: a letter in the call and users panes, Alt+letter elsewhere).
 */
import { Box, Text } from 'ink';
import { memo, type ReactNode } from 'react';
import type { CallStats } from '../../core/call-media-port.js';
import { formatDuration } from '../../core/format-duration.js';
import type { CallInProgress, CallState } from '../../core/state.js';
import { mediaLabel } from '../../core/reduce-call.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import { CallStatusLine } from './CallStatusLine.js';
import { callKeyUseful, cameraState, micState } from '../layout/call-status.js';
import { CALL_BINDINGS, callKeyLabel, type Focus, type KeyAction } from '../keys/keymap.js';
import { theme } from '../layout/theme.js';
import { useNow } from '../hooks/use-now.js';
import type { ParticipantView } from '../layout/video-tiles.js';

export interface CallPaneProps {
  call: CallState;
  stats: CallStats | null;
  focus: Focus;
  width: number;
  height: number;
  /** Everyone else in a group call, from the call state; left out, the call's peer alone. */
  participants?: readonly ParticipantView[];
}

/** Rows the call slot needs for a call state (0 when idle): a banner line, or the bar's two. */
export function callRows(call: CallState): number {
  if (call.phase === 'idle') return 0;
  return call.phase === 'connecting' || call.phase === 'active' ? 4 : 3;
}

/** What a key does now in this call, for the bar ("unmute mic" while muted). */
function barKeyText(action: KeyAction, call: CallInProgress<'connecting' | 'active'>): string {
  if (action === 'call_mute') return micState(call) === 'muted' ? 'unmute mic' : 'mute mic';
  if (action === 'call_camera') return cameraState(call) === 'off' ? 'camera on' : 'camera off';
  if (action === 'call_video_view') return 'video out';
  return 'hang up (or /hangup)';
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
  participants,
}: CallPaneProps) {
  const now = useNow(1000, call.phase !== 'idle');
  const key = (action: KeyAction): string => keyFor(action, focus);
  if (call.phase === 'idle' || height <= 0) return null;
  const peer =
    participants && participants.length > 1
      ? participants.map((p) => sanitizeForTerminal(p.name)).join(', ')
      : sanitizeForTerminal(call.peer);
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
    case 'active': {
      const inCall = call;
      const keys = CALL_BINDINGS.filter(
        (b) => b.when !== 'ringing_in' && callKeyUseful(b.action, inCall),
      );
      line = (
        <Box flexDirection="column">
          <CallStatusLine
            call={call}
            peer={peer}
            durationMs={now - call.startedAtMs}
            stats={stats}
            width={Math.max(0, width - 4)}
          />
          <Text wrap="truncate-end">
            {keys.map((b, i) => (
              <Text key={b.action}>
                {i > 0 && <Text color={theme.dim}> · </Text>}
                <Text color={theme.accent} bold>
                  {key(b.action)}
                </Text>
                <Text color={theme.dim}> {barKeyText(b.action, inCall)}</Text>
              </Text>
            ))}
          </Text>
        </Box>
      );
      break;
    }
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
