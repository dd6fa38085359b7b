/**
 * The two colours and the pattern that best show a cell's pixels, as chafa
 * does it (chafa-work-cell.c: a contrasting colour pair, each pixel to the
 * nearer colour, the mean colour of each side): split the pixels at the
 * middle of the channel (R, G or B) with the widest range, then move every
 * pixel to the nearer of the two mean colours once more (one step of
 * 2-means) and take the means again. Every pattern has a glyph in our symbol
 * sets (symbol-sets.ts), so the pattern is the symbol: no search. Pure; no
 * allocation per cell (the renderers call it for every cell of every frame).
 */

/** The result for one cell; reused between calls. `mask` bit i: pixel i is foreground. */
export interface CellFit {
  mask: number;
  fg: [number, number, number];
  bg: [number, number, number];
}

export function createCellFit(): CellFit {
  return { mask: 0, fg: [0, 0, 0], bg: [0, 0, 0] };
}

/**
 * Fits `count` pixels (RGB triples at `data[offsets[i]]`) into `out`. Pixels on
 * the bright side of the split become the foreground. A cell of one colour
 * (or both sides equal) gets mask 0 and that colour as its background.
 */
export function fitCell(
  data: Uint8Array,
  offsets: Int32Array,
  count: number,
  out: CellFit,
): CellFit {
  let minR = 255, minG = 255, minB = 255, maxR = 0, maxG = 0, maxB = 0; // prettier-ignore
  for (let i = 0; i < count; i++) {
    const p = offsets[i]!;
    const r = data[p]!, g = data[p + 1]!, b = data[p + 2]!; // prettier-ignore
    if (r < minR) minR = r;
    if (r > maxR) maxR = r;
    if (g < minG) minG = g;
    if (g > maxG) maxG = g;
    if (b < minB) minB = b;
    if (b > maxB) maxB = b;
  }
  const rangeR = maxR - minR;
  const rangeG = maxG - minG;
  const rangeB = maxB - minB;
  let channel = 0;
  let mid2 = minR + maxR; // twice the midpoint: integer compare with 2·value
  if (rangeG > rangeR && rangeG >= rangeB) {
    channel = 1;
    mid2 = minG + maxG;
  } else if (rangeB > rangeR && rangeB > rangeG) {
    channel = 2;
    mid2 = minB + maxB;
  }
  let mask = 0;
  if (rangeR + rangeG + rangeB > 0) {
    for (let i = 0; i < count; i++) {
      if (2 * data[offsets[i]! + channel]! > mid2) mask |= 1 << i;
    }
  }
  meansInto(data, offsets, count, mask, out);
  if (mask !== 0) {
    // One 2-means step: each pixel to the nearer mean, then the means again.
    const [fr, fg, fb] = out.fg;
    const [br, bg, bb] = out.bg;
    let next = 0;
    for (let i = 0; i < count; i++) {
      const p = offsets[i]!;
      const r = data[p]!, g = data[p + 1]!, b = data[p + 2]!; // prettier-ignore
      const dfr = r - fr, dfg = g - fg, dfb = b - fb; // prettier-ignore
      const dbr = r - br, dbg = g - bg, dbb = b - bb; // prettier-ignore
      const toFg = dfr * dfr + dfg * dfg + dfb * dfb;
      const toBg = dbr * dbr + dbg * dbg + dbb * dbb;
      if (toFg < toBg) next |= 1 << i;
    }
    if (next !== mask) {
      mask = next;
      meansInto(data, offsets, count, mask, out);
    }
  }
  const full = count >= 31 ? -1 : (1 << count) - 1;
  if (mask === full) {
    // All foreground: the same as all background in that colour, and a space draws it.
    out.bg[0] = out.fg[0];
    out.bg[1] = out.fg[1];
    out.bg[2] = out.fg[2];
    mask = 0;
  }
  out.mask = mask;
  return out;
}

function meansInto(
  data: Uint8Array,
  offsets: Int32Array,
  count: number,
  mask: number,
  out: CellFit,
): void {
  let fr = 0, fg = 0, fb = 0, fn = 0, br = 0, bg = 0, bb = 0, bn = 0; // prettier-ignore
  for (let i = 0; i < count; i++) {
    const p = offsets[i]!;
    if (mask & (1 << i)) {
      fr += data[p]!;
      fg += data[p + 1]!;
      fb += data[p + 2]!;
      fn++;
    } else {
      br += data[p]!;
      bg += data[p + 1]!;
      bb += data[p + 2]!;
      bn++;
    }
  }
  if (fn > 0) {
    out.fg[0] = Math.round(fr / fn);
    out.fg[1] = Math.round(fg / fn);
    out.fg[2] = Math.round(fb / fn);
  }
  if (bn > 0) {
    out.bg[0] = Math.round(br / bn);
    out.bg[1] = Math.round(bg / bn);
    out.bg[2] = Math.round(bb / bn);
  }
}
