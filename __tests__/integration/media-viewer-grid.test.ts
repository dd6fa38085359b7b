/**
 * The browser viewer of a group call on 127.0.0.1: one MJPEG stream per
 * participant behind the same secret path, `peers.json` naming them for
 * the page's grid, a participant who left dropped from both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import sharp from 'sharp';
import { createMjpegViewer } from '../../src/media/sinks/mjpeg-viewer.js';
import { within } from '../helpers/media-helpers.js';

const jpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 9, g: 99, b: 199 } } })
    .jpeg()
    .toBuffer();

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return within(
    new Promise((resolve, reject) => {
      http
        .get(url, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: res.headers['content-type'] ?? '',
              body: Buffer.concat(chunks).toString(),
            }),
          );
        })
        .on('error', reject);
    }),
    `GET ${url}`,
  );
}

/** The first JPEG of an MJPEG stream, then the request is dropped. */
function firstPart(url: string): Promise<Buffer> {
  return within(
    new Promise((resolve, reject) => {
      const req = http.get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          const all = Buffer.concat(chunks);
          const headEnd = all.indexOf('\r\n\r\n');
          if (headEnd === -1) return;
          const length = Number(
            /Content-Length: (\d+)/.exec(all.subarray(0, headEnd).toString())?.[1],
          );
          if (all.length < headEnd + 4 + length) return;
          req.destroy();
          resolve(all.subarray(headEnd + 4, headEnd + 4 + length));
        });
      });
      req.on('error', reject);
    }),
    `the first frame of ${url}`,
  );
}

test('one stream per participant, named in peers.json, laid out by the page', async (t) => {
  const viewer = await createMjpegViewer({ title: 'tchat call with <bob> & co' });
  t.after(() => viewer.close());
  const base = viewer.pageUrl;
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/[\w-]{22,}\/$/);
  assert.deepEqual(JSON.parse((await get(`${base}peers.json`)).body), [], 'nobody sent yet');

  viewer.push(await jpeg(320, 240), 'bob');
  viewer.push(await jpeg(160, 120), 'carol <script>');
  viewer.push(await jpeg(64, 48), '👩🏽‍💻 דוד');
  const peers = JSON.parse((await get(`${base}peers.json`)).body) as {
    name: string;
    stream: string;
  }[];
  assert.deepEqual(
    peers.map((p) => p.name),
    ['bob', 'carol <script>', '👩🏽‍💻 דוד'],
  );
  const sizes = [];
  for (const p of peers) {
    const meta = await sharp(await firstPart(base + p.stream)).metadata();
    sizes.push(`${meta.width}x${meta.height}`);
  }
  assert.deepEqual(sizes, ['320x240', '160x120', '64x48'], 'each stream is that participant');
  // The 1:1 URL still works: the first participant's stream.
  assert.equal((await sharp(await firstPart(viewer.streamUrl)).metadata()).width, 320);

  const page = await get(base);
  assert.equal(page.type, 'text/html; charset=utf-8');
  assert.match(page.body, /<title>tchat call with &#60;bob&#62; &#38; co<\/title>/);
  assert.match(page.body, /fetch\('peers\.json'/);
  assert.match(page.body, /caption\.textContent = p\.name/, 'names are text, never HTML');
  assert.match(page.body, /#grid\.n3\{grid-template-columns:1fr 1fr;grid-template-rows:1fr 1fr\}/);

  viewer.drop('carol <script>');
  const after = JSON.parse((await get(`${base}peers.json`)).body) as { name: string }[];
  assert.deepEqual(
    after.map((p) => p.name),
    ['bob', '👩🏽‍💻 דוד'],
  );
  assert.equal((await get(`${base}${peers[1]!.stream}`)).status, 404, 'the stream is gone');

  const secret = /\/([\w-]+)\/$/.exec(base)![1]!;
  const other = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
  assert.equal((await get(base.replace(secret, other) + 'peers.json')).status, 404);
  assert.equal((await get(base.replace(secret, other) + peers[0]!.stream)).status, 404);
  assert.equal((await get(`${base}peer/99.mjpg`)).status, 404);
});

test('stream.mjpg opened before the first frame waits for the first participant', async (t) => {
  const viewer = await createMjpegViewer();
  t.after(() => viewer.close());
  const first = firstPart(viewer.streamUrl);
  let poll: NodeJS.Timeout | undefined;
  t.after(() => clearInterval(poll));
  await within(
    new Promise<void>((resolve) => {
      poll = setInterval(() => {
        if (viewer.viewers === 1) resolve();
      }, 10);
    }),
    'the player connected',
  );
  clearInterval(poll);
  viewer.push(await jpeg(64, 48), 'bob');
  viewer.push(await jpeg(32, 24), 'carol');
  const meta = await sharp(await first).metadata();
  assert.deepEqual([meta.width, meta.height], [64, 48]);
});
