/**
 * The call's video on this terminal, behind the
 * `CallVideo` port the video pane uses (src/client/core/call-video-port.ts).
 * Frames never go through React: each remote participant's video (keyed by
 * name, `peer-video.ts`) and our preview are each a `TerminalVideo`
 * painting straight to stdout into the rectangles the pane's placeholders
 * (the tiles of the grid) occupy; each participant is told its tile's size
 * (`view_size`, docs/media.md "Frames") so it sends frames no larger. Ink's every redraw blanks those rectangles, so
 * after each Ink frame (`onInkFrame`, called inside Ink's synchronized
 * update) this asks the pane where the placeholders are now and paints the
 * last frames there again. `cycleView` steps through the looks (half
 * blocks, quadrants, sextants, Braille, coloured ASCII, ASCII, the browser
 * viewer: `nextVideoView`) without touching the connection; the MJPEG
 * viewer, once started, runs until the call ends.
 */
import type { CallMediaHandle } from '../client/core/call-media-port.js';
import {
  nextVideoView,
  videoViewLabel,
  type CallVideo,
  type CallVideoState,
  type VideoPlaces,
  type VideoView,
} from '../client/core/call-video-port.js';
import { safeLine } from '../terminal/safe-line.js';
import type { VideoOut } from './media-options.js';
import { chooseRenderMode, type ColorLevel } from './render/color-level.js';
import type { CellSymbols, Rect, RenderMode } from './render/render-types.js';
import type { MjpegViewer } from './sinks/mjpeg-viewer.js';
import { createTerminalVideo, sameRect, type TerminalVideo } from './sinks/terminal-video.js';
import {
  createPeerVideo,
  VIEWER_VIEW_SIZE,
  viewSizeOfCells,
  type PeerVideo,
} from './peer-video.js';

export interface CallVideoOptions {
  /** Raw writes to the terminal (not through Ink). */
  write: (data: string) => void;
  /** Subscribes to "Ink has just written a frame"; the listener may write at once. */
  onInkFrame: (listener: () => void) => () => void;
  videoOut: VideoOut;
  colorLevel: ColorLevel;
  /** Lines for the log pane: the viewer's URL, what a switch did. */
  onNotice: (text: string) => void;
  createViewer: (options: { title: string }) => Promise<MjpegViewer>;
  /** Our own preview is small: this many frames a second are plenty (default 10). */
  previewFps?: number;
  /** Without a frame for this long, a video counts as stopped and is no longer painted. */
  staleAfterMs?: number;
  now?: () => number;
}

const NO_TILES: ReadonlyMap<string, null> = new Map();
const NOWHERE = (): VideoPlaces => ({ remotes: NO_TILES, local: null });

interface Attached {
  handle: CallMediaHandle;
  /** The call's peer as `show` named it: frames without a name are this peer's. */
  peerName: string;
  /** The same, for the log pane and titles. */
  peer: string;
  /** `NOWHERE` while the pane is hidden. */
  locate: () => VideoPlaces;
  /** Each remote participant's video, by name. */
  remotes: Map<string, PeerVideo>;
  local: TerminalVideo;
  lastLocalAtMs: number;
  viewer: Promise<MjpegViewer | undefined> | null;
  detach: () => void;
}

export function createCallVideo(options: CallVideoOptions): CallVideo & {
  /** A call's video is held (shown or hidden); false once its handle ended. */
  readonly active: boolean;
} {
  const now = options.now ?? Date.now;
  const staleAfterMs = options.staleAfterMs ?? 2_500;
  const previewIntervalMs = 1000 / (options.previewFps ?? 10);
  const colorMode = chooseRenderMode('color', options.colorLevel);
  const colorDepth = colorMode === 'ascii' ? null : colorMode;
  const listeners = new Set<() => void>();
  let state: CallVideoState = {
    view: initialView(options.videoOut, colorDepth !== null),
    colorDepth,
    viewerUrl: null,
    remoteLive: false,
    localLive: false,
    remotes: {},
  };
  // The terminal look to use where the video stays in the terminal (the preview in viewer mode).
  let terminalView: TerminalView =
    state.view === 'viewer' ? (colorDepth ? 'half' : 'ascii') : state.view;
  let current: Attached | null = null;

  function setState(patch: Partial<CallVideoState>): void {
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener();
  }

  function lookOf(view: TerminalView): { mode: RenderMode; symbols: CellSymbols } {
    if (view === 'ascii' || colorMode === 'ascii') return { mode: 'ascii', symbols: 'half' };
    return { mode: colorMode, symbols: view === 'ascii-color' ? 'ascii' : view };
  }

  function place(video: TerminalVideo, rect: Rect | null): void {
    if (sameRect(video.rect, rect)) video.repaint();
    else video.setRect(rect);
  }

  /** The participant's video, made on its first frame or tile. */
  function remoteOf(a: Attached, name: string): PeerVideo {
    let remote = a.remotes.get(name);
    if (!remote) {
      remote = createPeerVideo({
        write: options.write,
        ...lookOf(terminalView),
        now,
        sendViewSize: (size) => a.handle.setViewSize?.(size, name),
      });
      a.remotes.set(name, remote);
    }
    return remote;
  }

  /** After every Ink frame: the placeholders' current places, painted again. */
  function onInkFrame(): void {
    const a = current;
    if (!a) return;
    const places = a.locate();
    const t = now();
    for (const [name, rect] of places.remotes) {
      const remote = remoteOf(a, name);
      if (state.view === 'viewer') remote.showAt(VIEWER_VIEW_SIZE);
      else if (rect) remote.showAt(viewSizeOfCells(rect));
    }
    for (const [name, remote] of a.remotes) {
      const fresh = t - remote.lastAtMs <= staleAfterMs;
      if (places.remotes.size > 0 && !places.remotes.has(name) && !fresh) {
        // Out of the grid and silent: that participant left the call.
        forget(a, name, remote);
        continue;
      }
      const on = state.view !== 'viewer' && fresh;
      place(remote.video, on ? (places.remotes.get(name) ?? null) : null);
    }
    place(a.local, t - a.lastLocalAtMs <= staleAfterMs ? places.local : null);
  }

  function forget(a: Attached, name: string, remote: PeerVideo): void {
    remote.stop();
    a.remotes.delete(name);
    void a.viewer?.then((viewer) => viewer?.drop(name));
  }

  /** The live and fps of every participant, published when one changed. */
  function refreshRemotes(a: Attached): void {
    const t = now();
    let changed = Object.keys(state.remotes).length !== a.remotes.size;
    const remotes: Record<string, { live: boolean; fps: number }> = {};
    for (const [name, remote] of a.remotes) {
      const live = t - remote.lastAtMs <= staleAfterMs;
      if (remote.measure(t)) changed = true;
      const before = state.remotes[name];
      if (!before || before.live !== live) changed = true;
      remotes[name] = { live, fps: live ? remote.fps : 0 };
    }
    const remoteLive = remotes[a.peerName]?.live ?? false;
    if (changed || remoteLive !== state.remoteLive) setState({ remotes, remoteLive });
  }

  function startViewer(a: Attached): void {
    if (a.viewer) return;
    a.viewer = options.createViewer({ title: `tchat call with ${a.peer}` }).then(
      (viewer) => {
        if (current !== a) {
          void viewer.close();
          return undefined;
        }
        setState({ viewerUrl: viewer.pageUrl });
        options.onNotice(
          `video of ${a.peer}: open ${viewer.pageUrl} in a browser, or run: mpv ${viewer.streamUrl}`,
        );
        return viewer;
      },
      (error: Error) => {
        options.onNotice(`the video viewer could not start: ${safeLine(error.message)}`);
        return undefined;
      },
    );
  }

  /** The call is over (its handle ended, or another call's handle is shown). */
  function detach(): void {
    const a = current;
    if (!a) return;
    current = null;
    a.detach();
    // No blanking: the pane is gone and Ink's next frame redraws the chat over the rectangles.
    for (const remote of a.remotes.values()) remote.stop();
    a.local.stop({ blank: false });
    void a.viewer?.then((viewer) => viewer?.close());
    setState({ viewerUrl: null, remoteLive: false, localLive: false, remotes: {} });
  }

  return {
    get active() {
      return current !== null;
    },
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    show({ handle, peer, locate }) {
      if (current?.handle === handle) {
        current.locate = locate;
        return;
      }
      detach();
      const look = lookOf(terminalView);
      const a: Attached = {
        handle,
        peerName: peer,
        peer: safeLine(peer, 40),
        locate,
        remotes: new Map(),
        local: createTerminalVideo({ write: options.write, ...look, rect: null }),
        lastLocalAtMs: -Infinity,
        viewer: null,
        detach: () => {},
      };
      const onRemote = (jpeg: Buffer, from?: string): void => {
        const name = from ?? peer;
        const remote = remoteOf(a, name);
        const isNew = remote.lastAtMs === -Infinity;
        remote.push(jpeg, now());
        void a.viewer?.then((viewer) => viewer?.push(jpeg, name));
        if (isNew || !(state.remotes[name]?.live ?? false)) refreshRemotes(a);
      };
      const onLocal = (jpeg: Buffer): void => {
        const t = now();
        if (t - a.lastLocalAtMs < previewIntervalMs) return;
        a.lastLocalAtMs = t;
        a.local.push(jpeg);
        if (!state.localLive) setState({ localLive: true });
      };
      const onEnded = (): void => detach();
      handle.on('remoteFrame', onRemote);
      handle.on('localFrame', onLocal);
      handle.on('ended', onEnded);
      const stopFrames = options.onInkFrame(onInkFrame);
      // A peer whose video stops (camera gone, frozen) must not stay on screen as a still.
      const staleTimer = setInterval(() => {
        refreshRemotes(a);
        if (state.localLive && now() - a.lastLocalAtMs > staleAfterMs)
          setState({ localLive: false });
      }, 500);
      staleTimer.unref();
      a.detach = () => {
        handle.off('remoteFrame', onRemote);
        handle.off('localFrame', onLocal);
        handle.off('ended', onEnded);
        stopFrames();
        clearInterval(staleTimer);
      };
      current = a;
      if (state.view === 'viewer') startViewer(a);
    },
    hide() {
      if (!current) return;
      current.locate = NOWHERE;
      // Nothing is written: the pane's rectangles now belong to whatever Ink draws there.
      for (const remote of current.remotes.values()) remote.video.setRect(null);
      current.local.setRect(null);
    },
    cycleView() {
      const view = nextVideoView(state.view, colorDepth);
      if (view !== 'viewer') {
        terminalView = view;
        const look = lookOf(view);
        for (const remote of current?.remotes.values() ?? [])
          remote.video.setMode(look.mode, look.symbols);
        current?.local.setMode(look.mode, look.symbols);
      }
      setState({ view });
      // A viewer that is starting announces its URL itself when it is up.
      if (view === 'viewer' && current && !current.viewer) startViewer(current);
      else options.onNotice(describeView(view, colorDepth, state.viewerUrl));
    },
  };
}

type TerminalView = Exclude<VideoView, 'viewer'>;

function initialView(videoOut: VideoOut, hasColor: boolean): VideoView {
  switch (videoOut) {
    case 'ascii':
    case 'viewer':
      return videoOut;
    case 'auto':
    case 'color':
      return hasColor ? 'half' : 'ascii';
    case 'half':
    case 'quadrant':
    case 'sextant':
    case 'braille':
    case 'ascii-color':
      return hasColor ? videoOut : 'ascii';
  }
}

function describeView(
  view: VideoView,
  colorDepth: CallVideoState['colorDepth'],
  viewerUrl: string | null,
): string {
  const depth = colorDepth === 'truecolor' ? 'truecolor' : '256 colours';
  switch (view) {
    case 'ascii':
      return colorDepth
        ? 'video output: ascii'
        : 'video output: ascii (colour needs a terminal with 256 colours and NO_COLOR unset)';
    case 'sextant':
      // Unicode 13 "Symbols for Legacy Computing": many fonts lack them and draw boxes.
      return `video output: sextants, ${depth} (needs a font with Unicode 13 legacy computing symbols; boxes mean it has none: press o again)`;
    case 'half':
    case 'quadrant':
    case 'braille':
    case 'ascii-color':
      return `video output: ${videoViewLabel(view)}, ${depth}`;
    case 'viewer':
      return `video output: the browser viewer at ${viewerUrl ?? '(starting)'}`;
  }
}
