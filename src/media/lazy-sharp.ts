/**
 * sharp (libvips) is loaded on first use: it adds ~20 MB to the process's RSS
 * (measured: 19.9 MB), which a chat that never places a call does not need
 * (the client stays ≤ 150 MB of RSS, docs/benchmarks-tui.md). Every sharp call in tchat is
 * asynchronous anyway, so awaiting the import first costs nothing after the
 * first frame.
 */
import type Sharp from 'sharp';

let loading: Promise<typeof Sharp> | undefined;

export function loadSharp(): Promise<typeof Sharp> {
  return (loading ??= import('sharp').then((module) => module.default));
}
