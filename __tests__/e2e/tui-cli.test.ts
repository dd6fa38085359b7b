/**
 * Without a TTY the client says why and exits non-zero (the
 * built CLI); the call flags are in --help and bad values exit 2.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../helpers/server-harness.js';

function run(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/tchat.js', ...args], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('close', (code) => resolve({ code, stderr, stdout }));
    child.stdin.end();
  });
}

describe('tchat CLI without a terminal', () => {
  test('no TTY: a clear error and exit code 1', async () => {
    const { code, stderr } = await run(['--port', '7777']);
    assert.equal(code, 1);
    assert.match(stderr, /needs an interactive terminal/);
    assert.match(stderr, /nc 127\.0\.0\.1 7777/);
  });
  test('bad flags: exit code 2 with the reason', async () => {
    const { code, stderr } = await run(['--port', 'nope']);
    assert.equal(code, 2);
    assert.match(stderr, /--port must be a number/);
  });
  test('an unknown flag: exit code 2, named, with where to look', async () => {
    const { code, stderr } = await run(['--bogus', '--port', '7777']);
    assert.equal(code, 2);
    assert.match(stderr, /unknown flag --bogus/);
    assert.match(stderr, /see `tchat --help`/);
    const negated = await run(['--no-mouse', '--port', '7777']);
    assert.equal(negated.code, 1, '--no-mouse is a known flag (then: no TTY)');
  });
  test('--help lists the call flags and keys', async () => {
    const { code, stdout } = await run(['--help']);
    assert.equal(code, 0);
    for (const flag of ['--audio-source', '--video-source', '--audio-out', '--video-out'])
      assert.ok(stdout.includes(flag), flag);
    assert.match(stdout, /m mutes the microphone/);
    assert.match(stdout, /tchat doctor/);
  });
  test('bad call flags: exit code 2, every problem named', async () => {
    const { code, stderr } = await run(['--video-out', 'blue', '--audio-source', 'file:x.mp3']);
    assert.equal(code, 2);
    assert.match(stderr, /--audio-source file:x\.mp3: expected file:PATH\.wav/);
    assert.match(
      stderr,
      /--video-out blue: expected auto, color, half, quadrant, sextant, braille, ascii-color, ascii, viewer/,
    );
  });
});
