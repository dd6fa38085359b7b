/**
 * Makes an outgoing frame one §2 allows: a baseline JPEG of at most
 * 1280×720 and 1 MiB, complete (ending in EOI). Frames that already are
 * (the pattern, a webcam at 640×480) pass untouched after a header read;
 * others are re-encoded once with sharp. Returns undefined for data that is not a decodable image.
 */
import { loadSharp } from '../lazy-sharp.js';
import { describeVideoFrameProblem, MAX_VIDEO_HEIGHT, MAX_VIDEO_WIDTH } from './jpeg-info.js';

export const MAX_VIDEO_FRAME_BYTES = 1024 * 1024;

export async function normalizeJpeg(image: Buffer): Promise<Buffer | undefined> {
  // The same check a tchat peer applies to what it receives (peer-link.ts).
  if (image.length <= MAX_VIDEO_FRAME_BYTES && describeVideoFrameProblem(image) === undefined)
    return image;
  const sharp = await loadSharp();
  for (const quality of [80, 50]) {
    try {
      const out = await sharp(image)
        .resize(MAX_VIDEO_WIDTH, MAX_VIDEO_HEIGHT, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality, progressive: false, mozjpeg: false })
        .toBuffer();
      if (out.length <= MAX_VIDEO_FRAME_BYTES) return out;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
