/**
 * A chat that outlives its server, in a real terminal: a server stopped with
 * SIGTERM and started again on the same port, a connection cut under the
 * client (a loopback proxy in the test drops it) with `/clear` before it,
 * and `/reconnect` / Alt+C retrying at once.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { knownFingerprint, makeTempDir, spawnServer } from '../helpers/server-harness.js';
import { startTmux, tchatCommand } from '../helpers/tmux.js';

const logDir = makeTempDir('tchat-e2e-logs-');

/** Through the proxy the client sees the server's certificate: pin it as users are told to. */
function trustOf(serverPort: number): string[] {
  const fingerprint = knownFingerprint(serverPort);
  return fingerprint === undefined ? [] : ['--trust', fingerprint];
}

/** A loopback TCP proxy to `port` whose connections the test can cut, and which can stop listening. */
async function startProxy(port: number, listenPort = 0) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port });
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    dropAll(): void {
      for (const socket of sockets) socket.destroy();
    },
    async close(): Promise<void> {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const count = (screen: string, text: string): number => screen.split(text).length - 1;

describe('tchat in tmux: the server restarts', () => {
  test('SIGTERM: the client stays, says why, reconnects with its name, marks the gap, no duplicates', async (t) => {
    const first = await spawnServer();
    const port = first.port;
    t.after(() => first.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn('alice', tchatCommand(port, ['--name', 'alice'], logDir));
    await tmux.waitFor('alice', '● connected');
    await tmux.spawn('bob', tchatCommand(port, ['--name', 'bob'], logDir));
    await tmux.waitFor('alice', /--> │ bob joined/);
    await tmux.type('bob', 'before the stop');
    await tmux.keys('bob', 'Enter');
    await tmux.waitFor('alice', /bob │ before the stop/);

    assert.equal(await first.stop('SIGTERM'), 0);
    // In the log pane on one line (the message pane wraps it).
    const down = await tmux.waitFor(
      'alice',
      /warn {2}Server shut down by server: the server is stopping \(SIGTERM\) — reconnecting/,
    );
    assert.match(down, /!! │ Server shut down by server: the server is stopping \(SIGTERM\)/);
    // Said in the message pane (its title and a notice) and in the status bar, with the key.
    const stillDown = await tmux.waitFor('alice', /Messages · tchat [\d.]+ · disconnected/);
    assert.match(stillDown, /!! │ Disconnected: [^\n]*— reconnecting/);
    assert.match(stillDown, /\(\/reconnect or Alt\+C to retry now\)/);
    // The status bar between attempts: why, when the next one is, and the key that retries now.
    await tmux.waitFor('alice', /alice │ ✕ [^\n]* retry in \d+ s[^│\n]*│ Alt\+C reconnect now/);
    assert.doesNotMatch(down, /TCHAT-EXITED/);

    // The same data dir: the same certificate, which the clients pinned (docs/security.md).
    const second = await spawnServer(['--port', String(port), '--data-dir', first.dataDir]);
    t.after(() => second.stop());
    const back = await tmux.waitFor('alice', /─ │ reconnected after \d+:\d\d · nothing missed ─/);
    assert.match(back, /alice │ ● connected/);
    await tmux.waitFor('bob', /bob │ ● connected/);
    await tmux.type('bob', 'after the restart');
    await tmux.keys('bob', 'Enter');
    const screen = await tmux.waitFor('alice', /bob │ after the restart/);
    assert.equal(count(screen, 'before the stop'), 1, screen);
    assert.equal(count(screen, 'after the restart'), 1, screen);
    // The divider sits between the two.
    assert.ok(
      screen.indexOf('before the stop') < screen.indexOf('reconnected after') &&
        screen.indexOf('reconnected after') < screen.indexOf('bob │ after the restart'),
      screen,
    );
    assert.doesNotMatch(screen, /disconnected/);
    // /quit is the way out.
    await tmux.type('alice', '/quit');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', 'TCHAT-EXITED-0');
  });

  test('a dropped connection: /clear stays cleared, the gap is replayed once and in order', async (t) => {
    const server = await spawnServer(['--history', '50']);
    t.after(() => server.stop());
    const proxy = await startProxy(server.port);
    t.after(() => proxy.close());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn('bob', tchatCommand(server.port, ['--name', 'bob'], logDir));
    await tmux.waitFor('bob', '● connected');
    await tmux.spawn(
      'alice',
      tchatCommand(proxy.port, ['--name', 'alice', ...trustOf(server.port)], logDir),
    );
    await tmux.waitFor('bob', /--> │ alice joined/);
    for (const text of ['cleared one', 'cleared two']) {
      await tmux.type('bob', text);
      await tmux.keys('bob', 'Enter');
    }
    await tmux.waitFor('alice', /bob │ cleared two/);
    await tmux.type('alice', '/clear');
    await tmux.keys('alice', 'Enter');
    await tmux.waitForGone('alice', 'cleared one');

    proxy.dropAll();
    await tmux.waitFor('alice', /Disconnected: /);
    // While alice is away, bob talks: that is the gap.
    await tmux.type('bob', 'during the gap');
    await tmux.keys('bob', 'Enter');
    const back = await tmux.waitFor('alice', /bob │ during the gap/);
    assert.doesNotMatch(back, /cleared one|cleared two/, back);
    assert.match(
      back,
      /─ │ reconnected after \d+:\d\d · (1 message from the gap below|nothing missed)/,
    );
    assert.equal(count(back, 'during the gap'), 1, back);
    assert.match(back, /alice │ ● connected/);
  });

  test('/reconnect and Alt+C retry at once instead of waiting out the backoff', async (t) => {
    const server = await spawnServer();
    t.after(() => server.stop());
    let proxy = await startProxy(server.port);
    const proxyPort = proxy.port;
    t.after(() => proxy.close());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn(
      'alice',
      tchatCommand(proxyPort, ['--name', 'alice', ...trustOf(server.port)], logDir),
    );
    await tmux.waitFor('alice', '● connected');
    await tmux.type('alice', '/reconnect');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', /already connected/);
    await tmux.keys('alice', 'C-u'); // a refused command stays in the input line

    await proxy.close();
    // Wait until the backoff has grown to a long delay (≥ 6 s to go).
    await tmux.waitFor('alice', /retry in ([6-9]|1\d) s/, 30_000);
    proxy = await startProxy(server.port, proxyPort);
    await tmux.keys('alice', 'M-c');
    // Well before the retry the status bar announced.
    await tmux.waitFor('alice', /alice │ ● connected/, 4_000);

    await proxy.close();
    await tmux.waitFor('alice', /retry in ([6-9]|1\d) s/, 30_000);
    proxy = await startProxy(server.port, proxyPort);
    await tmux.type('alice', '/reconnect');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', /alice │ ● connected/, 4_000);
  });
});
