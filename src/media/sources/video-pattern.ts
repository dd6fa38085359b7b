/**
 * `--video-source pattern[:FPS]`: a moving synthetic test pattern — colour bars, a
 * bouncing white square and a sweeping line — encoded as JPEG with sharp, by
 * 320×240 at 25 fps unless told otherwise, paced by the clock. If an encode is still
 * running when the next frame is due, that frame is skipped (newest wins).
 */
import { loadSharp } from '../lazy-sharp.js';
import { DEFAULT_PATTERN_FPS } from '../media-options.js';
import type { SourceHandlers, VideoSource } from '../media-types.js';

export interface PatternOptions {
  width?: number;
  height?: number;
  fps?: number;
  quality?: number;
}

const BARS: readonly (readonly [number, number, number])[] = [
  [235, 235, 235],
  [235, 235, 16],
  [16, 235, 235],
  [16, 235, 16],
  [235, 16, 235],
  [235, 16, 16],
  [16, 16, 235],
  [16, 16, 16],
];

/** The pattern's pixels for frame `n` (packed RGB). Pure, so tests can check a frame. */
export function drawPattern(width: number, height: number, n: number): Buffer {
  const rgb = Buffer.alloc(width * height * 3);
  for (let x = 0; x < width; x++) {
    const [r, g, b] = BARS[Math.floor((x * BARS.length) / width)]!;
    for (let y = 0; y < height; y++) {
      const p = (y * width + x) * 3;
      rgb[p] = r;
      rgb[p + 1] = g;
      rgb[p + 2] = b;
    }
  }
  const size = Math.max(4, Math.floor(height / 5));
  const spanX = Math.max(1, width - size);
  const spanY = Math.max(1, height - size);
  const bx = bounce(n * 4, spanX);
  const by = bounce(n * 3, spanY);
  for (let y = by; y < by + size; y++)
    rgb.fill(255, (y * width + bx) * 3, (y * width + bx + size) * 3);
  const lineY = n % height;
  rgb.fill(0, lineY * width * 3, (lineY + 1) * width * 3);
  return rgb;
}

function bounce(position: number, span: number): number {
  const phase = position % (2 * span);
  return phase < span ? phase : 2 * span - phase;
}

export function createPatternSource(options: PatternOptions = {}): VideoSource {
  const width = options.width ?? 320;
  const height = options.height ?? 240;
  const fps = options.fps ?? DEFAULT_PATTERN_FPS;
  const quality = options.quality ?? 70;
  const intervalMs = 1000 / fps;
  let timer: NodeJS.Timeout | undefined;
  let run = 0;
  return {
    label: `pattern ${width}×${height} at ${fps} fps`,
    probe: () => Promise.resolve({ ok: true }),
    start(handlers: SourceHandlers) {
      if (timer) return;
      const current = ++run;
      const startMs = performance.now();
      let n = 0;
      let encoding = false;
      const tick = () => {
        // Timers may fire a little early: a frame is made only once it is due.
        const due = Math.floor((performance.now() - startMs) / intervalMs);
        if (due >= n) {
          if (!encoding) encode(due);
          n = due + 1;
        }
        timer = setTimeout(tick, Math.max(1, startMs + n * intervalMs - performance.now()));
      };
      const encode = (frame: number) => {
        encoding = true;
        loadSharp()
          .then((sharp) =>
            sharp(drawPattern(width, height, frame), { raw: { width, height, channels: 3 } })
              .jpeg({ quality, progressive: false })
              .toBuffer(),
          )
          .then((jpeg) => {
            if (run === current && timer) handlers.data(jpeg);
          })
          .catch((error: Error) => handlers.failed(`test pattern failed: ${error.message}`))
          .finally(() => {
            encoding = false;
          });
      };
      timer = setTimeout(tick, 0);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
