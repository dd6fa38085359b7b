/**
 * The chat. Only the visible lines are laid out
 * (line-window.ts); when scrolled back the bottom line says how many new
 * messages wait below.
 */
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { ChunkedList } from '../../core/chunked-list.js';
import type { TimelineEntry } from '../../core/state.js';
import { padEndToWidth } from '../../../terminal/text-width.js';
import { Line } from './Line.js';
import { visibleWindow, type ViewPos } from '../layout/line-window.js';
import { messageFormat, ruleColumn, timelineSource } from '../layout/message-lines.js';
import { highlightSource, type MessageSearch } from '../keys/message-search.js';
import { Pane } from './Pane.js';
import { theme } from '../layout/theme.js';

export interface MessagePaneProps {
  timeline: ChunkedList<TimelineEntry>;
  view: ViewPos;
  unreadBelow: number;
  title: string;
  width: number;
  height: number;
  focused: boolean;
  /** `/search`: `timeline` holds only the matches; they are highlighted. */
  search?: MessageSearch | null;
}

export function unreadText(unread: number): string {
  if (unread === 0) return '▼ scrolled back · End or PgDn to return';
  return `▼ ${unread} new ${unread === 1 ? 'message' : 'messages'} below · End to jump`;
}

export const MessagePane = memo(function MessagePane({
  timeline,
  view,
  unreadBelow,
  title,
  width,
  height,
  focused,
  search = null,
}: MessagePaneProps) {
  const innerWidth = width - 2;
  const innerHeight = height - 2;
  const scrolled = view !== null;
  const rows = scrolled ? innerHeight - 1 : innerHeight;
  const source = timelineSource(timeline, innerWidth);
  const window = visibleWindow(search ? highlightSource(source, search) : source, rows, view);
  const badge = scrolled && unreadBelow > 0 ? `${unreadBelow} new ▼` : '';
  return (
    <Pane
      title={title}
      badge={badge}
      badgeColor={theme.mention}
      width={width}
      height={height}
      focused={focused}
    >
      <Box flexDirection="column" height={rows} justifyContent="flex-end">
        {timeline.length === 0 ? (
          <Text color={theme.dim}>
            {search
              ? 'No message matches. Esc leaves the search.'
              : 'No messages yet. Type below and press Enter; /help lists commands.'}
          </Text>
        ) : (
          window.lines.map((line) => <Line key={line.key} line={line} />)
        )}
        {window.lines.length > 0 && (
          // The "│" between names and text, for all lines at once: Ink draws a border as one
          // cached string per row, where a "│" in each line would be a text node to measure.
          // Absolute, it sits at the bottom (justifyContent) beside exactly the lines shown.
          <Box
            position="absolute"
            marginLeft={ruleColumn(messageFormat(innerWidth))}
            width={1}
            height={window.lines.length}
            borderStyle="single"
            borderTop={false}
            borderBottom={false}
            borderRight={false}
            borderColor={theme.separator}
          />
        )}
      </Box>
      {scrolled && (
        <Text
          color="black"
          backgroundColor={unreadBelow > 0 ? theme.mention : theme.dim}
          wrap="truncate-end"
        >
          {padEndToWidth(` ${unreadText(unreadBelow)}`, innerWidth)}
        </Text>
      )}
    </Pane>
  );
});
