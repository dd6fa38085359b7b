/**
 * Reads a JPEG's size and coding from its SOF marker without decoding it.
 * Pure. Used to hold incoming frames to docs/protocol-v1.md §2 (at most 1280×720)
 * and to decide whether an outgoing frame needs re-encoding.
 */

export interface JpegInfo {
  width: number;
  height: number;
  /** SOF0: the only coding §2 promises every peer can decode. */
  baseline: boolean;
}

/** §2: a video frame is at most 1280×720. */
export const MAX_VIDEO_WIDTH = 1280;
export const MAX_VIDEO_HEIGHT = 720;

const SOI = 0xd8;
const SOS = 0xda;

function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);
}

function isStartOfFrame(marker: number): boolean {
  // C0–CF are SOF markers except C4 (DHT), C8 (JPG) and CC (DAC).
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

export function readJpegInfo(jpeg: Uint8Array): JpegInfo | undefined {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== SOI) return undefined;
  let offset = 2;
  while (offset + 4 <= jpeg.length) {
    if (jpeg[offset] !== 0xff) return undefined;
    const marker = jpeg[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (isStandalone(marker)) {
      offset += 2;
      continue;
    }
    const length = (jpeg[offset + 2]! << 8) | jpeg[offset + 3]!;
    if (length < 2) return undefined;
    if (isStartOfFrame(marker)) {
      if (offset + 9 > jpeg.length) return undefined;
      const height = (jpeg[offset + 5]! << 8) | jpeg[offset + 6]!;
      const width = (jpeg[offset + 7]! << 8) | jpeg[offset + 8]!;
      return { width, height, baseline: marker === 0xc0 };
    }
    if (marker === SOS) return undefined; // scan data before any SOF: not a valid JPEG
    offset += 2 + length;
  }
  return undefined;
}

export function fitsVideoLimits(info: JpegInfo): boolean {
  return (
    info.width > 0 &&
    info.height > 0 &&
    info.width <= MAX_VIDEO_WIDTH &&
    info.height <= MAX_VIDEO_HEIGHT
  );
}

const EOI = 0xd9;

/**
 * Why an incoming video payload breaks docs/protocol-v1.md §2 ("one complete
 * baseline JPEG, at most 1280×720"), or undefined when it does not: no SOI
 * or no frame header, a coding other than baseline (SOF0), a size over the
 * limit, or no EOI at the end (a truncated or concatenated image).
 */
export function describeVideoFrameProblem(jpeg: Uint8Array): string | undefined {
  const info = readJpegInfo(jpeg);
  if (!info) return 'a video frame is not a JPEG';
  if (!info.baseline) return 'a video frame is not a baseline JPEG (progressive or other coding)';
  if (!fitsVideoLimits(info)) {
    return `video frame of ${info.width}×${info.height} is over ${MAX_VIDEO_WIDTH}×${MAX_VIDEO_HEIGHT}`;
  }
  if (jpeg[jpeg.length - 2] !== 0xff || jpeg[jpeg.length - 1] !== EOI) {
    return 'a video frame is not a complete JPEG (no end-of-image marker)';
  }
  return undefined;
}
