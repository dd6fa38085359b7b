/**
 * What each tile of the video grid says (video-grid.ts places them): the
 * participant's name, the frames a second their video comes at, and a
 * marker while they talk. A participant is given by the call state as
 * `ParticipantView`; a 1:1 call's one participant is made from today's
 * state (`participantsOf1to1`: the peer, talking while its audio is loud
 * and not muted). Pure.
 */
import type { CallStats } from '../../core/call-media-port.js';
import type { CallVideoState } from '../../core/call-video-port.js';
import type { CallInProgress } from '../../core/state.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import { truncateToWidth } from '../../../terminal/text-width.js';

/** A remote participant as the call state knows them. */
export interface ParticipantView {
  /** The participant's name (as the server spells it; sanitized for the screen here). */
  name: string;
  /** Their audio is loud enough right now to count as speech. */
  talking: boolean;
}

/** One tile's view model. */
export interface VideoTile {
  /** The participant's name, the key of their video in the painter. */
  peer: string;
  /** The name, safe to print. */
  label: string;
  fps: number;
  talking: boolean;
  /** A frame came recently: the painter paints the tile; else `text` says why not. */
  live: boolean;
}

/** Peak level (0–1) above which a participant counts as talking: quiet rooms stay below. */
export const TALKING_LEVEL = 0.05;
/** Shown before a talking participant's name; a space of the same width otherwise. */
export const TALKING_MARK = '●';

/** A 1:1 call's one participant, from today's call state and stats. */
export function participantsOf1to1(
  call: CallInProgress<'connecting' | 'active'>,
  stats: CallStats | null,
): ParticipantView[] {
  const talking =
    stats !== null &&
    !stats.peerMicMuted &&
    stats.audioFramesIn > 0 &&
    stats.audioLevelIn >= TALKING_LEVEL;
  return [{ name: call.peer, talking }];
}

export function videoTilesOf(
  participants: readonly ParticipantView[],
  state: CallVideoState,
): VideoTile[] {
  return participants.map((p) => {
    const video = state.remotes[p.name];
    return {
      peer: p.name,
      label: sanitizeForTerminal(p.name),
      fps: video?.fps ?? 0,
      talking: p.talking,
      live: video?.live ?? false,
    };
  });
}

/** The name line: the marker, the name, the rate; the name is cut first when narrow. */
export function tileLabel(tile: VideoTile, width: number): string {
  const mark = tile.talking ? TALKING_MARK : ' ';
  const rate = tile.live ? ` · ${Math.round(tile.fps)} fps` : '';
  const nameRoom = Math.max(1, width - 2 - rate.length);
  return truncateToWidth(`${mark} ${truncateToWidth(tile.label, nameRoom)}${rate}`, width);
}

/** What a tile without a picture says. */
export function tileText(
  tile: VideoTile,
  call: CallInProgress<'connecting' | 'active'>,
  state: CallVideoState,
): string | null {
  if (state.view === 'viewer') return 'in the browser';
  if (tile.live) return null;
  if (call.phase === 'connecting') return 'connecting…';
  return 'no video yet';
}
