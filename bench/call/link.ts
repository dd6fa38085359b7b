/**
 * How many video frames a second the media link carries on loopback when
 * the sender offers frames as fast as it can (newest wins when the socket is
 * behind), against a baseline of the same frames over a bare socket with a
 * 4-byte length prefix, the same drop policy and a receiver that only
 * counts bytes: the ratio is the cost of §2 framing, the decoder state
 * machine, the JPEG size check and the link's bookkeeping.
 */
import net from 'node:net';
import { DEFAULT_AUDIO_FORMAT } from '../../src/protocol/media-handshake.js';
import { connectToPeer } from '../../src/media/peer-connect.js';
import { listenForPeer } from '../../src/media/peer-listen.js';
import { makePatternFrames } from './render.js';
import { sleep } from './side.js';

export interface LinkResult {
  rawFps: number;
  linkFps: number;
  frameBytes: number;
}

async function rawRun(frames: Buffer[], seconds: number): Promise<number> {
  // The receiver does no parsing at all: it counts bytes, and frames are
  // bytes / (average frame + 4). An upper bound for any framing on this socket.
  const frameBytes = frames.reduce((n, f) => n + f.length + 4, 0) / frames.length;
  let receivedBytes = 0;
  const server = net.createServer((socket) => {
    socket.on('data', (chunk: Buffer) => (receivedBytes += chunk.length));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  const client = net.connect({ host: '127.0.0.1', port: address.port, noDelay: true });
  await new Promise((resolve) => client.once('connect', resolve));
  let running = true;
  let i = 0;
  const pump = () => {
    if (!running) return;
    if (!client.writableNeedDrain) {
      const frame = frames[i++ % frames.length]!;
      const header = Buffer.alloc(4);
      header.writeUInt32BE(frame.length);
      client.cork();
      client.write(header);
      client.write(frame);
      client.uncork();
    }
    setImmediate(pump);
  };
  pump();
  await sleep(1000);
  const start = receivedBytes;
  await sleep(seconds * 1000);
  const fps = (receivedBytes - start) / frameBytes / seconds;
  running = false;
  client.destroy();
  server.close();
  return fps;
}

async function linkRun(frames: Buffer[], seconds: number): Promise<number> {
  const local = { audio: { ...DEFAULT_AUDIO_FORMAT }, video: { codec: 'jpeg' } };
  const listener = await listenForPeer({ callId: 'bench', host: '127.0.0.1', local });
  const [callee, caller] = await Promise.all([
    listener.link,
    connectToPeer({
      host: '127.0.0.1',
      port: listener.port,
      callId: 'bench',
      token: listener.token,
      name: 'bench',
      local,
    }),
  ]);
  let received = 0;
  callee.start({ frame: () => (received += 1), closed: () => {} });
  caller.start({ frame: () => {}, closed: () => {} });
  let running = true;
  let i = 0;
  const pump = () => {
    if (!running) return;
    caller.sendVideo(frames[i++ % frames.length]!, i);
    setImmediate(pump);
  };
  pump();
  await sleep(1000);
  const start = received;
  await sleep(seconds * 1000);
  const fps = (received - start) / seconds;
  running = false;
  caller.close('done');
  callee.close('done');
  return fps;
}

export async function runLinkBench(seconds = 3): Promise<LinkResult> {
  const frames = await makePatternFrames(20);
  const rawFps = await rawRun(frames, seconds);
  const linkFps = await linkRun(frames, seconds);
  return { rawFps, linkFps, frameBytes: frames.reduce((n, f) => n + f.length, 0) / frames.length };
}
