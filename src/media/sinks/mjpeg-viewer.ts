/**
 * `--video-out viewer`: the call's video as MJPEG over HTTP on 127.0.0.1
 * (docs/media.md "Sources and sinks"): one `multipart/x-mixed-replace`
 * stream per remote participant, each part an `image/jpeg` with its
 * `Content-Length`, which any browser, ffplay or mpv opens. The page lays
 * the streams out as the call pane's grid (one large, two side by side,
 * three in a 2×2), named, and follows who joins and leaves through
 * `peers.json`. Each viewer gets the newest frame only: while its socket is
 * backed up, frames for it are dropped. Every URL carries a random path
 * segment, so another local user cannot guess it; only loopback is ever bound.
 */
import { randomBytes } from 'node:crypto';
import http, { type ServerResponse } from 'node:http';
import { viewerPage } from './mjpeg-viewer-page.js';

const BOUNDARY = 'tchatframe';
const MAX_VIEWERS = 8;
/** A call holds at most four people: three remote streams, with room for a few who left. */
const MAX_STREAMS = 8;
/** The name frames go under when the caller gives none (the 1:1 call's peer). */
const DEFAULT_STREAM = '';

export interface MjpegViewer {
  /** The page to open in a browser. */
  readonly pageUrl: string;
  /** The first participant's stream (for ffplay / mpv). */
  readonly streamUrl: string;
  /** A frame of `peer` (the call's peer when left out). */
  push(jpeg: Buffer, peer?: string): void;
  /** `peer` left the call: its stream ends and the page drops its tile. */
  drop(peer: string): void;
  readonly viewers: number;
  readonly dropped: number;
  close(): Promise<void>;
}

interface Stream {
  /** In the stream's URL: `peer/<index>.mjpg`; the first one is also `stream.mjpg`. */
  index: number;
  latest: Buffer | undefined;
  clients: Map<ServerResponse, { waiting: boolean }>;
}

export async function createMjpegViewer(
  options: { port?: number; title?: string } = {},
): Promise<MjpegViewer> {
  // 128 random bits, the bar docs/protocol-v1.md §1.3 sets for call tokens: another local
  // user can reach 127.0.0.1 but cannot guess the path (docs/security.md "Calls").
  const secret = randomBytes(16).toString('base64url');
  const streams = new Map<string, Stream>();
  let nextIndex = 0;
  /**
   * `stream.mjpg` asked for before any frame came (a player opened at once):
   * the first participant's stream, whose name is not known yet.
   */
  let unnamedFirst: Stream | undefined;
  let dropped = 0;
  const title = options.title ?? 'tchat call';

  function streamOf(peer: string): Stream | undefined {
    let stream = streams.get(peer);
    if (!stream && unnamedFirst) {
      stream = unnamedFirst;
      unnamedFirst = undefined;
      streams.set(peer, stream);
    }
    if (!stream && streams.size < MAX_STREAMS) {
      stream = { index: nextIndex++, latest: undefined, clients: new Map() };
      streams.set(peer, stream);
    }
    return stream;
  }

  function byPath(path: string): Stream | undefined {
    if (path === 'stream.mjpg') {
      const first = [...streams.values()].find((s) => s.index === 0);
      if (first || nextIndex > 0) return first;
      unnamedFirst = { index: nextIndex++, latest: undefined, clients: new Map() };
      return unnamedFirst;
    }
    const index = /^peer\/(\d{1,3})\.mjpg$/.exec(path)?.[1];
    return index === undefined
      ? undefined
      : [...streams.values()].find((s) => s.index === Number(index));
  }

  function viewerCount(): number {
    let count = unnamedFirst?.clients.size ?? 0;
    for (const stream of streams.values()) count += stream.clients.size;
    return count;
  }

  function sendPart(res: ServerResponse, jpeg: Buffer): void {
    res.write(
      `--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`,
    );
    res.write(jpeg);
    res.write('\r\n');
  }

  function serveStream(stream: Stream, res: ServerResponse): void {
    if (viewerCount() >= MAX_VIEWERS) {
      res.writeHead(503).end('too many viewers');
      return;
    }
    res.writeHead(200, {
      'Content-Type': `multipart/x-mixed-replace; boundary=${BOUNDARY}`,
      'Cache-Control': 'no-store',
      Connection: 'close',
    });
    const state = { waiting: false };
    stream.clients.set(res, state);
    res.on('close', () => stream.clients.delete(res));
    res.on('drain', () => {
      if (state.waiting && stream.latest) {
        state.waiting = false;
        sendPart(res, stream.latest);
      }
    });
    if (stream.latest) sendPart(res, stream.latest);
  }

  const server = http.createServer((req, res) => {
    req.on('error', () => res.destroy());
    res.on('error', () => {
      for (const stream of streams.values()) stream.clients.delete(res);
    });
    const path = (req.url ?? '').split('?')[0] ?? '';
    const prefix = `/${secret}/`;
    const rest = path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
    const stream = rest === undefined ? undefined : byPath(rest);
    if (req.method !== 'GET') {
      res.writeHead(405).end();
    } else if (rest === '' || path === `/${secret}`) {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(viewerPage(title));
    } else if (rest === 'peers.json') {
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(
        JSON.stringify(
          [...streams]
            .filter(([, s]) => s.latest !== undefined)
            .map(([name, s]) => ({ name, stream: `peer/${s.index}.mjpg` })),
        ),
      );
    } else if (stream) {
      serveStream(stream, res);
    } else {
      res.writeHead(404).end();
    }
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('viewer has no port');
  const base = `http://127.0.0.1:${address.port}/${secret}/`;

  return {
    pageUrl: base,
    streamUrl: `${base}stream.mjpg`,
    get viewers() {
      return viewerCount();
    },
    get dropped() {
      return dropped;
    },
    push(jpeg, peer = DEFAULT_STREAM) {
      const stream = streamOf(peer);
      if (!stream) return;
      stream.latest = jpeg;
      for (const [res, state] of stream.clients) {
        if (res.writableNeedDrain) {
          if (state.waiting) dropped += 1;
          state.waiting = true;
        } else sendPart(res, jpeg);
      }
    },
    drop(peer) {
      const stream = streams.get(peer);
      if (!stream) return;
      streams.delete(peer);
      for (const res of stream.clients.keys()) res.end();
    },
    close() {
      for (const stream of [...streams.values(), ...(unnamedFirst ? [unnamedFirst] : [])]) {
        for (const res of stream.clients.keys()) res.destroy();
      }
      streams.clear();
      unnamedFirst = undefined;
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
