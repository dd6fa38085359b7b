/**
 * The whole screen: picks the view (name prompt, too small, help, chat) and
 * lays out the panes. State lives in the client core; keys go through
 * use-ui-controller; each pane is its own component.
 */
import { Box, useStdout } from 'ink';
import { useEffect, useMemo, useRef } from 'react';
import type { ChatClient } from '../../core/chat-client.js';
import {
  ownName,
  type CallInProgress,
  type CallState,
  type ClientState,
} from '../../core/state.js';
import type { CallVideo } from '../../core/call-video-port.js';
import { isGroupCall, participantsOf } from '../../core/call-participants.js';
import { CallPane, callRows } from './CallPane.js';
import { HelpOverlay, helpMetrics } from './HelpOverlay.js';
import { InputLine } from './InputLine.js';
import { effectiveFocus } from '../keys/keymap.js';
import { computeLayout, inner, tooSmall, type Layout } from '../layout/layout.js';
import { LogPane } from './LogPane.js';
import { logSource } from '../layout/log-lines.js';
import { MessagePane } from './MessagePane.js';
import { timelineSource } from '../layout/message-lines.js';
import { NamePrompt } from './NamePrompt.js';
import { StatusBar } from './StatusBar.js';
import { formatAddress } from '../../../protocol/address.js';
import { TooSmall } from './TooSmall.js';
import { TrustPrompt } from './TrustPrompt.js';
import { useCallHandle, useCallStats } from '../hooks/use-call-media.js';
import { useClientState } from '../hooks/use-client-state.js';
import { useKeys } from '../hooks/use-keys.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import { historySearchTitle } from '../keys/history-search.js';
import {
  searchMatches,
  searchPosition,
  searchView,
  type MessageSearch,
} from '../keys/message-search.js';
import { useUiController, type InputHistoryPort } from '../hooks/use-ui-controller.js';
import { UserPane } from './UserPane.js';
import { followSelection } from '../user-selection.js';
import { MIN_VIDEO_PANE_ROWS } from '../layout/video-layout.js';
import { callShowsVideo } from '../layout/call-status.js';
import { VideoPane } from './VideoPane.js';

/** How often chat traffic may redraw the screen; keys redraw at once (use-client-state.ts). */
const TRAFFIC_INTERVAL_MS = 100;
/** While typing (keys less than 150 ms apart), traffic waits, for at most 400 ms. */
const TRAFFIC_AFTER_KEY_MS = 150;
const TRAFFIC_MAX_HOLD_MS = 400;

/** Rows the chat keeps above a video call: 6 lines of messages, 4 in a small terminal. */
const CHAT_ROWS_DURING_VIDEO = [8, 6] as const;

export interface AppProps {
  client: ChatClient;
  /** The session is over (quit, shutdown, bye): the caller unmounts and restores the terminal. */
  onEnded: (ended: NonNullable<ClientState['ended']>) => void;
  /**
   * Paints the call's video (src/media/call-video.ts); without it a call shows only its
   * one-line status.
   */
  callVideo?: CallVideo;
  /** The input history kept between sessions; without it history lasts one session. */
  inputHistory?: InputHistoryPort;
}

function inCall(call: CallState): call is CallInProgress<'connecting' | 'active'> {
  return call.phase === 'connecting' || call.phase === 'active';
}

/** The video pane takes all the rows the chat can spare; too few, and the status line it is. */
function callLayout(
  columns: number,
  rows: number,
  call: CallState,
  video: boolean,
): { layout: Layout; video: boolean } {
  if (video) {
    for (const minChatRows of CHAT_ROWS_DURING_VIDEO) {
      const layout = computeLayout(columns, rows, rows, { compactLog: true, minChatRows });
      if (layout.call.height >= MIN_VIDEO_PANE_ROWS) return { layout, video: true };
    }
  }
  return { layout: computeLayout(columns, rows, callRows(call)), video: false };
}

function useBell(count: number): void {
  const { stdout } = useStdout();
  const last = useRef(count);
  useEffect(() => {
    // BEL moves no cursor, so writing it between Ink frames is safe.
    if (count > last.current) stdout.write('\u0007');
    last.current = count;
  }, [count, stdout]);
}

export function App({ client, onEnded, callVideo, inputHistory }: AppProps) {
  const lastKeyAtMs = useRef(0);
  const pacing = useMemo(
    () => ({
      intervalMs: TRAFFIC_INTERVAL_MS,
      afterKeyMs: TRAFFIC_AFTER_KEY_MS,
      maxHoldMs: TRAFFIC_MAX_HOLD_MS,
      lastKeyAtMs: () => lastKeyAtMs.current,
    }),
    [],
  );
  const state = useClientState(client, pacing);
  const { columns, rows } = useTerminalSize();
  const handle = useCallHandle(client);
  const stats = useCallStats(handle);
  const { layout, video: showVideo } = callLayout(
    columns,
    rows,
    state.call,
    callVideo !== undefined && handle !== null && inCall(state.call) && callShowsVideo(state.call),
  );
  // A group call draws a tile per member in the call (docs/media.md "The grid of a group call").
  const tileParticipants = isGroupCall(state.call)
    ? participantsOf(state.call)
        .filter((p) => p.state === 'joined' && p.link !== 'lost')
        .map(({ name, talking }) => ({ name, talking }))
    : undefined;
  const messagesInner = inner(layout.messages);
  const logInner = inner(layout.log);
  const { ui, onKey, selectUser } = useUiController(
    client,
    () => ({
      // The newest state, not the last drawn one: keys act on what is true now.
      client: client.getState(),
      messages: {
        source: timelineSource(state.timeline, messagesInner.width),
        height: messagesInner.height - (ui.messageView ? 1 : 0),
      },
      log: { source: logSource(state.log, logInner.width), height: logInner.height },
      layout,
      help: helpMetrics(columns, rows - 1),
    }),
    {
      ...(callVideo ? { cycleVideoView: callVideo.cycleView } : {}),
      ...(inputHistory ? { inputHistory } : {}),
    },
  );
  const focus = effectiveFocus(ui.focus, state.call);
  const naming = state.registration.kind === 'need_name';
  const asking = state.trustQuestion !== null;
  // The name prompt reads its own keys (the same decoder); here only Ctrl+C counts there.
  useKeys((key) => {
    lastKeyAtMs.current = Date.now();
    if (asking && key.kind === 'text') {
      // The first-contact question takes y or n and nothing else (TrustPrompt.tsx).
      const answer = key.text.trim().toLowerCase();
      if (answer === 'y' || answer === 'n') client.answerTrust(answer === 'y');
      return;
    }
    if ((!naming && !asking) || (key.kind === 'key' && key.name === 'ctrl+c')) onKey(key);
  });
  // The selected user left: the next one is selected (drawn at once, stored for the keys).
  const selectedUser = followSelection(state.users, ui.selectedUser);
  useEffect(() => {
    if (selectedUser !== ui.selectedUser) selectUser(selectedUser);
  }, [selectedUser, ui.selectedUser, selectUser]);
  useBell(state.bellCount);
  useEffect(() => {
    if (state.ended) onEnded(state.ended);
  }, [state.ended, onEnded]);
  // Messages arriving while another pane has focus go to the status bar's hotlist.
  useEffect(() => client.noteFocus(focus !== 'input' && focus !== 'messages'), [client, focus]);

  const shownTimeline = useMemo(
    () => (ui.search ? searchMatches(state.timeline, ui.search.query) : state.timeline),
    [ui.search, state.timeline],
  );
  const server = formatAddress(state.host, state.port);
  if (tooSmall(columns, rows)) return <TooSmall columns={columns} rows={rows} />;
  if (state.trustQuestion) {
    return <TrustPrompt question={state.trustQuestion} width={columns} height={rows - 1} />;
  }
  if (state.registration.kind === 'need_name') {
    const reg = state.registration;
    return (
      <NamePrompt
        server={server}
        connection={state.connection}
        {...(reg.error !== undefined ? { error: reg.error } : {})}
        width={columns}
        height={rows - 1}
        onSubmit={(name) => {
          const result = client.chooseName(name);
          return result.ok ? null : result.error;
        }}
      />
    );
  }
  if (ui.helpVisible)
    return <HelpOverlay width={columns} height={rows - 1} scroll={ui.helpScroll} />;

  const me = ownName(state);
  const registered = state.connection.kind === 'registered';
  return (
    <Box flexDirection="column" width={layout.root.width} height={layout.root.height}>
      <Box flexDirection="row" height={layout.messages.height}>
        <MessagePane
          timeline={shownTimeline}
          view={ui.search ? searchView(ui.search) : ui.messageView}
          unreadBelow={ui.search ? 0 : state.unreadBelow}
          title={ui.search ? searchTitle(ui.search, shownTimeline) : messagesTitle(state)}
          width={layout.messages.width}
          height={layout.messages.height}
          focused={focus === 'messages'}
          search={ui.search}
        />
        <UserPane
          users={state.users}
          me={me}
          selected={selectedUser}
          width={layout.users.width}
          height={layout.users.height}
          focused={focus === 'users'}
          stale={!registered}
          callMembers={participantsOf(state.call)
            .map((p) => p.name)
            .join('\n')}
        />
      </Box>
      {showVideo && handle && callVideo && inCall(state.call) ? (
        <VideoPane
          call={state.call}
          handle={handle}
          video={callVideo}
          stats={stats}
          focus={focus}
          width={layout.call.width}
          height={layout.call.height}
          participants={tileParticipants}
        />
      ) : (
        <CallPane
          call={state.call}
          participants={tileParticipants}
          stats={stats}
          focus={focus}
          width={layout.call.width}
          height={layout.call.height}
        />
      )}
      <LogPane
        log={state.log}
        view={ui.logView}
        width={layout.log.width}
        height={layout.log.height}
        focused={focus === 'log'}
      />
      <InputLine
        editor={ui.editor}
        width={layout.input.width}
        focused={focus === 'input'}
        title={
          ui.historySearch
            ? historySearchTitle(ui.historySearch)
            : ui.editor.text.startsWith('/msg ') || ui.editor.text.startsWith('/w ')
              ? 'Private message'
              : registered
                ? 'Message to everyone'
                : 'Not connected — typing is kept'
        }
        disabled={!registered}
        error={ui.inputError}
      />
      <StatusBar
        server={server}
        name={me}
        connection={state.connection}
        security={state.security}
        reclaimingName={
          state.registration.kind === 'registering' && state.registration.reclaim
            ? state.registration.name
            : null
        }
        {...(state.registration.kind === 'registering' && state.registration.reclaim
          ? { reclaimUntilMs: state.registration.reclaim.untilMs }
          : {})}
        focus={focus}
        call={state.call}
        hotlist={state.hotlist}
        width={layout.statusBar.width}
      />
    </Box>
  );
}

/** The messages pane says when the connection is down (the status bar says why). */
function messagesTitle(state: ClientState): string {
  const title = state.serverInfo ? `Messages · ${state.serverInfo}` : 'Messages';
  const down = state.disconnectedAtMs !== null && state.connection.kind !== 'registered';
  return down ? `${title} · disconnected` : title;
}

function searchTitle(search: MessageSearch, matches: ClientState['timeline']): string {
  return `Search "${sanitizeForTerminal(search.query)}" · ${searchPosition(search, matches)} · n/N older/newer · Esc leaves`;
}
