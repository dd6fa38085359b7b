/**
 * An experiment for `npm run bench:tui`, not part of tchat: what Ink's output
 * stage costs when its caches of tokenized lines outlive one frame.
 *
 * Ink 6.8 gives every frame a new Output with empty caches, so every line on
 * screen is tokenized again (a grapheme segmenter per character) although
 * most lines did not change since the last frame. This preload makes all
 * Output instances share one set of caches, emptied when it grows past
 * MAX_CACHED_LINES — what a patch of ink/build/output.js would do.
 *
 *   TUI_BENCH_ONLY=render TUI_BENCH_WORKER_ARGS="--import ./bench/tui-ink-shared-caches.ts" \
 *     node --import tsx bench/tui-bench.ts
 */
// Ink does not export Output: reach the file itself (the same module instance Ink uses).
import Output from '../node_modules/ink/build/output.js';

const MAX_CACHED_LINES = 4000;

interface Caches {
  styledChars: Map<string, unknown>;
  widths: Map<string, number>;
  blockWidths: Map<string, number>;
}

let shared: Caches | null = null;
// `caches` is private in Ink's types: go through a structural view of the prototype.
const proto = Output.prototype as unknown as { get: (this: { caches: Caches }) => unknown };
const get = proto.get;
proto.get = function (this: { caches: Caches }) {
  const caches = (shared ??= this.caches);
  this.caches = caches;
  if (caches.styledChars.size > MAX_CACHED_LINES) {
    caches.styledChars.clear();
    caches.blockWidths.clear();
  }
  if (caches.widths.size > MAX_CACHED_LINES) caches.widths.clear();
  return get.call(this);
};
