/**
 * The call's status line: peer, duration, fps in/out, kbit/s, the audio
 * level as a small meter, and the mic and camera state of both sides — as
 * segments with priorities, so a narrow terminal drops the least important
 * ones instead of cutting the line mid-word. The video pane and the compact
 * call bar show the same line; what they say about our mic and camera comes
 * from `micState`/`cameraState` alone. Pure.
 */
import type { CallSecurity, CallStats } from '../../core/call-media-port.js';
import { isGroupCall, participantsOf } from '../../core/call-participants.js';
import { formatDuration } from '../../core/format-duration.js';
import { sanitizeForTerminal } from '../../../terminal/sanitize.js';
import type { CallInProgress, CallState } from '../../core/state.js';
import type { KeyAction } from '../keys/keymap.js';
import { textWidth } from '../../../terminal/text-width.js';

export interface StatusPart {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
}

export interface StatusSegment {
  parts: StatusPart[];
  /** 0 is kept longest; higher numbers go first when the line is too narrow. */
  priority: number;
}

export interface CallStatusInput {
  call: CallInProgress<'connecting' | 'active'>;
  /** Already sanitized for the terminal. */
  peer: string;
  durationMs: number;
  stats: CallStats | null;
}

/** Our microphone in a call: `none` when we send no audio (`--audio-source none`, no recorder). */
export type MicState = 'on' | 'muted' | 'none';
/** Our camera in a video call: `none` when we send no video; null in a call that shows no video. */
export type CameraState = 'on' | 'off' | 'none';

/**
 * Every view's mic state, from the one place it lives (the call state, see
 * call-controller.ts). Before the media is up (`flow` null) it is not known
 * whether a microphone runs, so only a mute the user chose is shown: null.
 */
export function micState(call: CallInProgress<'connecting' | 'active'>): MicState | null {
  if (call.flow === null) return call.micMuted ? 'muted' : null;
  if (!call.flow.sending.audio) return 'none';
  return call.micMuted ? 'muted' : 'on';
}

export function cameraState(call: CallInProgress<'connecting' | 'active'>): CameraState | null {
  if (!callShowsVideo(call)) return null;
  if (call.flow === null) return call.cameraOff ? 'off' : null;
  if (!call.flow.sending.video) return 'none';
  return call.cameraOff ? 'off' : 'on';
}

/** Whether the call shows video: it asked for video and (once known) some flows one way or the other. */
export function callShowsVideo(call: CallInProgress<'connecting' | 'active'>): boolean {
  if (!call.media.includes('video')) return false;
  return call.flow === null || call.flow.sending.video || call.flow.receiving.video;
}

/** Whether a call key does anything in this call (no mute without a microphone, …). */
export function callKeyUseful(action: KeyAction, call: CallState): boolean {
  if (call.phase !== 'connecting' && call.phase !== 'active') return true;
  if (action === 'call_mute') return micState(call) !== 'none';
  if (action === 'call_camera') return cameraState(call) !== null && cameraState(call) !== 'none';
  if (action === 'call_video_view') return callShowsVideo(call);
  return true;
}

export const SEPARATOR = ' │ ';
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
/** The meter spans 48 dB: a whisper shows, a shout fills it. */
const METER_FLOOR_DB = -48;

/** A peak level (0–1) as a bar of `cells` cells in eighths, on a dB scale: filled and empty parts. */
export function levelMeter(level: number, cells = 5): { filled: string; empty: string } {
  const db = level > 0 ? 20 * Math.log10(Math.min(1, level)) : -Infinity;
  const fraction = Math.max(0, Math.min(1, 1 - db / METER_FLOOR_DB));
  const eighths = Math.round(fraction * cells * 8);
  const full = Math.floor(eighths / 8);
  const partial = EIGHTHS[eighths % 8]!;
  const filled = '█'.repeat(full) + partial;
  return { filled, empty: '·'.repeat(cells - full - (partial ? 1 : 0)) };
}

/**
 * A group call's members (docs/protocol.md "Group calls"): each name, `♪`
 * while talking, and what is not yet (or no longer) up: ringing,
 * connecting, link lost.
 */
function memberParts(call: CallInProgress<'connecting' | 'active'>): StatusPart[] {
  const parts: StatusPart[] = [];
  for (const p of participantsOf(call)) {
    if (parts.length > 0) parts.push({ text: ', ', dim: true });
    const name = sanitizeForTerminal(p.name);
    if (p.state === 'ringing') parts.push({ text: `${name} (ringing)`, color: 'yellow' });
    else if (p.link === 'lost') parts.push({ text: `${name} (link lost)`, color: 'red' });
    else if (p.link === 'pending') parts.push({ text: `${name} (connecting)`, color: 'yellow' });
    else parts.push({ text: p.talking ? `${name} ♪` : name, ...(p.talking && { color: 'green' }) });
  }
  return parts;
}

export function callStatusSegments(input: CallStatusInput): StatusSegment[] {
  const { call, peer, stats } = input;
  const connected = call.phase === 'active';
  const video = callShowsVideo(call);
  const group = isGroupCall(call);
  const who = group ? 'group call' : peer;
  const segments: StatusSegment[] = [
    {
      parts: [
        {
          text: `☏ ${who} · ${connected ? formatDuration(input.durationMs) : 'connecting…'}`,
          color: connected ? 'green' : 'yellow',
          bold: true,
        },
      ],
      priority: 0,
    },
  ];
  if (group) segments.push({ parts: memberParts(call), priority: 0 });
  const own: StatusPart[] = [];
  switch (micState(call)) {
    case 'muted':
      own.push({ text: 'mic muted', color: 'red', bold: true });
      break;
    case 'on':
      own.push({ text: 'mic on', dim: true });
      break;
    case 'none':
      own.push({ text: 'no microphone', dim: true });
      break;
    case null:
      break;
  }
  const camera = cameraState(call);
  if (camera === 'off' || camera === 'none') {
    const text = camera === 'off' ? 'camera off' : 'no camera';
    own.push({ text: own.length > 0 ? ` · ${text}` : text, color: 'yellow' });
  }
  if (own.length > 0) segments.push({ parts: own, priority: 1 });
  if (stats?.peerMicMuted || stats?.peerCameraOff) {
    const what = [stats.peerMicMuted ? 'muted' : '', stats.peerCameraOff ? 'camera off' : '']
      .filter(Boolean)
      .join(' · ');
    segments.push({ parts: [{ text: `${peer}: ${what}`, color: 'yellow' }], priority: 1 });
  }
  if (stats) {
    const meter = levelMeter(stats.audioLevelIn);
    segments.push(
      {
        parts: [
          // The codec stays on a narrow line; its kbit/s each way goes first (docs/media.md "Audio codec").
          { text: stats.audioCodec ? `audio ${stats.audioCodec} ` : 'audio ', dim: true },
          { text: meter.filled, color: 'green' },
          { text: meter.empty, dim: true },
        ],
        priority: 2,
      },
      {
        parts: [{ text: `in ${rate(video, stats.fpsIn, stats.kbitPerSecondIn)}` }],
        priority: 3,
      },
      {
        parts: [{ text: `out ${rate(video, stats.fpsOut, stats.kbitPerSecondOut)}` }],
        priority: 4,
      },
    );
    if (stats.audioCodec) segments.push(audioRateSegment(stats));
  }
  // Last, but kept as long as the peer's name: how the call is protected (people compare it aloud).
  if (call.security) segments.push(securitySegment(call.security));
  return segments;
}

/** What the audio alone costs each way, on the wire. */
function audioRateSegment(stats: CallStats): StatusSegment {
  const kbit = (value: number | undefined) => (value ?? 0).toFixed(0);
  const text = `audio in ${kbit(stats.audioKbitPerSecondIn)} · out ${kbit(stats.audioKbitPerSecondOut)} kbit/s`;
  return { parts: [{ text, dim: true }], priority: 5 };
}

function rate(video: boolean, fps: number, kbitPerSecond: number): string {
  const bits = `${kbitPerSecond.toFixed(0)} kbit/s`;
  return video ? `${fps.toFixed(0)} fps · ${bits}` : bits;
}

export function segmentsWidth(segments: readonly StatusSegment[]): number {
  const text = segments.reduce(
    (sum, s) => sum + s.parts.reduce((w, p) => w + textWidth(p.text), 0),
    0,
  );
  return text + Math.max(0, segments.length - 1) * SEPARATOR.length;
}

/** Drops the least important segments until the line fits in `width` (order is kept). */
export function fitSegments(segments: readonly StatusSegment[], width: number): StatusSegment[] {
  let kept = [...segments];
  while (kept.length > 1 && segmentsWidth(kept) > width) {
    const worst = Math.max(...kept.map((s) => s.priority));
    const at = kept.map((s) => s.priority).lastIndexOf(worst);
    kept = kept.filter((_, i) => i !== at);
  }
  return kept;
}

/** The safety code of an encrypted call, or "not encrypted" (docs/media.md "Encrypted calls"). */
export function securitySegment(security: CallSecurity): StatusSegment {
  return security.encrypted
    ? { parts: [{ text: `safety code ${security.safetyCode}`, color: 'green' }], priority: 0 }
    : { parts: [{ text: 'not encrypted', color: 'red', bold: true }], priority: 0 };
}
