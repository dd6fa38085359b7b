/**
 * The call's video on this terminal, behind the
 * `CallVideo` port the video pane uses (src/client/core/call-video-port.ts).
 * Frames never go through React: the peer's video and our preview are each
 * a `TerminalVideo` painting straight to stdout into the rectangles the
 * pane's placeholders occupy. Ink's every redraw blanks those rectangles, so
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

const NOWHERE = (): VideoPlaces => ({ remote: null, local: null });

interface Attached {
  handle: CallMediaHandle;
  peer: string;
  /** Whose video the one remote box shows in a group call (`call.peer`, as given). */
  shownPeer: string;
  /** `NOWHERE` while the pane is hidden. */
  locate: () => VideoPlaces;
  remote: TerminalVideo;
  local: TerminalVideo;
  lastRemoteAtMs: number;
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

  /** After every Ink frame: the placeholders' current places, painted again. */
  function onInkFrame(): void {
    const a = current;
    if (!a) return;
    const places = a.locate();
    const t = now();
    const remoteOn = state.view !== 'viewer' && t - a.lastRemoteAtMs <= staleAfterMs;
    place(a.remote, remoteOn ? places.remote : null);
    place(a.local, t - a.lastLocalAtMs <= staleAfterMs ? places.local : null);
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
    a.remote.stop({ blank: false });
    a.local.stop({ blank: false });
    void a.viewer?.then((viewer) => viewer?.close());
    setState({ viewerUrl: null, remoteLive: false, localLive: false });
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
        current.shownPeer = peer;
        return;
      }
      detach();
      const look = lookOf(terminalView);
      const a: Attached = {
        handle,
        peer: safeLine(peer, 40),
        shownPeer: peer,
        locate,
        remote: createTerminalVideo({ write: options.write, ...look, rect: null }),
        local: createTerminalVideo({ write: options.write, ...look, rect: null }),
        lastRemoteAtMs: -Infinity,
        lastLocalAtMs: -Infinity,
        viewer: null,
        detach: () => {},
      };
      const onRemote = (jpeg: Buffer, from?: string): void => {
        // A group call sends every peer's frames; one box shows one of them (docs/media.md "Group calls").
        if (from !== undefined && from !== a.shownPeer) return;
        a.lastRemoteAtMs = now();
        a.remote.push(jpeg);
        void a.viewer?.then((viewer) => viewer?.push(jpeg));
        if (!state.remoteLive) setState({ remoteLive: true });
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
        const t = now();
        if (state.remoteLive && t - a.lastRemoteAtMs > staleAfterMs)
          setState({ remoteLive: false });
        if (state.localLive && t - a.lastLocalAtMs > staleAfterMs) setState({ localLive: false });
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
      current.remote.setRect(null);
      current.local.setRect(null);
    },
    cycleView() {
      const view = nextVideoView(state.view, colorDepth);
      if (view !== 'viewer') {
        terminalView = view;
        const look = lookOf(view);
        current?.remote.setMode(look.mode, look.symbols);
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
