/**
 * Nearest xterm-256 palette index for an RGB colour: the 6×6×6 cube
 * (16–231) or the 24-step gray ramp (232–255), whichever is closer. Pure.
 */

const CUBE_LEVELS = [0, 95, 135, 175, 215, 255] as const;

function nearestCubeIndex(value: number): number {
  // Midpoints between the cube levels: 47.5, 115, 155, 195, 235.
  if (value < 48) return 0;
  if (value < 115) return 1;
  return Math.min(5, Math.floor((value - 35) / 40));
}

function distanceSquared(r1: number, g1: number, b1: number, r2: number, g2: number, b2: number) {
  return (r1 - r2) ** 2 + (g1 - g2) ** 2 + (b1 - b2) ** 2;
}

export function rgbToXterm256(r: number, g: number, b: number): number {
  const ri = nearestCubeIndex(r);
  const gi = nearestCubeIndex(g);
  const bi = nearestCubeIndex(b);
  const cr = CUBE_LEVELS[ri]!;
  const cg = CUBE_LEVELS[gi]!;
  const cb = CUBE_LEVELS[bi]!;
  const cubeDistance = distanceSquared(r, g, b, cr, cg, cb);
  // Gray ramp: 8, 18, …, 238.
  const average = (r + g + b) / 3;
  const grayIndex = Math.max(0, Math.min(23, Math.round((average - 8) / 10)));
  const gray = 8 + grayIndex * 10;
  const grayDistance = distanceSquared(r, g, b, gray, gray, gray);
  return grayDistance < cubeDistance ? 232 + grayIndex : 16 + 36 * ri + 6 * gi + bi;
}

/** A lookup table over 5-bit-per-channel colours (32 KiB), built once: the hot path is a table read. */
let table: Uint8Array | undefined;
export function rgbToXterm256Fast(r: number, g: number, b: number): number {
  if (!table) {
    table = new Uint8Array(32 * 32 * 32);
    for (let i = 0; i < table.length; i++) {
      table[i] = rgbToXterm256(expand5((i >> 10) & 31), expand5((i >> 5) & 31), expand5(i & 31));
    }
  }
  return table[((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3)]!;
}

/** 5 bits back to 8, spreading over the full range (31 → 255). */
export function expand5(value5: number): number {
  return (value5 << 3) | (value5 >> 2);
}
