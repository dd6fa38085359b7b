/**
 * Who is here (issue 3 item 4): a status mark per user, "(you)", the
 * address under the selected user when the server shows addresses, and a
 * selection that Up/Down (j/k) move while the pane has focus.
 */
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { User } from '../../protocol/messages.js';
import { sameName } from '../../protocol/names.js';
import { sanitizeForTerminal } from '../../terminal/sanitize.js';
import { shortFingerprint } from '../../security/fingerprint.js';
import { padEndToWidth, textWidth, truncateToWidth } from '../../terminal/text-width.js';
import { Pane } from './Pane.js';
import { nameColor, statusMark, theme } from './theme.js';

export interface UserPaneProps {
  users: readonly User[];
  me: string | null;
  selected: string | null;
  width: number;
  height: number;
  focused: boolean;
  /** Shown dimmed while not connected: the list may be stale. */
  stale: boolean;
}

/** The slice of users to show so that the selected one is visible. */
function visibleSlice(count: number, selectedIndex: number, rows: number): [number, number] {
  if (count <= rows) return [0, count];
  const start = Math.max(0, Math.min(count - rows, selectedIndex - Math.floor(rows / 2)));
  return [start, start + rows];
}

export const UserPane = memo(function UserPane({
  users,
  me,
  selected,
  width,
  height,
  focused,
  stale,
}: UserPaneProps) {
  const innerWidth = width - 2;
  const selectedIndex = selected === null ? -1 : users.findIndex((u) => sameName(u.name, selected));
  const selectedUser = selectedIndex >= 0 ? users[selectedIndex] : undefined;
  // Under the selected user: their address and the short form of their key (docs/security.md).
  const detail = selectedUser
    ? [
        selectedUser.address !== undefined ? sanitizeForTerminal(selectedUser.address) : '',
        selectedUser.fingerprint !== undefined
          ? `key ${shortFingerprint(selectedUser.fingerprint)}`
          : '',
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  const addressRow = detail !== '' ? 1 : 0;
  const rows = height - 2 - addressRow;
  const [from, to] = visibleSlice(users.length, selectedIndex, rows);
  return (
    <Pane title={`Users ${users.length}`} width={width} height={height} focused={focused}>
      <Box flexDirection="column">
        {users.slice(from, to).map((user) => {
          const isSelected = selectedUser === user;
          const isMe = me !== null && sameName(user.name, me);
          const mark = statusMark[user.status];
          const tags = [isMe ? 'you' : '', mark.label].filter(Boolean).join(', ');
          const suffix = tags ? ` (${tags})` : '';
          const name = truncateToWidth(
            sanitizeForTerminal(user.name),
            innerWidth - 2 - suffix.length,
          );
          const highlight = isSelected && focused;
          return (
            <Box key={user.name} flexDirection="column">
              <Text wrap="truncate-end" inverse={highlight} dimColor={stale}>
                <Text color={highlight ? undefined : mark.color}>{mark.glyph} </Text>
                <Text
                  color={highlight ? undefined : isMe ? theme.ownName : nameColor(user.name)}
                  bold={isMe || isSelected}
                >
                  {name}
                </Text>
                <Text color={highlight ? undefined : theme.dim}>
                  {/* Only the highlight bar needs the padding: each character costs Ink time per frame. */}
                  {highlight ? padEndToWidth(suffix, innerWidth - 2 - textWidth(name)) : suffix}
                </Text>
              </Text>
              {isSelected && detail !== '' && (
                <Text color={theme.dim} wrap="truncate-end">
                  {'  '}
                  {truncateToWidth(detail, innerWidth - 2)}
                </Text>
              )}
            </Box>
          );
        })}
      </Box>
    </Pane>
  );
});
