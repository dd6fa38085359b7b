/**
 * Encrypted calls in a real terminal (docs/media.md "Encrypted calls"): two
 * built `tchat` clients in tmux call each other through the real server;
 * both call panes show the same `safety code NNN NNN`, the call-start line
 * says the call is encrypted, and `/verify` puts the code in the message
 * pane again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeTempDir, spawnServer, type SpawnedServer } from '../helpers/server-harness.js';
import { startTmux, tchatCommand, type Tmux } from '../helpers/tmux.js';

const CALL_FLAGS = [
  '--audio-source',
  'tone',
  '--video-source',
  'pattern',
  '--audio-out',
  'none',
  '--video-out',
  'ascii',
];
const SAFETY_CODE = /safety code (\d{3} \d{3})/;

describe('tchat in tmux: encrypted calls', () => {
  let server: SpawnedServer;
  let tmux: Tmux;
  const logDir = makeTempDir('tchat-e2e-safety-logs-');

  before(async () => {
    server = await spawnServer();
    tmux = await startTmux();
    for (const name of ['alice', 'bob']) {
      await tmux.spawn(name, tchatCommand(server.port, ['--name', name, ...CALL_FLAGS], logDir));
    }
    await tmux.waitFor('alice', /Users 2/);
    await tmux.waitFor('bob', /Users 2/);
  });
  after(async () => {
    await tmux?.kill();
    await server?.stop();
  });

  test('both screens show the same safety code; /verify shows it again', async () => {
    await tmux.type('alice', '/call bob');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('bob', /Incoming video call from alice/);
    await tmux.type('bob', '/accept');
    await tmux.keys('bob', 'Enter');
    const codes: string[] = [];
    for (const [me, peer] of [
      ['alice', 'bob'],
      ['bob', 'alice'],
    ] as const) {
      // The HUD of the call pane: peer, duration, … the safety code.
      const screen = await tmux.waitFor(
        me,
        new RegExp(`│☏ ${peer} · \\d:\\d\\d .*safety code \\d{3} \\d{3}`),
      );
      const hud = screen.split('\n').find((line) => line.startsWith('│☏ '))!;
      codes.push(SAFETY_CODE.exec(hud)![1]!);
      assert.match(screen, new RegExp(`Call with ${peer} started · encrypted · safety code`));
      assert.doesNotMatch(screen, /not encrypted/);
    }
    assert.equal(codes[0], codes[1], 'alice and bob read the same code');
    await tmux.type('alice', '/verify');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', new RegExp(`Safety code of the call with bob: ${codes[0]}`));
    await tmux.type('alice', '/hangup');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('bob', /Call with alice ended/);
  });
});
