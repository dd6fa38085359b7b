/**
 * A crowd in a real terminal: the built `tchat` in tmux against the real
 * server CLI while thousands of users join over real connections and the
 * user types — every user ends up in the list and every key in the input
 * line. And an `nc`-style text-mode user: marked in the list, and calling
 * them explains why that cannot work.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { joinCrowd, type Crowd } from '../helpers/crowd.js';
import { makeTempDir, spawnServer, type SpawnedServer } from '../helpers/server-harness.js';
import { connectText, type TextClient } from '../helpers/text-client.js';
import { startTmux, tchatCommand, type Tmux } from '../helpers/tmux.js';

describe('tchat in tmux: a crowd', () => {
  let server: SpawnedServer;
  let tmux: Tmux;
  let crowd: Crowd | undefined;
  let ned: TextClient | undefined;
  const logDir = makeTempDir('tchat-e2e-logs-');

  before(async () => {
    server = await spawnServer(['--max-per-ip', '5000', '--rate', '0']);
    tmux = await startTmux();
    await tmux.spawn('alice', tchatCommand(server.port, ['--name', 'alice'], logDir));
    await tmux.waitFor('alice', '● connected');
  });
  after(async () => {
    crowd?.close();
    ned?.close();
    await tmux?.kill();
    await server?.stop();
  });

  test('a text-mode (nc) user is marked, and calling them explains why not', async () => {
    ned = await connectText(server.port);
    ned.send('ned');
    await ned.nextLine(/welcome, ned/);
    await tmux.waitFor('alice', /● ned \(text mode\)/);
    // `c` on the selected user in the users pane.
    await tmux.keys('alice', 'Tab');
    await tmux.waitFor('alice', /c call/);
    await tmux.keys('alice', 'Down');
    await tmux.keys('alice', 'c');
    await tmux.waitFor('alice', /ned is in text mode and cannot take calls/);
    // And `/call` from the input line.
    await tmux.keys('alice', 'Tab', 'Tab', 'Tab');
    await tmux.waitFor('alice', /Message to everyone/);
    await tmux.type('alice', '/call ned');
    await tmux.keys('alice', 'Enter');
    const screen = await tmux.waitFor(
      'alice',
      /(ned is in text mode and cannot take calls[\s\S]*){2}/,
    );
    assert.doesNotMatch(screen, /unsupported/);
    assert.doesNotMatch(screen, /Calling ned/);
  });
  test('3,000 users join over real connections while keys are typed: all listed, no key lost', async () => {
    await tmux.keys('alice', 'C-u'); // the refused /call stays in the line for editing
    await tmux.waitForGone('alice', '❯ /call');
    const joining = joinCrowd(server.port, 3_000, 'guest');
    // Bursts as a typist makes them while the crowd pours in.
    for (const part of ['typed while ', 'a crowd ', 'joins: ', 'naïve ', '漢字 ', 'ok']) {
      await tmux.type('alice', part);
    }
    await tmux.keys('alice', 'BSpace', 'BSpace', 'o', 'k', '!');
    crowd = await joining;
    const screen = await tmux.waitFor('alice', /Users 3,002/, 120_000);
    assert.match(screen, /typed while a crowd joins: naïve 漢字 ok!/);
    // A crowd arriving is told in a few lines, not 3,000.
    assert.match(screen, /guest\d+, guest\d+, guest\d+ and [\d,]+ others joined/);
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', /alice │ typed while a crowd joins: naïve 漢字 ok!/);
  });
});
