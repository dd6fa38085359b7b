/** `tchat doctor` as a user runs it: a child process, fake tools on PATH. */
import { networkInterfaces } from 'node:os';
import { test } from 'node:test';
import { chooseMediaAddress } from '../../src/media/media-address.js';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NODE_DIR, fakeBinWith, useFakeTools } from '../helpers/media-helpers.js';

useFakeTools();
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function doctor(
  args: string[],
  envPath: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'doctor', ...args], {
      env: { ...process.env, PATH: envPath, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('doctor lists what it found, tells a broken player from a working one, and honours NO_COLOR', async (t) => {
  const bin = await fakeBinWith(['arecord', 'fswebcam', 'aplay', 'play'], t.after.bind(t));
  const { code, stdout } = await doctor([], `${bin}:${NODE_DIR}`);
  assert.equal(code, 0);
  assert.match(stdout, /^ {2}missing sox$/m);
  assert.match(stdout, /^ {2}ok {6}arecord {2}\S+\/arecord$/m);
  assert.match(stdout, /^ {2}ok {6}fswebcam /m);
  assert.match(stdout, /^ {2}missing ffmpeg$/m);
  assert.match(stdout, /^ {2}ok {6}aplay .*\(plays\)$/m);
  assert.match(stdout, /^ {2}broken {2}play .*\(play exited with SIGFPE\)$/m);
  assert.match(stdout, /colour {2}no colour \(NO_COLOR is set\)/);
  assert.match(stdout, /--video-out auto draws ASCII/);
  assert.match(stdout, /camera at 15–30 fps instead of 1–3: sudo apt install ffmpeg/);
  // The address a callee on a loopback chat names (docs/media.md "Who listens").
  const address = chooseMediaAddress('127.0.0.1', networkInterfaces()).advertiseHost;
  assert.match(
    stdout,
    address
      ? new RegExp(`^ {2}callers are told to connect to ${address.replace(/[.]/g, '\\.')} `, 'm')
      : /only callers on this machine can reach you/,
  );
});

test('doctor on a bare machine says what to install', async (t) => {
  const bin = await fakeBinWith([], t.after.bind(t));
  const { code, stdout } = await doctor([], `${bin}:${NODE_DIR}`);
  assert.equal(code, 0);
  assert.match(stdout, /To install:/);
  assert.match(stdout, /microphone: sudo apt install sox \(or sudo apt install alsa-utils\)/);
  assert.match(stdout, /camera: sudo apt install fswebcam/);
  assert.match(stdout, /speaker: sudo apt install alsa-utils/);
});

test('doctor --loopback runs a real call to itself and passes', async (t) => {
  const bin = await fakeBinWith([], t.after.bind(t));
  const { code, stdout, stderr } = await doctor(
    ['--loopback', '--seconds', '2'],
    `${bin}:${NODE_DIR}`,
  );
  assert.equal(code, 0, stdout + stderr);
  assert.match(
    stdout,
    /caller → callee: video [\d.]+ fps \(\d+ frames, 320×240\), audio \d+\/\d+ frames, tone 660 Hz \(sent 660 Hz\)/,
  );
  assert.match(stdout, /callee → caller: .* tone 440 Hz \(sent 440 Hz\)/);
  assert.match(stdout, /Loopback: PASS/);
});

test('doctor refuses a bad --seconds with exit code 2', async (t) => {
  const bin = await fakeBinWith([], t.after.bind(t));
  const { code, stderr } = await doctor(['--seconds', '0'], `${bin}:${NODE_DIR}`);
  assert.equal(code, 2);
  assert.match(stderr, /--seconds takes 1–60/);
});
