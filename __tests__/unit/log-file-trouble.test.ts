/**
 * The log file in trouble (src/logging/log-file.ts): a full disk never glues
 * lines (every line stays valid JSON; lost lines are counted and reported
 * once per change of state), a folder deleted while running is made again,
 * and files are private (0600, 0640 with group read).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import winston from 'winston';
import {
  closeLogger,
  createFileLogger,
  type LogHealthChange,
} from '../../src/logging/create-logger.js';
import { RotatingFileTransport } from '../../src/logging/rotating-file-transport.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tchat-logtrouble-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every line of the file parsed (throws on a glued or cut line). */
function linesOf(file: string): Array<Record<string, unknown>> {
  const text = readFileSync(file, 'utf8');
  assert.ok(text === '' || text.endsWith('\n'), 'the file ends with a whole line');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The loop runs once, so the turn's batch is written. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('a disk that fills mid-line: the cut line is removed, lost lines counted, one report per change', async (t) => {
  const dir = tempDir(t);
  let spaceLeft = Infinity;
  // Like a disk with `spaceLeft` bytes free: writes what fits, then fails with ENOSPC.
  const write = (fd: number, buffer: Uint8Array, offset: number, length: number): number => {
    if (spaceLeft <= 0)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const count = Math.min(length, spaceLeft);
    spaceLeft -= count;
    return writeSync(fd, buffer, offset, count);
  };
  const changes: LogHealthChange[] = [];
  const logger = winston.createLogger({
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [
      new RotatingFileTransport({
        filename: path.join(dir, 'server.log'),
        maxFileBytes: 1 << 20,
        maxFiles: 2,
        write,
        onHealth: (change) => changes.push(change),
      }),
    ],
  });

  for (let i = 0; i < 10; i++) logger.info('message', { i, text: 'before' });
  await nextTurn();
  spaceLeft = 250; // room for a line or two and part of the next
  for (let i = 10; i < 40; i++) logger.info('message', { i, text: 'while full' });
  await nextTurn();
  for (let i = 40; i < 60; i++) logger.info('message', { i, text: 'still full' });
  await nextTurn();
  assert.deepEqual(
    changes.map((c) => c.state),
    ['failing'],
    'one report when it starts',
  );
  assert.match((changes[0] as { reason: string }).reason, /disk is full \(ENOSPC\)/);
  spaceLeft = Infinity;
  for (let i = 60; i < 70; i++) logger.info('message', { i, text: 'space again' });
  await closeLogger(logger);

  const lines = linesOf(path.join(dir, 'server.log'));
  const ids = lines.filter((l) => l.message === 'message').map((l) => l.i as number);
  const notices = lines.filter((l) => l.message === 'log lines lost');
  assert.equal(notices.length, 1, 'the file records the loss once');
  const lost = notices[0]!.lost as number;
  assert.equal(ids.length + lost, 70, 'every line is either in the file or counted as lost');
  assert.deepEqual(ids.slice(-10), [60, 61, 62, 63, 64, 65, 66, 67, 68, 69]);
  assert.ok(ids.includes(10), 'what fitted was kept');
  assert.deepEqual(
    changes.map((c) => c.state),
    ['failing', 'recovered'],
  );
  assert.equal((changes[1] as { lost: number }).lost, lost);
});

test('a real full disk (a 64 KiB tmpfs): lines stay whole, the loss is counted, logging resumes', async (t) => {
  const mount = mkdtempSync(path.join(tmpdir(), 'tchat-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { stdio: 'ignore' });
  } catch {
    rmSync(mount, { recursive: true, force: true });
    t.skip('cannot mount a tmpfs here (needs root); the injected-disk test covers it');
    return;
  }
  t.after(() => {
    execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  });
  const dir = path.join(mount, 'logs');
  const changes: LogHealthChange[] = [];
  const logger = createFileLogger({
    dir,
    fileName: 'server.log',
    onHealth: (c) => changes.push(c),
  });
  const filler = path.join(mount, 'filler');
  writeFileSync(filler, Buffer.alloc(40 * 1024));
  let logged = 0;
  // Odd-sized lines, so the disk fills in the middle of one.
  for (let turn = 0; turn < 60 && changes.length === 0; turn++) {
    for (let i = 0; i < 7; i++)
      logger.info('message', { i: logged++, text: 'x'.repeat(97 + turn) });
    await nextTurn();
  }
  assert.deepEqual(
    changes.map((c) => c.state),
    ['failing'],
    'the disk filled up',
  );
  for (let i = 0; i < 20; i++) logger.info('message', { i: logged++, text: 'lost' });
  await nextTurn();
  unlinkSync(filler); // space comes back
  for (let i = 0; i < 20; i++) logger.info('message', { i: logged++, text: 'after' });
  await closeLogger(logger);
  assert.deepEqual(
    changes.map((c) => c.state),
    ['failing', 'recovered'],
  );
  const lines = linesOf(path.join(dir, 'server.log'));
  const ids = lines.filter((l) => l.message === 'message').map((l) => l.i as number);
  const lost = lines
    .filter((l) => l.message === 'log lines lost')
    .reduce((sum, l) => sum + (l.lost as number), 0);
  assert.ok(lost > 20, `${lost} lost`);
  assert.equal(ids.length + lost, logged);
  assert.equal(ids.at(-1), logged - 1, 'the newest line is there');
});

test('a log folder deleted while running is made again, and logging goes on', async (t) => {
  const parent = tempDir(t);
  const dir = path.join(parent, 'logs');
  const logger = createFileLogger({ dir, fileName: 'server.log' });
  logger.info('message', { i: 1 });
  await nextTurn();
  rmSync(dir, { recursive: true });
  logger.info('message', { i: 2 });
  await nextTurn();
  assert.ok(existsSync(path.join(dir, 'server.log')), 'the folder and file are back');
  rmSync(path.join(dir, 'server.log')); // the file alone, too
  logger.info('message', { i: 3 });
  await closeLogger(logger);
  assert.deepEqual(
    linesOf(path.join(dir, 'server.log')).map((l) => l.i),
    [3],
  );
  assert.equal(statSync(dir).mode & 0o777, 0o700);
});

test('log files are 0600 (0640 with group read) whatever the umask; new folders 0700 (0750)', async (t) => {
  const parent = tempDir(t);
  const previous = process.umask(0);
  t.after(() => process.umask(previous));
  const privateLogger = createFileLogger({ dir: path.join(parent, 'a'), fileName: 'server.log' });
  privateLogger.info('message', { text: 'a private message' });
  await closeLogger(privateLogger);
  assert.equal(statSync(path.join(parent, 'a', 'server.log')).mode & 0o777, 0o600);
  assert.equal(statSync(path.join(parent, 'a')).mode & 0o777, 0o700);

  const groupLogger = createFileLogger({
    dir: path.join(parent, 'b'),
    fileName: 'server.log',
    groupRead: true,
  });
  groupLogger.info('message', {});
  await closeLogger(groupLogger);
  assert.equal(statSync(path.join(parent, 'b', 'server.log')).mode & 0o777, 0o640);
  assert.equal(statSync(path.join(parent, 'b')).mode & 0o777, 0o750);

  // An older, world-readable file is made private when it is opened again.
  mkdirSync(path.join(parent, 'c'));
  writeFileSync(path.join(parent, 'c', 'server.log'), '', { mode: 0o644 });
  const again = createFileLogger({ dir: path.join(parent, 'c'), fileName: 'server.log' });
  await closeLogger(again);
  assert.equal(statSync(path.join(parent, 'c', 'server.log')).mode & 0o777, 0o600);
});
