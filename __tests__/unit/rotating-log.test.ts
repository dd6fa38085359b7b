import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MESSAGE } from 'triple-beam';
import winston from 'winston';
import { RotatingFileTransport } from '../../src/logging/rotating-file-transport.js';
import { closeLogger, createFileLogger, readableLine } from '../../src/logging/create-logger.js';

function readAll(dir: string): { files: string[]; ids: number[] } {
  const files = readdirSync(dir).sort();
  const ids = files.flatMap((file) =>
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { i: number }).i),
  );
  return { files, ids };
}

test('rotation under load keeps every line, in order, in at most maxFiles files', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tchat-log-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const logger = createFileLogger({
    dir,
    fileName: 'server.log',
    maxFileBytes: 200_000,
    maxFiles: 100,
  });
  const lines = 20_000;
  for (let i = 0; i < lines; i++) logger.info('message', { i, text: 'x'.repeat(60) });
  await closeLogger(logger);

  const { files, ids } = readAll(dir);
  assert.ok(files.length > 5, `expected several rotated files, got ${files.join(', ')}`);
  assert.ok(files.includes('server.log') && files.includes('server1.log'));
  // Oldest lines live in the highest number; reading newest-last must give 0..N-1.
  const byAge = [...files.filter((f) => f !== 'server.log')]
    .sort((a, b) => Number(b.match(/\d+/)![0]) - Number(a.match(/\d+/)![0]))
    .concat('server.log');
  const ordered = byAge.flatMap((file) =>
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { i: number }).i),
  );
  assert.equal(ids.length, lines);
  assert.deepEqual(
    ordered,
    Array.from({ length: lines }, (_, i) => i),
  );
});

test('maxFiles bounds the files kept: the oldest are dropped', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tchat-log-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const logger = createFileLogger({
    dir,
    fileName: 'server.log',
    maxFileBytes: 10_000,
    maxFiles: 3,
  });
  for (let i = 0; i < 2_000; i++) logger.info('message', { i });
  await closeLogger(logger);

  const { files, ids } = readAll(dir);
  assert.deepEqual(files, ['server.log', 'server1.log', 'server2.log']);
  assert.ok(ids.includes(1_999), 'the newest line is kept');
  assert.ok(!ids.includes(0), 'the oldest line is gone');
});

test('log files moved or deleted meanwhile: rotation goes on, nothing throws, later lines kept', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tchat-log-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const errors: unknown[] = [];
  const logger = createFileLogger({
    dir,
    fileName: 'server.log',
    maxFileBytes: 2_000,
    maxFiles: 3,
    onError: (error) => errors.push(error),
  });
  for (let i = 0; i < 20; i++) logger.info('message', { i });
  rmSync(path.join(dir, 'server.log')); // a tidy-up removes the live file
  for (let i = 20; i < 200; i++) logger.info('message', { i });
  await closeLogger(logger);

  const { ids } = readAll(dir);
  assert.ok(ids.includes(199), 'the newest line is in a file');
  assert.deepEqual(readdirSync(dir).sort(), ['server.log', 'server1.log', 'server2.log']);
});

test('a file that fails every write: errors reported, and closing does not hang', async () => {
  // /dev/full accepts the open and fails each write with ENOSPC, like a full disk.
  const errors: unknown[] = [];
  const logger = winston.createLogger({
    format: winston.format.json(),
    transports: [
      new RotatingFileTransport({ filename: '/dev/full', maxFileBytes: 1 << 20, maxFiles: 1 }),
    ],
  });
  logger.on('error', (error) => errors.push(error));
  for (let i = 0; i < 5_000; i++) logger.info('message', { i, text: 'x'.repeat(100) });
  await closeLogger(logger, 10_000);
  assert.ok(errors.length >= 1, 'the failure was reported');
  assert.match(String((errors[0] as Error).message), /ENOSPC/);
});

test('the console line escapes controls, bidi overrides and line separators in values', () => {
  const info = readableLine.transform({
    level: 'info',
    message: 'message',
    from: 'eve\u202Egnp.exe',
    text: 'a\u001b[2Jb\u0085c\u2028d\u007f',
  }) as Record<string | symbol, unknown>;
  const line = String(info[MESSAGE]);
  assert.match(
    line,
    / info {2}message from="eve\\u202egnp\.exe" text="a\\u001b\[2Jb\\u0085c\\u2028d\\u007f"$/,
  );
  assert.doesNotMatch(line, /[\p{Cc}\p{Cf}\u2028]/u);
});
