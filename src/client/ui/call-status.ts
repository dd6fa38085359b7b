/**
 * The call's status line (issue 4 item 1): peer, duration, fps in/out,
 * kbit/s, the audio level as a small meter, and the mute state of both
 * sides — as segments with priorities, so a narrow terminal drops the least
 * important ones instead of cutting the line mid-word. Pure.
 */
import type { CallSecurity, CallStats } from '../core/call-media-port.js';
import { formatDuration } from '../core/format-duration.js';
import { textWidth } from '../../terminal/text-width.js';

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
  /** Already sanitized for the terminal. */
  peer: string;
  connected: boolean;
  durationMs: number;
  stats: CallStats | null;
  micMuted: boolean;
  cameraOff: boolean;
  /** Once connected: the safety code, or "not encrypted" (docs/media.md "Encrypted calls"). */
  security?: CallSecurity | undefined;
}

/** How the call is protected, kept as long as the peer's name (people compare it aloud). */
export function securitySegment(security: CallSecurity): StatusSegment {
  return security.encrypted
    ? { parts: [{ text: `safety code ${security.safetyCode}`, color: 'green' }], priority: 0 }
    : { parts: [{ text: 'not encrypted', color: 'red', bold: true }], priority: 0 };
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

export function callStatusSegments(input: CallStatusInput): StatusSegment[] {
  const { peer, stats } = input;
  const segments: StatusSegment[] = [
    {
      parts: [
        {
          text: `☏ ${peer} · ${input.connected ? formatDuration(input.durationMs) : 'connecting…'}`,
          color: input.connected ? 'green' : 'yellow',
          bold: true,
        },
      ],
      priority: 0,
    },
    {
      parts: [
        input.micMuted
          ? { text: 'mic muted', color: 'red', bold: true }
          : { text: 'mic on', dim: true },
        ...(input.cameraOff ? [{ text: ' · camera off', color: 'yellow' }] : []),
      ],
      priority: 1,
    },
    ...(input.security ? [securitySegment(input.security)] : []),
  ];
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
          { text: 'audio ', dim: true },
          { text: meter.filled, color: 'green' },
          { text: meter.empty, dim: true },
        ],
        priority: 2,
      },
      { parts: [{ text: `in ${rate(stats.fpsIn, stats.kbitPerSecondIn)}` }], priority: 3 },
      { parts: [{ text: `out ${rate(stats.fpsOut, stats.kbitPerSecondOut)}` }], priority: 4 },
    );
  }
  return segments;
}

function rate(fps: number, kbitPerSecond: number): string {
  return `${fps.toFixed(0)} fps · ${kbitPerSecond.toFixed(0)} kbit/s`;
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
