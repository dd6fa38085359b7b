/**
 * Who is here: a status mark per user, "(you)", "text mode"
 * for users who cannot take calls, the address under the selected user when
 * the server shows addresses, and a selection that Up/Down (j/k) move while
 * the pane has focus. Only the rows that fit are rendered: with 10,000 users
 * a frame costs what a frame with 30 costs (user-list.ts finds the window
 * in O(log n)). While disconnected every row is grey and has no status mark:
 * the list may be stale.
 */
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { UserList } from '../../core/user-list.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import { shortFingerprint } from '../../../security/fingerprint.js';
import { padEndToWidth, textWidth, truncateToWidth } from '../../../terminal/text-width.js';
import { sameName } from '../../../protocol/names.js';
import { Pane } from './Pane.js';
import { callMemberMark, nameColor, statusMark, theme } from '../layout/theme.js';
import { userRow } from '../layout/user-rows.js';

export interface UserPaneProps {
  users: UserList;
  me: string | null;
  selected: string | null;
  width: number;
  height: number;
  focused: boolean;
  /** Shown grey, without status marks, while not connected: the list may be stale. */
  stale: boolean;
  /** Everyone else in our call, one name a line (a string, so the pane's memo stays cheap). */
  callMembers?: string;
}

/** The slice of users to show so that the selected one is visible. */
export function visibleSlice(count: number, selectedIndex: number, rows: number): [number, number] {
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
  callMembers = '',
}: UserPaneProps) {
  const inOurCall = callMembers === '' ? [] : callMembers.split('\n');
  const innerWidth = width - 2;
  const selectedIndex = selected === null ? -1 : users.indexOfName(selected);
  const selectedUser = selectedIndex >= 0 ? users.at(selectedIndex) : undefined;
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
  const rows = Math.max(0, height - 2 - addressRow);
  const [from, to] = visibleSlice(users.length, selectedIndex, rows);
  return (
    <Pane
      title={`Users ${users.length.toLocaleString('en')}`}
      width={width}
      height={height}
      focused={focused}
    >
      <Box flexDirection="column">
        {users.slice(from, to).map((user) => {
          const isSelected = selectedUser === user;
          const isMe = me !== null && sameName(user.name, me);
          const withUs = inOurCall.some((member) => sameName(member, user.name));
          const mark = withUs ? callMemberMark : statusMark[user.status];
          const { name, suffix } = userRow(user, isMe, stale, innerWidth - 2, withUs);
          const highlight = isSelected && focused;
          const plain = highlight || stale;
          const nameColour = stale ? theme.dim : isMe ? theme.ownName : nameColor(user.name);
          return (
            <Box key={user.name} flexDirection="column">
              <Text wrap="truncate-end" inverse={highlight} dimColor={stale}>
                <Text color={plain ? undefined : mark.color}>{stale ? ' ' : mark.glyph} </Text>
                <Text
                  color={highlight ? undefined : nameColour}
                  bold={!stale && (isMe || isSelected)}
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
