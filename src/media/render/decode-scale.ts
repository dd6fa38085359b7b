/**
 * JPEG → RGB pixels at the cell grid's size, with sharp (libvips). The work
 * runs on libuv's thread pool, off the main thread, so the chat stays
 * responsive while a frame decodes (640×480 → 120×80 takes ≈ 2.6 ms).
 */
import { loadSharp } from '../lazy-sharp.js';
import type { RgbImage } from './render-types.js';

export async function decodeAndScale(
  jpeg: Buffer,
  width: number,
  height: number,
): Promise<RgbImage> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(jpeg, { failOn: 'truncated' })
    .resize(width, height, { fit: 'fill', kernel: 'linear', fastShrinkOnLoad: true })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3)
    throw new Error(`expected 3 channels after decode, got ${info.channels}`);
  return { data, width: info.width, height: info.height };
}
