/**
 * The bottom bar: server, your name, connection state, and
 * the keys that work in the focused pane (from keymap.ts).
 */
import { memo } from 'react';
import { Text } from 'ink';
import { EMPTY_HOTLIST, hotlistText, type Hotlist } from '../../core/hotlist.js';
import type { CallState, ConnectionSecurity, ConnectionStatus } from '../../core/state.js';
import { shortFingerprint } from '../../../security/fingerprint.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import { padEndToWidth, textWidth, truncateToWidth } from '../../../terminal/text-width.js';
import { connectionLabel } from '../layout/connection-label.js';
import { callHints, paneHints, type Focus } from '../keys/keymap.js';
import { theme } from '../layout/theme.js';
import { useNow } from '../hooks/use-now.js';

export interface StatusBarProps {
  server: string;
  name: string | null;
  connection: ConnectionStatus;
  /** A lock and the server's short fingerprint, or a "not encrypted" marker (docs/security.md). */
  security?: ConnectionSecurity;
  /** Our name from before a drop, while the server still holds it (see Registration.reclaim). */
  reclaimingName: string | null;
  /** Until when we keep asking for `reclaimingName`. */
  reclaimUntilMs?: number;
  focus: Focus;
  /** While a call rings or runs, its keys come first (named as they work in `focus`). */
  call: CallState;
  /** What arrived unseen (hotlist.ts), shown as `[Act: 3 · @1 · bob 2]`. */
  hotlist?: Hotlist;
  width: number;
}

/** While the connection is down, the key that retries at once comes first. */
function reconnectHint(connection: ConnectionStatus): string[] {
  return connection.kind === 'waiting' ? ['Alt+C reconnect now'] : [];
}

export const StatusBar = memo(function StatusBar({
  server,
  name,
  connection,
  security = { kind: 'pending' },
  reclaimingName,
  reclaimUntilMs,
  focus,
  call,
  hotlist = EMPTY_HOTLIST,
  width,
}: StatusBarProps) {
  const lock = securityMark(security);
  const now = useNow(1000, connection.kind === 'waiting' || reclaimingName !== null);
  const state = connectionLabel(connection, now, reclaimingName, reclaimUntilMs);
  const brand = width >= 90 ? ' tchat │' : '';
  const left = `${brand} ${server} │ ${name ? sanitizeForTerminal(name) : '(no name)'} │ `;
  const hot = hotlistText(hotlist);
  const hotText = hot === '' ? '' : `[${sanitizeForTerminal(hot)}] `;
  const hints = reconnectHint(connection)
    .concat(
      [...callHints(call, focus), ...paneHints(focus)].map((h) => `${h.label} ${h.description}`),
    )
    .concat('F1 help')
    .join(' · ');
  // The connection state matters more than the key hints: it gets its room first.
  const stateText = truncateToWidth(
    `${state.text} `,
    Math.max(4, width - textWidth(left) - textWidth(lock.text)),
  );
  // Then what you missed: it is why you would look down here at all.
  const hotShown = truncateToWidth(
    hotText,
    Math.max(0, width - textWidth(left) - textWidth(lock.text) - textWidth(stateText)),
  );
  const right = padEndToWidth(
    `│ ${hints}`,
    Math.max(
      0,
      width - textWidth(left) - textWidth(lock.text) - textWidth(stateText) - textWidth(hotShown),
    ),
  );
  return (
    <Text wrap="truncate-end" backgroundColor={theme.statusBarBg} color={theme.statusBarFg}>
      <Text bold>{left}</Text>
      <Text color={state.color} bold>
        {stateText}
      </Text>
      {lock.text ? (
        <Text color={lock.color} bold>
          {lock.text}
        </Text>
      ) : null}
      {hotShown !== '' && (
        <Text
          color={hotlist.highlights > 0 || hotlist.privates.length > 0 ? theme.mention : undefined}
          bold
        >
          {hotShown}
        </Text>
      )}
      <Text>{right}</Text>
    </Text>
  );
});

/** Plain sessions are marked all session long; TLS shows a lock and the first 8 hex digits. */
function securityMark(security: ConnectionSecurity): { text: string; color: string } {
  switch (security.kind) {
    case 'tls':
      return { text: `🔒 ${shortFingerprint(security.fingerprint)} `, color: theme.ok };
    case 'plain':
      return { text: '⚠ not encrypted ', color: theme.error };
    case 'pending':
      return { text: '', color: theme.dim };
  }
}
