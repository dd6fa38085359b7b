/**
 * Calls follow the media, in a real terminal: two built `tchat` clients in
 * tmux (120×40) against the real server CLI. Alice has no microphone and no
 * camera (`--audio-source none --video-source none`), bob a tone and no
 * camera. A video call where neither side sends video, and an audio call,
 * show the compact call bar (no video pane); alice is never offered mute or
 * a camera; bob's mute reaches alice; hang-ups from either side leave no
 * `bad_request` in the server's log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  makeTempDir,
  readLogLines,
  spawnServer,
  type SpawnedServer,
} from '../helpers/server-harness.js';
import { startTmux, tchatCommand, type Tmux } from '../helpers/tmux.js';

const COMMON = ['--video-source', 'none', '--audio-out', 'none', '--video-out', 'ascii'];

describe('tchat in tmux: calls without video, one side without a microphone', () => {
  let server: SpawnedServer;
  let tmux: Tmux;
  const logDir = makeTempDir('tchat-e2e-audio-logs-');

  before(async () => {
    server = await spawnServer();
    tmux = await startTmux();
    const flags = { alice: ['--audio-source', 'none'], bob: ['--audio-source', 'tone'] };
    for (const [name, own] of Object.entries(flags)) {
      await tmux.spawn(
        name,
        tchatCommand(server.port, ['--name', name, ...own, ...COMMON], logDir),
      );
    }
    await tmux.waitFor('alice', /Users 2/);
    await tmux.waitFor('bob', /Users 2/);
  });
  after(async () => {
    await tmux?.kill();
    await server?.stop();
  });

  test('a video call with no video either way is the compact bar; no mute, no camera without them', async () => {
    await tmux.type('alice', '/call bob');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('bob', /☏ Incoming video call from alice/);
    await tmux.keys('bob', 'M-a');
    const alice = await tmux.waitFor('alice', /│ ☏ bob · \d:\d\d │ no microphone │ audio/);
    assert.match(alice, /│ Alt\+H hang up \(or \/hangup\)/);
    assert.doesNotMatch(alice, /mic on|mute|camera|╭─ Call with/);
    const bob = await tmux.waitFor('bob', /│ ☏ alice · \d:\d\d │ mic on │/);
    assert.match(bob, /│ Alt\+M mute mic · Alt\+H hang up \(or \/hangup\)/);
    assert.doesNotMatch(bob, /camera|╭─ Call with/);
    // Alt+M on a side without a microphone explains instead of pretending.
    await tmux.keys('alice', 'M-m');
    await tmux.waitFor('alice', /no microphone in this call/);
    // Bob's mute: his bar says so, and alice sees it from his control frame.
    await tmux.keys('bob', 'M-m');
    await tmux.waitFor('bob', /│ ☏ alice · \d:\d\d │ mic muted │/);
    await tmux.waitFor('bob', /Alt\+M unmute mic/);
    await tmux.waitFor('alice', /│ bob: muted │/);
    await tmux.keys('alice', 'M-h');
    await tmux.waitFor('alice', /☏ │ Call with bob ended: you hung up · 0:\d\d/);
    await tmux.waitFor('bob', /☏ │ Call with alice ended: alice hung up · 0:\d\d/);
  });

  test('an audio call: the compact bar from the start; bob hangs up', async () => {
    await tmux.type('alice', '/call bob audio');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('bob', /☏ Incoming audio call from alice/);
    await tmux.keys('bob', 'M-a');
    await tmux.waitFor('bob', /│ ☏ alice · \d:\d\d │ mic on │ audio/);
    assert.doesNotMatch(await tmux.capture('bob'), /╭─ Call with|camera|Alt\+O/);
    // Two tchat clients speak Opus (docs/media.md "Audio codec"): ~26 kbit/s, not PCM's 261.
    const codec = await tmux.waitFor('alice', /│ audio opus █.* │ in [1-3]\d kbit\/s │/);
    assert.doesNotMatch(codec, /pcm/);
    await tmux.keys('bob', 'M-h');
    await tmux.waitFor('bob', /☏ │ Call with alice ended: you hung up · 0:\d\d/);
    await tmux.waitFor('alice', /☏ │ Call with bob ended: bob hung up · 0:\d\d/);
  });

  test('no hang-up left a protocol error: none in the server log, none at either client', async () => {
    for (const name of ['alice', 'bob']) {
      assert.doesNotMatch(await tmux.capture(name), /already ended|bad_request/);
    }
    await server.stop();
    const refused = readLogLines(server.logDir)
      .map((line) => JSON.stringify(line))
      .filter((line) => /bad_request|already ended/.test(line));
    assert.deepEqual(refused, []);
  });
});
