/**
 * V8 heap sizing for the chat client (target: RSS ≤ 150 MB,
 * docs/benchmarks-tui.md).
 *
 * With 10,000 messages the client keeps ~20 MB of live JS heap, but V8 lets
 * the old generation grow to 2–4 times its live size between full
 * collections (its growing factor adapts up to 4×): old space ran at
 * 40–65 MB and RSS at 140–180 MB, most of it garbage not yet collected
 * (bench:tui, docs/benchmarks-tui.md). Growing by at most 50 % keeps old
 * space near 30 MB and RSS near 130 MB; the extra full collections of a
 * 20 MB heap cost no CPU per frame we could measure.
 *
 * `--heap-growing-percent` is read each time V8 sizes the old generation
 * after a full collection, so setting it at start-up works (measured: the
 * same old space and RSS as passing it on the node command line). Sizes fixed
 * when the heap is set up (semi-spaces, --max-old-space-size) cannot be
 * changed this way, and a hard old-space cap would turn slow growth into a
 * crash.
 */
import v8 from 'node:v8';

export const CLIENT_V8_FLAGS = '--heap-growing-percent=50';

export function tuneClientHeap(): void {
  v8.setFlagsFromString(CLIENT_V8_FLAGS);
}
