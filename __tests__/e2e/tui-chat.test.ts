/**
 * The chat in a real terminal: the built `tchat` in tmux against the
 * real server CLI — join, public and private messages, the users pane,
 * Enter prefilling /msg, /echo, /users.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeTempDir, spawnServer, type SpawnedServer } from '../helpers/server-harness.js';
import { startTmux, tchatCommand, type Tmux } from '../helpers/tmux.js';

describe('tchat in tmux: chatting', () => {
  let server: SpawnedServer;
  let tmux: Tmux;
  const logDir = makeTempDir('tchat-e2e-logs-');

  before(async () => {
    server = await spawnServer(['--admin-token', 'e2e-token']);
    tmux = await startTmux();
    await tmux.spawn('alice', tchatCommand(server.port, ['--name', 'alice'], logDir));
    await tmux.waitFor('alice', '● connected');
  });
  after(async () => {
    await tmux?.kill();
    await server?.stop();
  });

  test('a joining user is shown in the other client', async () => {
    await tmux.spawn('bob', tchatCommand(server.port, ['--name', 'bob'], logDir));
    await tmux.waitFor('bob', '● connected');
    await tmux.waitFor('alice', /--> │ bob joined/);
    await tmux.spawn('carol', tchatCommand(server.port, ['--name', 'carol'], logDir));
    await tmux.waitFor('alice', /--> │ carol joined/);
  });

  test('a public message reaches everyone', async () => {
    await tmux.type('bob', 'hello from bob');
    await tmux.keys('bob', 'Enter');
    await tmux.waitFor('alice', /bob │ hello from bob/);
    await tmux.waitFor('carol', /bob │ hello from bob/);
    await tmux.waitFor('bob', /bob │ hello from bob/);
  });

  test('a private message is seen only by its two parties, with the direction', async () => {
    await tmux.type('alice', '/msg bob just between us');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('bob', /← alice │ just between us/);
    await tmux.waitFor('alice', /→ bob │ just between us/);
    // A later public message proves carol is up to date without having seen it.
    await tmux.type('alice', 'public again');
    await tmux.keys('alice', 'Enter');
    const carol = await tmux.waitFor('carol', /alice │ public again/);
    assert.doesNotMatch(carol, /just between us/);
  });

  test('the users pane lists everyone; Up/Down move the selection; Enter prefills /msg', async () => {
    const screen = await tmux.waitFor('alice', /Users 3/);
    assert.match(screen, /● alice \(you\)/);
    assert.match(screen, /● bob/);
    assert.match(screen, /● carol/);
    await tmux.keys('alice', 'Tab');
    // The selected user's address shows under its name: first alice.
    await tmux.waitFor('alice', /● alice \(you\) *│\n[^\n]*││ +127\.0\.0\.1:\d+/);
    await tmux.keys('alice', 'Down');
    await tmux.waitFor('alice', /● bob *│\n[^\n]*││ +127\.0\.0\.1:\d+/);
    await tmux.keys('alice', 'Down');
    await tmux.waitFor('alice', /● carol *│\n[^\n]*││ +127\.0\.0\.1:\d+/);
    await tmux.keys('alice', 'Up');
    await tmux.waitFor('alice', /● bob *│\n[^\n]*││ +127\.0\.0\.1:\d+/);
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', /❯ \/msg bob /);
    await tmux.type('alice', 'via the users pane');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('bob', /← alice │ via the users pane/);
  });

  test('/echo comes back only to the sender', async () => {
    await tmux.type('carol', '/echo is anybody there');
    await tmux.keys('carol', 'Enter');
    await tmux.waitFor('carol', /echo │ is anybody there/);
    await tmux.type('carol', 'marker after echo');
    await tmux.keys('carol', 'Enter');
    const alice = await tmux.waitFor('alice', /carol │ marker after echo/);
    assert.doesNotMatch(alice, /is anybody there/);
  });

  test('/users lists who is here', async () => {
    await tmux.type('bob', '/users');
    await tmux.keys('bob', 'Enter');
    await tmux.waitFor('bob', /3 users here: alice, bob \(you\), carol/);
  });
});
