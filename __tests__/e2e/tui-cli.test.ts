/** Issue 3 item 1: without a TTY the client says why and exits non-zero (the built CLI). */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../helpers/server-harness.js';

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/tchat.js', ...args], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stderr }));
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
});
