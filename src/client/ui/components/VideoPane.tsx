/**
 * The call pane while a call is connected (docs/media.md "In the TUI"): the peer's video
 * large, our own preview small beside it with the call keys under it, and
 * the status line at the bottom; with several remote participants, their
 * tiles share the peer's area (VideoTiles.tsx, video-grid.ts). The video
 * areas are EMPTY boxes here: the frames are painted straight to the terminal by the `CallVideo` painter
 * (never through React, docs/architecture.md), which asks `locate` where these boxes
 * are after every Ink frame. When there is nothing to paint (connecting,
 * camera off, viewer mode) the boxes hold a line of text instead.
 */
import { Box, Text, type DOMElement } from 'ink';
import { memo, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import type { CallMediaHandle, CallStats } from '../../core/call-media-port.js';
import type { CallInProgress } from '../../core/state.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import { truncateToWidth } from '../../../terminal/text-width.js';
import { CallStatusLine } from './CallStatusLine.js';
import { callKeyUseful, cameraState, micState } from '../layout/call-status.js';
import {
  nextVideoView,
  videoViewLabel,
  type CallVideo,
  type CallVideoState,
  type VideoView,
} from '../../core/call-video-port.js';
import { CALL_BINDINGS, callKeyLabel, type Focus, type KeyAction } from '../keys/keymap.js';
import { Pane } from './Pane.js';
import { screenRectOf } from '../layout/screen-rect.js';
import { theme } from '../layout/theme.js';
import { useNow } from '../hooks/use-now.js';
import { computeVideoGrid } from '../layout/video-grid.js';
import {
  participantsOf1to1,
  tileText,
  videoTilesOf,
  type ParticipantView,
} from '../layout/video-tiles.js';
import { VideoTiles } from './VideoTiles.js';

export interface VideoPaneProps {
  call: CallInProgress<'connecting' | 'active'>;
  handle: CallMediaHandle;
  video: CallVideo;
  stats: CallStats | null;
  focus: Focus;
  width: number;
  height: number;
  /**
   * The remote participants, in tile order, from the call state (a group call); left out,
   * the call's peer alone (`participantsOf1to1`).
   */
  participants?: readonly ParticipantView[];
}

function useVideoState(video: CallVideo): CallVideoState {
  return useSyncExternalStore(video.subscribe, video.getState);
}

function viewLabel(view: VideoView, colorDepth: CallVideoState['colorDepth']): string {
  const label = videoViewLabel(view);
  const inColor = view !== 'ascii' && view !== 'viewer';
  return inColor && colorDepth === '256' ? `${label} 256` : label;
}

/** What the key does now, for the side column ("unmute mic" while muted). */
function keyText(action: KeyAction, call: VideoPaneProps['call'], state: CallVideoState): string {
  if (action === 'call_mute') return micState(call) === 'muted' ? 'unmute mic' : 'mute mic';
  if (action === 'call_camera') return cameraState(call) === 'off' ? 'camera on' : 'camera off';
  if (action === 'call_video_view') {
    const next = nextVideoView(state.view, state.colorDepth);
    return next === 'viewer' ? 'video in browser' : `${viewLabel(next, state.colorDepth)} video`;
  }
  return 'hang up';
}

function micNote(mic: ReturnType<typeof micState>): string {
  return mic === 'muted' ? ' · mic muted' : mic === 'none' ? ' · no microphone' : '';
}

function remoteText(
  call: VideoPaneProps['call'],
  peer: string,
  state: CallVideoState,
  stats: CallStats | null,
): string | null {
  if (state.view === 'viewer')
    return state.viewerUrl
      ? `${peer}'s video is in the browser: ${state.viewerUrl}`
      : 'starting the browser viewer…';
  if (call.flow && !call.flow.receiving.video) return `${peer} sends no video`;
  if (stats?.peerCameraOff) return `${peer} turned the camera off`;
  if (state.remoteLive) return null;
  if (call.phase === 'connecting') return `connecting to ${peer}…`;
  return stats && stats.fpsIn === 0 ? `no video from ${peer}` : `waiting for ${peer}'s video…`;
}

export const VideoPane = memo(function VideoPane({
  call,
  handle,
  video,
  stats,
  focus,
  width,
  height,
  participants,
}: VideoPaneProps) {
  const state = useVideoState(video);
  const now = useNow(1000, true);
  const remoteRef = useRef<DOMElement>(null);
  const localRef = useRef<DOMElement>(null);
  const tileRefs = useRef(new Map<string, DOMElement | null>());
  const tiles = videoTilesOf(participants ?? participantsOf1to1(call, stats), state);
  const grouped = tiles.length > 1;
  // The painter asks after every Ink frame; it reads the tiles of the last render.
  const peersRef = useRef<readonly string[]>([]);
  peersRef.current = tiles.map((t) => t.peer);
  const peer = grouped ? tiles.map((t) => t.label).join(', ') : sanitizeForTerminal(call.peer);
  const grid = computeVideoGrid(width, height, tiles.length);
  const layout = grid.base;
  const remote = remoteText(call, peer, state, stats);
  const camera = cameraState(call);
  const local =
    camera === 'off'
      ? 'camera off'
      : camera === 'none'
        ? 'no camera'
        : state.localLive
          ? null
          : 'no camera picture';
  const mic = micState(call);

  // A layout effect: its clean-up runs before Ink draws the frame without this pane, so the
  // painter never paints over the chat that replaces it.
  useLayoutEffect(() => {
    video.show({
      handle,
      peer: call.peer,
      locate: () => {
        const peers = peersRef.current;
        const remotes = new Map(
          peers.length > 1
            ? peers.map((name) => [name, screenRectOf(tileRefs.current.get(name) ?? null)])
            : [[call.peer, screenRectOf(remoteRef.current)]],
        );
        return { remotes, local: camera === 'on' ? screenRectOf(localRef.current) : null };
      },
    });
  }, [video, handle, call.peer, camera]);
  useLayoutEffect(() => () => video.hide(), [video]);

  const keys = CALL_BINDINGS.filter(
    (b) => b.when !== 'ringing_in' && callKeyUseful(b.action, call),
  );
  const keyWidth = Math.max(...keys.map((b) => callKeyLabel(b, focus).length)) + 1;
  return (
    <Pane
      title={`Call with ${grouped ? peer : call.peer}`}
      badge={`video: ${viewLabel(state.view, state.colorDepth)}`}
      width={width}
      height={height}
      focused={focus === 'call'}
    >
      <Box flexDirection="row" height={layout.video.height}>
        {grouped ? (
          <VideoTiles
            grid={grid}
            tiles={tiles}
            texts={new Map(tiles.map((t) => [t.peer, tileText(t, call, state)]))}
            refs={tileRefs.current}
            localRef={localRef}
            selfLabel={`you${micNote(mic)}`}
            selfText={local}
          />
        ) : (
          <Box
            ref={remoteRef}
            width={layout.remote.width}
            height={layout.video.height}
            justifyContent="center"
            alignItems="center"
            flexShrink={0}
          >
            {remote !== null && (
              <Text color={theme.dim} wrap="truncate-end">
                {truncateToWidth(remote, layout.remote.width)}
              </Text>
            )}
          </Box>
        )}
        <Box width={layout.gap} flexShrink={0} />
        <Box flexDirection="column" width={layout.side.width} flexShrink={0}>
          {layout.preview.height > 0 && (
            <>
              <Text color={theme.dim} wrap="truncate-end">
                you{micNote(mic)}
              </Text>
              <Box
                ref={localRef}
                width={layout.preview.width}
                height={layout.preview.height}
                justifyContent="center"
                alignItems="center"
                flexShrink={0}
              >
                {local !== null && <Text color={theme.dim}>{local}</Text>}
              </Box>
            </>
          )}
          <Box flexDirection="column" marginTop={layout.preview.height > 0 ? 1 : 0}>
            {keys.slice(0, layout.keyRows).map((b) => (
              <Text key={b.action} wrap="truncate-end">
                <Text color={theme.accent} bold>
                  {callKeyLabel(b, focus).padEnd(keyWidth)}
                </Text>
                {keyText(b.action, call, state)}
              </Text>
            ))}
          </Box>
        </Box>
      </Box>
      <CallStatusLine
        call={call}
        peer={peer}
        durationMs={now - call.startedAtMs}
        stats={stats}
        width={layout.inner.width}
      />
    </Pane>
  );
});
