/**
 * The seam between the video pane (Ink) and what paints the call's video
 * (src/media/call-video.ts, built by the CLI). Video never goes through
 * React (colour frames cost 35–350 ms through Ink): the pane lays
 * out empty placeholder boxes and tells the painter where they are; the
 * painter draws JPEGs straight to the terminal and draws them again after
 * every Ink frame (an Ink redraw blanks the placeholders). Types, and the
 * one rule both sides share: the order `o` cycles through.
 */
import type { CallMediaHandle } from './call-media-port.js';

/** A rectangle of the screen in cells, 0-based (as Ink's layout gives it). */
export interface ScreenRect {
  row: number;
  col: number;
  width: number;
  height: number;
}

/**
 * Where to paint right now; `null`: do not paint that one (camera off, viewer mode, no room).
 * `remotes` holds a tile per remote participant, keyed by name (a 1:1 call: the peer alone);
 * a participant left out is no longer in the call's grid.
 */
export interface VideoPlaces {
  remotes: ReadonlyMap<string, ScreenRect | null>;
  local: ScreenRect | null;
}

/** One remote participant's video as the painter sees it. */
export interface RemoteVideoState {
  /** A frame came recently (the tile shows a text otherwise). */
  live: boolean;
  /** Frames a second received from this participant, over the last second or so. */
  fps: number;
}

/**
 * How the peer's video is shown: in the terminal — in colour with half blocks
 * (the fastest), quadrants, sextants (fonts with Unicode 13's legacy
 * computing symbols only), Braille, or coloured characters; or plain ASCII —
 * or in a browser (docs/media.md "In the TUI").
 */
export type VideoView =
  'half' | 'quadrant' | 'sextant' | 'braille' | 'ascii-color' | 'ascii' | 'viewer';

/** The colour views, in the order `o` steps through them. */
export const COLOR_VIEWS = ['half', 'quadrant', 'sextant', 'braille', 'ascii-color'] as const;

export interface CallVideoState {
  view: VideoView;
  /** The colour the colour views draw in here; `null` without colour (NO_COLOR, 16 colours). */
  colorDepth: 'truecolor' | '256' | null;
  /** The viewer's page once it runs (it keeps running until the call ends). */
  viewerUrl: string | null;
  /** A frame of the call's peer (`show`'s `peer`) arrived recently (the pane shows a text otherwise). */
  remoteLive: boolean;
  /** Every remote participant a frame came from, by name. */
  remotes: Readonly<Record<string, RemoteVideoState>>;
  /** A frame of our own camera arrived recently (for the preview). */
  localLive: boolean;
}

export interface CallVideo {
  /**
   * The video pane is on screen for this call. `locate` is asked after every
   * Ink frame (and must be cheap): the placeholders' places on the screen now.
   * Everything of a call (its viewer, its last frames) lasts until the handle
   * ends, so hiding the pane (help overlay, a too-small terminal) loses nothing.
   */
  show(call: { handle: CallMediaHandle; peer: string; locate: () => VideoPlaces }): void;
  /** The pane is gone: stop painting at once; Ink redraws the chat over it. */
  hide(): void;
  // Properties, not methods: the UI passes them around unbound (useSyncExternalStore, key handlers).
  /** Colour views → ascii → viewer → the first again (no colour views on a terminal without colour). */
  cycleView: () => void;
  getState: () => CallVideoState;
  subscribe: (listener: () => void) => () => void;
}

/** half → quadrant → sextant → braille → ascii-color → ascii → viewer → half; colour views only where the terminal has colour. */
export function nextVideoView(
  view: VideoView,
  colorDepth: CallVideoState['colorDepth'],
): VideoView {
  const order: VideoView[] = [...(colorDepth ? COLOR_VIEWS : []), 'ascii', 'viewer'];
  return order[(order.indexOf(view) + 1) % order.length]!;
}

/** A view's short name, for the pane's badge and the key column. */
export function videoViewLabel(view: VideoView): string {
  switch (view) {
    case 'half':
      return 'half blocks';
    case 'quadrant':
      return 'quadrants';
    case 'sextant':
      return 'sextants';
    case 'braille':
      return 'braille';
    case 'ascii-color':
      return 'colour ascii';
    case 'ascii':
      return 'ascii';
    case 'viewer':
      return 'browser';
  }
}
