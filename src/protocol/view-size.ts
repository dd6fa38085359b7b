/**
 * The `view_size` control message (docs/media.md "Frames", tchat's
 * addition to docs/protocol-v1.md §2): a receiver tells the sender the size
 * in pixels its picture is shown at, so the sender scales its JPEGs down to
 * it for that link. Pure: the link sends the object as the JSON payload of
 * a kind 3 frame; a peer that never sends it gets full frames.
 */
export interface ViewSize {
  width: number;
  height: number;
}

/** Smaller pictures carry nothing a terminal tile can use; larger ones break §2's 1280×720. */
export const MIN_VIEW_WIDTH = 16;
export const MIN_VIEW_HEIGHT = 16;
/** docs/protocol-v1.md §2: a video frame is at most 1280×720. */
export const MAX_VIEW_WIDTH = 1280;
export const MAX_VIEW_HEIGHT = 720;

export const VIEW_SIZE_TYPE = 'view_size';

export type ViewSizeParse =
  | { ok: true; size: ViewSize }
  | { ok: false; error: string }
  /** Some other control message: not ours to judge. */
  | { ok: false; error: null };

/** The message for a size, clamped into the allowed range (a tile may be tiny or huge). */
export function encodeViewSize(size: ViewSize): {
  type: typeof VIEW_SIZE_TYPE;
  width: number;
  height: number;
} {
  return {
    type: VIEW_SIZE_TYPE,
    width: clamp(Math.round(size.width), MIN_VIEW_WIDTH, MAX_VIEW_WIDTH),
    height: clamp(Math.round(size.height), MIN_VIEW_HEIGHT, MAX_VIEW_HEIGHT),
  };
}

/** Reads a parsed control message; a `view_size` out of range or not of integers is an error. */
export function decodeViewSize(message: Record<string, unknown>): ViewSizeParse {
  if (message.type !== VIEW_SIZE_TYPE) return { ok: false, error: null };
  const width = checkDimension('width', message.width, MIN_VIEW_WIDTH, MAX_VIEW_WIDTH);
  if (typeof width === 'string') return { ok: false, error: width };
  const height = checkDimension('height', message.height, MIN_VIEW_HEIGHT, MAX_VIEW_HEIGHT);
  if (typeof height === 'string') return { ok: false, error: height };
  return { ok: true, size: { width, height } };
}

function checkDimension(name: string, value: unknown, min: number, max: number): number | string {
  if (typeof value !== 'number' || !Number.isInteger(value))
    return `view_size ${name} must be a whole number of pixels`;
  if (value < min || value > max) return `view_size ${name} ${value} is outside ${min}–${max}`;
  return value;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number.isFinite(value) ? value : max));
}
