/**
 * The terminal looks of the call's video against chafa (the reference
 * renderer, `apt-get install -y chafa`) on the same frames, 320×240 JPEGs →
 * 120×40 cells in truecolor: render time per frame (JPEG in, terminal lines
 * out) and fidelity (symbol-fidelity.ts: mean error of the re-drawn cells
 * against the source, lower is closer). chafa runs once per look over all
 * frames (`--threads 1`, like our one main thread; `-O 0` so its output is
 * plain SGR), and its start-up is taken out: (time for N frames − time for
 * one) / (N − 1). Without chafa on PATH its columns say so.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { renderJpegFrame } from '../../src/media/render/frame-renderer.js';
import type { CellSymbols, RenderMode } from '../../src/media/render/render-types.js';
import { stats } from './instruments.js';
import { CELL_PX_H, CELL_PX_W, cellError } from './symbol-fidelity.js';

const run = promisify(execFile);
const COLS = 120;
const ROWS = 40;

interface Look {
  name: string;
  mode: RenderMode;
  symbols: CellSymbols;
  chafa: string[];
  /** Plain ASCII has no colour to compare with a colour picture. */
  fidelity: boolean;
}

const LOOKS: Look[] = [
  { name: 'half blocks', mode: 'truecolor', symbols: 'half', chafa: ['--symbols', 'vhalf'], fidelity: true },
  { name: 'quadrants', mode: 'truecolor', symbols: 'quadrant', chafa: ['--symbols', 'quad'], fidelity: true },
  { name: 'sextants', mode: 'truecolor', symbols: 'sextant', chafa: ['--symbols', 'sextant'], fidelity: true },
  { name: 'braille', mode: 'truecolor', symbols: 'braille', chafa: ['--symbols', 'braille'], fidelity: true },
  { name: 'colour ascii', mode: 'truecolor', symbols: 'ascii', chafa: ['--symbols', 'ascii'], fidelity: true },
  { name: 'ascii (no colour)', mode: 'ascii', symbols: 'half', chafa: ['--symbols', 'ascii', '-c', 'none'], fidelity: false },
]; // prettier-ignore

export interface SymbolRow {
  look: string;
  tchatMs: number;
  tchatP95Ms: number;
  chafaMs: number;
  tchatError: number;
  chafaError: number;
  chafaUnknownGlyphs: number;
}

export interface SymbolBench {
  rows: SymbolRow[];
  chafaVersion: string | null;
  frames: number;
}

/** A picture with soft gradients and edges, closer to a camera's than the test pattern. */
export async function makeScene(shift: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1d3b8a"/><stop offset="1" stop-color="#f0a060"/></linearGradient>
      <radialGradient id="sun"><stop offset="0" stop-color="#fff6c0"/><stop offset="1" stop-color="#ff9a30"/></radialGradient>
      <radialGradient id="face" cx="0.4" cy="0.35"><stop offset="0" stop-color="#f3c9a8"/><stop offset="1" stop-color="#8a5a3c"/></radialGradient>
    </defs>
    <rect width="320" height="240" fill="url(#sky)"/>
    <circle cx="${60 + shift}" cy="60" r="30" fill="url(#sun)"/>
    <path d="M0 170 Q 80 120 160 165 T 320 150 V 240 H 0 Z" fill="#2f6b2f"/>
    <ellipse cx="${200 - shift / 2}" cy="150" rx="45" ry="58" fill="url(#face)"/>
    <circle cx="${185 - shift / 2}" cy="135" r="6" fill="#222"/><circle cx="${215 - shift / 2}" cy="135" r="6" fill="#222"/>
    <path d="M${180 - shift / 2} 175 Q ${200 - shift / 2} 190 ${220 - shift / 2} 175" stroke="#702020" stroke-width="4" fill="none"/>
    <text x="12" y="228" font-family="sans-serif" font-size="22" fill="#ffffff">tchat ${shift}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

async function chafaVersion(): Promise<string | null> {
  try {
    const { stdout } = await run('chafa', ['--version']);
    return /Chafa version (\S+)/.exec(stdout)?.[1] ?? 'unknown';
  } catch {
    return null;
  }
}

async function runChafa(look: Look, files: string[]): Promise<string> {
  const args = [
    ...['--format', 'symbols', '-s', `${COLS}x${ROWS}`, '--stretch', '--animate', 'off'],
    ...['-O', '0', '--threads', '1', '--polite', 'on', '-c', 'full', ...look.chafa, ...files],
  ];
  const { stdout } = await run('chafa', args, { maxBuffer: 512 * 1024 * 1024 });
  return stdout;
}

/** chafa's output for one file: its 40 lines, without the cursor show/hide it may add. */
function chafaLines(output: string): string[] {
  return output
    .replaceAll('\u001b[?25l', '')
    .replaceAll('\u001b[?25h', '')
    .split('\n')
    .filter((line) => line !== '')
    .slice(0, ROWS);
}

export async function runSymbolBench(frameCount = 60, fidelityFrames = 8): Promise<SymbolBench> {
  const frames = await Promise.all(Array.from({ length: frameCount }, (_, n) => makeScene(n * 3)));
  const references = await Promise.all(
    frames.slice(0, fidelityFrames).map((jpeg) =>
      sharp(jpeg)
        .resize(COLS * CELL_PX_W, ROWS * CELL_PX_H, { fit: 'fill' })
        .removeAlpha()
        .raw()
        .toBuffer(),
    ),
  );
  const version = await chafaVersion();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tchat-bench-chafa-'));
  const files = await Promise.all(
    frames.map(async (jpeg, i) => {
      const file = path.join(dir, `frame-${String(i).padStart(3, '0')}.jpg`);
      await writeFile(file, jpeg);
      return file;
    }),
  );
  const rows: SymbolRow[] = [];
  try {
    for (const look of LOOKS) {
      const target = { mode: look.mode, symbols: look.symbols, maxCols: COLS, maxRows: ROWS, fit: 'fill' as const }; // prettier-ignore
      for (let i = 0; i < 10; i++) await renderJpegFrame(frames[i % frames.length]!, target);
      const times: number[] = [];
      for (const jpeg of frames) {
        const started = performance.now();
        await renderJpegFrame(jpeg, target);
        times.push(performance.now() - started);
      }
      const tchatErrors = [];
      for (let i = 0; i < fidelityFrames; i++) {
        const frame = await renderJpegFrame(frames[i]!, target);
        tchatErrors.push(cellError(frame.lines, references[i]!, COLS, ROWS).meanError);
      }
      let chafaMs = NaN;
      let chafaError = NaN;
      let chafaUnknownGlyphs = 0;
      if (version !== null) {
        const one = performance.now();
        await runChafa(look, files.slice(0, 1));
        const oneMs = performance.now() - one;
        const all = performance.now();
        await runChafa(look, files);
        chafaMs = (performance.now() - all - oneMs) / (files.length - 1);
        const errors = [];
        for (let i = 0; i < fidelityFrames; i++) {
          const lines = chafaLines(await runChafa(look, files.slice(i, i + 1)));
          const result = cellError(lines, references[i]!, COLS, ROWS);
          errors.push(result.meanError);
          chafaUnknownGlyphs += result.unknownGlyphs;
        }
        chafaError = stats(errors).mean;
      }
      const t = stats(times);
      rows.push({
        look: look.name,
        tchatMs: t.mean,
        tchatP95Ms: t.p95,
        chafaMs,
        tchatError: look.fidelity ? stats(tchatErrors).mean : NaN,
        chafaError: look.fidelity ? chafaError : NaN,
        chafaUnknownGlyphs: look.fidelity ? chafaUnknownGlyphs : 0,
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { rows, chafaVersion: version, frames: frameCount };
}

const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');

export function symbolTable(bench: SymbolBench): string[] {
  const lines = [
    '| 320×240 JPEG → 120×40 cells, truecolor | tchat ms/frame (mean / p95) | chafa ms/frame | tchat/chafa time | tchat error | chafa error | tchat/chafa error |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of bench.rows) {
    lines.push(
      `| ${r.look} | ${f2(r.tchatMs)} / ${f2(r.tchatP95Ms)} | ${f2(r.chafaMs)} | ${f2(r.tchatMs / r.chafaMs)} | ${f1(r.tchatError)} | ${f1(r.chafaError)}${r.chafaUnknownGlyphs > 0 ? ` (${r.chafaUnknownGlyphs} glyphs of unknown shape)` : ''} | ${f2(r.tchatError / r.chafaError)} |`,
    );
  }
  return lines;
}
