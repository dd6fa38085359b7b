/**
 * Sender-side scaling for the `view_size` control message (docs/media.md
 * "Frames"): a frame for a link whose peer shows it small is scaled down
 * (sharp, fit inside, never enlarged) before it goes out, so a mesh does
 * not send full frames to small tiles. One encode per distinct size of a
 * frame: the results hang off the source buffer (a WeakMap), so every link
 * asking the same size for the same frame shares one encode, and they go
 * with the frame. A frame that already fits, or a link that never asked,
 * gets the frame unchanged.
 */
import { loadSharp } from '../lazy-sharp.js';
import type { ViewSize } from '../../protocol/view-size.js';
import { readJpegInfo } from './jpeg-info.js';

/** Enough for a picture a few cells tall to keep its edges; the frames stay small. */
const SCALED_QUALITY = 75;

const scaledBySource = new WeakMap<Buffer, Map<string, Promise<Buffer>>>();

/** The frame to send to a peer that shows it at `view` (null: the peer never said). */
export function scaleJpegToView(jpeg: Buffer, view: ViewSize | null): Promise<Buffer> {
  if (view === null) return Promise.resolve(jpeg);
  const info = readJpegInfo(jpeg);
  if (!info || (info.width <= view.width && info.height <= view.height))
    return Promise.resolve(jpeg);
  let sizes = scaledBySource.get(jpeg);
  if (!sizes) scaledBySource.set(jpeg, (sizes = new Map<string, Promise<Buffer>>()));
  const key = `${view.width}x${view.height}`;
  let scaled = sizes.get(key);
  if (!scaled) {
    scaled = encodeScaled(jpeg, view);
    sizes.set(key, scaled);
  }
  return scaled;
}

async function encodeScaled(jpeg: Buffer, view: ViewSize): Promise<Buffer> {
  const sharp = await loadSharp();
  try {
    return await sharp(jpeg)
      .resize(view.width, view.height, { fit: 'inside', withoutEnlargement: true })
      // Baseline, as docs/protocol-v1.md §2 promises every peer can decode.
      .jpeg({ quality: SCALED_QUALITY, progressive: false, mozjpeg: false })
      .toBuffer();
  } catch {
    return jpeg; // already a valid frame (normalized): better full size than none
  }
}
