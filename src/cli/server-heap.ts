/**
 * V8 heap sizing for the chat server (target: ≤ 6 KiB of RSS per added idle
 * connection, docs/benchmarks-server.md).
 *
 * A registration storm (thousands of `hello`s, each answered with a
 * `welcome` carrying the whole user list) makes V8 double its young
 * generation, and it never gives the space back: measured inside the server,
 * the new space grew 16 → 32 MiB while 4000 clients registered, about 4 KiB
 * of the per-connection figure, against a live heap of ~2.2 KB per
 * connection. What a server keeps per connection lives in the old
 * generation; the young one only needs to hold one turn's garbage.
 * `--semi-space-growth-factor=1` keeps the young generation at its starting
 * size; V8 reads it whenever it would grow the space, so setting it at
 * start-up works. Measured with `npm run bench:server` (docs/benchmarks-server.md):
 * (a) 6.6–9.1 → 2.3–3.6 KiB per added connection (target ≤ 6); the price is
 * more frequent scavenges under a flood, (c) 0.82–1.17× the baseline's
 * deliveries/s instead of 1.21–1.30× (target ≥ 0.8×).
 */
import v8 from 'node:v8';

export const SERVER_V8_FLAGS = '--semi-space-growth-factor=1';

export function tuneServerHeap(): void {
  v8.setFlagsFromString(SERVER_V8_FLAGS);
}
