/**
 * A rounded frame with its title in the top border:  ╭─ Users 3 ───────╮
 * Ink borders have no titles, so the title is an absolutely placed text
 * moved up onto the border row. (Drawing the whole top edge as text would
 * cost a slow string-width pass over 120 box-drawing characters per pane on
 * every frame; Ink draws its own borders without measuring them.)
 * The focused pane's frame is in the accent colour.
 */
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import { textWidth, truncateToWidth } from '../../../terminal/text-width.js';
import { theme } from '../layout/theme.js';

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

/** The title and badge as they fit in the top border of a pane `width` wide. */
export function borderLabels(
  title: string,
  badge: string,
  width: number,
): { title: string; badge: string } {
  // Titles carry text from the server (its name): never raw.
  const room = Math.max(0, width - 4);
  const shownBadge = badge
    ? truncateToWidth(` ${sanitizeForTerminal(badge)} `, Math.max(0, room - 6))
    : '';
  const shownTitle = truncateToWidth(
    ` ${sanitizeForTerminal(title)} `,
    Math.max(0, room - textWidth(shownBadge) - 1),
  );
  return { title: shownTitle, badge: shownBadge };
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
  const labels = borderLabels(title, badge, width);
  return (
    <Box
      borderStyle="round"
      borderColor={color}
      width={width}
      height={height}
      flexDirection="column"
      flexShrink={0}
    >
      <Box position="absolute" marginTop={-1} marginLeft={1}>
        <Text color={focused ? theme.accent : undefined} bold={focused}>
          {labels.title}
        </Text>
      </Box>
      {labels.badge !== '' && (
        <Box position="absolute" marginTop={-1} marginLeft={width - 3 - textWidth(labels.badge)}>
          <Text color={badgeColor ?? color} bold={Boolean(badgeColor)}>
            {labels.badge}
          </Text>
        </Box>
      )}
      {children}
    </Box>
  );
}
