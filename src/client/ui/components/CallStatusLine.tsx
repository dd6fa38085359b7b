/**
 * The call's status line (call-status.ts), cut to the width by dropping its
 * least important segments: the last row of the video pane and the first
 * of the compact call bar, so both say the same.
 */
import { Text } from 'ink';
import type { CallStats } from '../../core/call-media-port.js';
import type { CallInProgress } from '../../core/state.js';
import { callStatusSegments, fitSegments, SEPARATOR } from '../layout/call-status.js';
import { theme } from '../layout/theme.js';

export interface CallStatusLineProps {
  call: CallInProgress<'connecting' | 'active'>;
  /** Already sanitized for the terminal. */
  peer: string;
  durationMs: number;
  stats: CallStats | null;
  width: number;
}

export function CallStatusLine({ call, peer, durationMs, stats, width }: CallStatusLineProps) {
  const segments = fitSegments(callStatusSegments({ call, peer, durationMs, stats }), width);
  return (
    <Text wrap="truncate-end">
      {segments.map((segment, i) => (
        <Text key={i}>
          {i > 0 && <Text color={theme.separator}>{SEPARATOR}</Text>}
          {segment.parts.map((part, j) => (
            <Text
              key={j}
              {...(part.color !== undefined ? { color: part.color } : {})}
              bold={part.bold === true}
              dimColor={part.dim === true}
            >
              {part.text}
            </Text>
          ))}
        </Text>
      ))}
    </Text>
  );
}
