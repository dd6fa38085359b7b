/**
 * Render cost per frame, as the call pane pays it: a 320×240 JPEG from the
 * pattern → decode + scale (sharp, thread pool) → cells → the paint escape
 * sequence, for 120×40 cells in ascii / 256 / truecolor. Baseline in the
 * same run: decode + scale alone, so the ratio shows what the cells add.
 */
import sharp from 'sharp';
import { buildPaintSequence } from '../../src/media/render/direct-painter.js';
import { decodeAndScale } from '../../src/media/render/decode-scale.js';
import { renderJpegFrame } from '../../src/media/render/frame-renderer.js';
import type { RenderMode } from '../../src/media/render/render-types.js';
import { drawPattern } from '../../src/media/sources/video-pattern.js';
import { stats } from './instruments.js';

export interface RenderResult {
  name: string;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  bytesPerFrame: number;
}

const COLS = 120;
const ROWS = 40;

export async function makePatternFrames(count = 50): Promise<Buffer[]> {
  const frames: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    frames.push(
      await sharp(drawPattern(320, 240, n * 7), { raw: { width: 320, height: 240, channels: 3 } })
        .jpeg({ quality: 70 })
        .toBuffer(),
    );
  }
  return frames;
}

async function time(frames: Buffer[], iterations: number, work: (jpeg: Buffer) => Promise<number>) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < iterations + 20; i++) {
    const started = performance.now();
    const produced = await work(frames[i % frames.length]!);
    if (i >= 20) {
      times.push(performance.now() - started); // the first 20 warm up
      bytes += produced;
    }
  }
  return { ...stats(times), bytesPerFrame: bytes / iterations };
}

export async function runRenderBench(iterations = 300): Promise<RenderResult[]> {
  const frames = await makePatternFrames();
  const results: RenderResult[] = [];
  const add = (name: string, s: Awaited<ReturnType<typeof time>>) =>
    results.push({
      name,
      meanMs: s.mean,
      p50Ms: s.p50,
      p95Ms: s.p95,
      bytesPerFrame: s.bytesPerFrame,
    });
  add(
    'baseline: decode + scale only (120×80 px)',
    await time(
      frames,
      iterations,
      async (jpeg) => (await decodeAndScale(jpeg, COLS, ROWS * 2)).data.length,
    ),
  );
  for (const mode of ['ascii', '256', 'truecolor'] as RenderMode[]) {
    add(
      `${mode}: decode + scale + cells + paint`,
      await time(frames, iterations, async (jpeg) => {
        const frame = await renderJpegFrame(jpeg, {
          mode,
          maxCols: COLS,
          maxRows: ROWS,
          fit: 'fill',
        });
        return buildPaintSequence({ row: 0, col: 0, width: COLS, height: ROWS }, frame).length;
      }),
    );
  }
  return results;
}
