/**
 * The callee side of the benchmark call in its own process (so each side's
 * CPU is its own): forked by bench.ts with IPC. Protocol:
 *   parent → {fps, warmup, seconds, mode, commitment?, opus?, media?}   (argv, as
 *            JSON; with the caller's commitment the call is encrypted, else plain)
 *   worker → {type:'listening', port, token, fingerprint?}
 *   worker → {type:'report', report}        after its measuring window
 * and it exits when the call ends.
 */
import type { RenderMode } from '../../src/media/render/render-types.js';
import { createBenchSide } from './side.js';

const config = JSON.parse(process.argv[2] ?? '{}') as {
  fps: number;
  warmup: number;
  seconds: number;
  mode: RenderMode;
  commitment?: string;
  /** The codec comparison: an audio-only call, with or without Opus. */
  opus?: boolean;
  media?: ('audio' | 'video')[];
};
const commitment = config.commitment;
const side = createBenchSide(
  'bench-callee',
  config.fps,
  config.mode,
  commitment !== undefined,
  config.opus ?? true,
);
const { port, token, fingerprint, handle } = await side.port.listen({
  callId: 'bench',
  peerName: 'bench-caller',
  media: config.media ?? ['audio', 'video'],
  ...(commitment !== undefined && { fingerprintCommitment: commitment }),
});
handle.on('ended', () => process.exit(0));
handle.on('connected', () => {
  void side.measure(handle, config.warmup, config.seconds).then((report) => {
    process.send?.({ type: 'report', report });
  });
});
process.send?.({ type: 'listening', port, token, fingerprint });
