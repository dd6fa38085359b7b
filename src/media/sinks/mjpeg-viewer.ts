/**
 * `--video-out viewer`: the peer's video as MJPEG over HTTP on 127.0.0.1
 * (docs/media.md "Sources and sinks"): `multipart/x-mixed-replace`, each part an
 * `image/jpeg` with its `Content-Length`, which any browser, ffplay or mpv
 * opens. Each viewer gets the newest frame only: while its socket is backed
 * up, frames for it are dropped. The URL carries a random path segment, so
 * another local user cannot guess it; only loopback is ever bound.
 */
import { randomBytes } from 'node:crypto';
import http, { type ServerResponse } from 'node:http';

const BOUNDARY = 'tchatframe';
const MAX_VIEWERS = 8;

export interface MjpegViewer {
  /** The page to open in a browser. */
  readonly pageUrl: string;
  /** The stream itself (for ffplay / mpv). */
  readonly streamUrl: string;
  push(jpeg: Buffer): void;
  readonly viewers: number;
  readonly dropped: number;
  close(): Promise<void>;
}

export async function createMjpegViewer(
  options: { port?: number; title?: string } = {},
): Promise<MjpegViewer> {
  // 128 random bits, the bar docs/protocol-v1.md §1.3 sets for call tokens: another local
  // user can reach 127.0.0.1 but cannot guess the path (docs/security.md "Calls").
  const secret = randomBytes(16).toString('base64url');
  const clients = new Map<ServerResponse, { waiting: boolean }>();
  let latest: Buffer | undefined;
  let dropped = 0;
  const title = escapeHtml(options.title ?? 'tchat call');

  function sendPart(res: ServerResponse, jpeg: Buffer): void {
    res.write(
      `--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`,
    );
    res.write(jpeg);
    res.write('\r\n');
  }

  const server = http.createServer((req, res) => {
    req.on('error', () => res.destroy());
    res.on('error', () => clients.delete(res));
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405).end();
    } else if (path === `/${secret}/` || path === `/${secret}`) {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(
        `<!doctype html><title>${title}</title><body style="margin:0;background:#000">` +
          `<img src="stream.mjpg" style="width:100vw;height:100vh;object-fit:contain"></body>`,
      );
    } else if (path === `/${secret}/stream.mjpg`) {
      if (clients.size >= MAX_VIEWERS) {
        res.writeHead(503).end('too many viewers');
        return;
      }
      res.writeHead(200, {
        'Content-Type': `multipart/x-mixed-replace; boundary=${BOUNDARY}`,
        'Cache-Control': 'no-store',
        Connection: 'close',
      });
      const state = { waiting: false };
      clients.set(res, state);
      res.on('close', () => clients.delete(res));
      res.on('drain', () => {
        if (state.waiting && latest) {
          state.waiting = false;
          sendPart(res, latest);
        }
      });
      if (latest) sendPart(res, latest);
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
      return clients.size;
    },
    get dropped() {
      return dropped;
    },
    push(jpeg) {
      latest = jpeg;
      for (const [res, state] of clients) {
        if (res.writableNeedDrain) {
          if (state.waiting) dropped += 1;
          state.waiting = true;
        } else sendPart(res, jpeg);
      }
    },
    close() {
      for (const res of clients.keys()) res.destroy();
      clients.clear();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
