/**
 * Group calls in a real terminal (docs/protocol.md "Group calls"): four
 * built `tchat` clients in tmux against the real server CLI, with the tone
 * source and no camera. `/call bob carol`, both accept, each screen lists
 * the two others; `/invite dave`; a member hangs up and the others stay
 * connected; a member killed with SIGKILL is dropped by the others within
 * 5 s and the call goes on.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { makeTempDir, spawnServer, type SpawnedServer } from '../helpers/server-harness.js';
import { startTmux, tchatCommand, type Tmux } from '../helpers/tmux.js';

const exec = promisify(execFile);
const CALL_FLAGS = ['--audio-source', 'tone', '--video-source', 'none', '--audio-out', 'none'];
const NAMES = ['alice', 'bob', 'carol', 'dave'] as const;

async function killPaneProcess(tmux: Tmux, session: string): Promise<void> {
  const panePid = (
    await tmux.tmux('display-message', '-p', '-t', `=${session}:`, '#{pane_pid}')
  ).trim();
  const { stdout } = await exec('ps', ['-o', 'pid=', '--ppid', panePid]);
  const pids = stdout
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  assert.equal(pids.length, 1, `one tchat process under the pane, got ${stdout}`);
  process.kill(pids[0]!, 'SIGKILL');
}

/** The call status line lists `names` (in any order), each connected (no "(…)" after it). */
function lists(names: string[]): RegExp {
  const ahead = names.map((n) => `(?=[^\\n]*\\b${n}\\b(?! \\())`).join('');
  return new RegExp(`☏ group call · \\d:\\d\\d${ahead}`);
}

describe('tchat in tmux: group calls', () => {
  let server: SpawnedServer;
  let tmux: Tmux;
  const logDir = makeTempDir('tchat-e2e-group-logs-');

  before(async () => {
    server = await spawnServer();
    tmux = await startTmux();
    for (const name of NAMES) {
      await tmux.spawn(name, tchatCommand(server.port, ['--name', name, ...CALL_FLAGS], logDir));
    }
    for (const name of NAMES) await tmux.waitFor(name, /Users 4/);
  });
  after(async () => {
    await tmux?.kill();
    await server?.stop();
  });

  test('/call bob carol: both ring, both accept, each screen lists the two others', async () => {
    await tmux.type('alice', '/call bob carol audio');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', /Calling bob, carol… ringing/);
    for (const name of ['bob', 'carol']) {
      await tmux.waitFor(name, /Incoming audio call from alice/);
      await tmux.type(name, '/accept');
      await tmux.keys(name, 'Enter');
    }
    await tmux.waitFor('alice', lists(['bob', 'carol']), 20_000);
    await tmux.waitFor('bob', lists(['alice', 'carol']), 20_000);
    const carol = await tmux.waitFor('carol', lists(['alice', 'bob']), 20_000);
    // The users pane marks everyone in carol's call.
    assert.match(carol, /◆ alice \(in your call\)/);
    assert.match(carol, /◆ bob \(in your call\)/);
    assert.match(carol, /● dave/);
  });

  test('/invite dave: dave sees who is in the call, accepts, and is linked with all three', async () => {
    await tmux.type('bob', '/invite dave');
    await tmux.keys('bob', 'Enter');
    await tmux.waitFor('alice', /bob is ringing dave into the call/);
    await tmux.waitFor('dave', /Incoming audio call from bob \(with alice, carol\)/);
    await tmux.type('dave', '/accept');
    await tmux.keys('dave', 'Enter');
    await tmux.waitFor('dave', lists(['alice', 'bob', 'carol']), 20_000);
    await tmux.waitFor('alice', lists(['bob', 'carol', 'dave']), 20_000);
    await tmux.waitFor('carol', /dave joined the call/);
  });

  test('bob hangs up: the others stay connected', async () => {
    await tmux.type('bob', '/hangup');
    await tmux.keys('bob', 'Enter');
    await tmux.waitFor('bob', /Call with alice, carol and dave ended: you hung up · 0:\d\d/);
    for (const [me, others] of [
      ['alice', ['carol', 'dave']],
      ['carol', ['alice', 'dave']],
      ['dave', ['alice', 'carol']],
    ] as const) {
      await tmux.waitFor(me, /bob left the call: hung up/);
      const screen = await tmux.waitFor(me, lists([...others]), 10_000);
      assert.doesNotMatch(screen.split('\n').find((l) => l.includes('☏ group call')) ?? '', /bob/);
    }
  });

  test('dave is killed: alice and carol drop him within 5 s and go on together', async () => {
    await killPaneProcess(tmux, 'dave');
    for (const [me, other] of [
      ['alice', 'carol'],
      ['carol', 'alice'],
    ] as const) {
      await tmux.waitFor(me, /dave left the call: disconnected/, 5_000);
      // Two people left: the call is 1:1 again on screen, still running.
      await tmux.waitFor(me, new RegExp(`☏ (group call|${other}) · \\d:\\d\\d`), 5_000);
    }
    const alice = await tmux.capture('alice');
    assert.doesNotMatch(alice, /Call with .* ended/);
  });
});
