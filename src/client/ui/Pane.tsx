/**
 * A rounded frame with its title in the top border:  ╭─ Users 3 ───────╮
 * Ink borders have no titles, so the top edge is drawn as a line of text.
 * The focused pane's frame is in the accent colour.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { sanitizeForTerminal } from '../../terminal/sanitize.js';
import { textWidth, truncateToWidth } from '../../terminal/text-width.js';
import { theme } from './theme.js';

export interface PaneProps {
  title: string;
  /** Shown at the right end of the top border, e.g. "3 new ▼". */
  badge?: string;
  badgeColor?: string;
  width: number;
  height: number;
  focused?: boolean;
  children?: ReactNode;
}

export function topBorder(
  title: string,
  badge: string,
  width: number,
): { left: string; title: string; fill: string; badge: string; right: string } {
  // Titles carry text from the server (its name): never raw.
  title = sanitizeForTerminal(title);
  badge = sanitizeForTerminal(badge);
  const room = Math.max(0, width - 4);
  const shownBadge = badge ? truncateToWidth(` ${badge} `, Math.max(0, room - 6)) : '';
  const shownTitle = truncateToWidth(` ${title} `, Math.max(0, room - textWidth(shownBadge)));
  const fill = Math.max(0, width - 2 - 1 - textWidth(shownTitle) - textWidth(shownBadge) - 1);
  return { left: '╭─', title: shownTitle, fill: '─'.repeat(fill), badge: shownBadge, right: '─╮' };
}

export function Pane({
  title,
  badge = '',
  badgeColor,
  width,
  height,
  focused = false,
  children,
}: PaneProps) {
  const color = focused ? theme.focusBorder : theme.border;
  const top = topBorder(title, badge, width);
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <Text wrap="truncate-end">
        <Text color={color}>{top.left}</Text>
        <Text color={focused ? theme.accent : undefined} bold={focused}>
          {top.title}
        </Text>
        <Text color={color}>{top.fill}</Text>
        <Text color={badgeColor ?? color} bold={Boolean(badgeColor)}>
          {top.badge}
        </Text>
        <Text color={color}>{top.right}</Text>
      </Text>
      <Box
        borderStyle="round"
        borderTop={false}
        borderColor={color}
        width={width}
        height={height - 1}
        flexDirection="column"
        overflow="hidden"
      >
        {children}
      </Box>
    </Box>
  );
}
