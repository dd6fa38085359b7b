/**
 * Fail-over in a real terminal (docs/protocol.md "Fail-over"): the built
 * `tchat --host A,B` against two real servers (independent, in memory: the
 * client side needs no cluster to be proven). The node the client is on is
 * killed with SIGKILL; the client lands on the other one with its name, the
 * status bar names the new node, and known_servers holds a pin for each.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, makeTempDir, spawnServer } from '../helpers/server-harness.js';
import { shellQuote, startTmux, tchatCommand } from '../helpers/tmux.js';

const logDir = makeTempDir('tchat-e2e-logs-');

/** `tchat --host 127.0.0.1:A,127.0.0.1:B …` (tchatCommand passes a single --host). */
function clusterCommand(ports: number[], args: string[], configDir: string): string {
  const client = [
    'env',
    '-u',
    'CI',
    `TCHAT_CONFIG_DIR=${configDir}`,
    process.execPath,
    path.join(REPO_ROOT, 'bin/tchat.js'),
    '--host',
    ports.map((port) => `127.0.0.1:${port}`).join(','),
    '--log-dir',
    logDir,
    ...args,
  ]
    .map(shellQuote)
    .join(' ');
  return `echo BEFORE-TCHAT; ${client}; echo "TCHAT-EXITED-$?"; sleep 600`;
}

describe('tchat in tmux: fail-over between servers', () => {
  test('the server under the client is SIGKILLed: it lands on the other with its name, pins for both', async (t) => {
    const a = await spawnServer();
    t.after(() => a.stop());
    const b = await spawnServer();
    t.after(() => b.stop());
    assert.notEqual(a.fingerprint, b.fingerprint, 'two identities, pinned each on its own');
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    const configDir = makeTempDir('tchat-e2e-config-');
    await tmux.spawn(
      'alice',
      clusterCommand(
        [a.port, b.port],
        ['--name', 'alice', '--trust', `SHA256:${a.fingerprint},SHA256:${b.fingerprint}`],
        configDir,
      ),
    );
    // The start is random (spread over the nodes): see where alice landed.
    const first = await tmux.waitFor('alice', /127\.0\.0\.1:(\d+) │ alice │ ● connected/);
    const firstPort = Number(/127\.0\.0\.1:(\d+) │ alice │ ● connected/.exec(first)![1]);
    const [dead, other] = firstPort === a.port ? [a, b] : [b, a];
    assert.equal(firstPort, dead.port);

    // Someone on the other node sees alice arrive there.
    await tmux.spawn('bob', tchatCommand(other.port, ['--name', 'bob'], logDir));
    await tmux.waitFor('bob', 'bob │ ● connected');

    assert.equal(await dead.stop('SIGKILL'), null);
    const moved = await tmux.waitFor(
      'alice',
      new RegExp(`127\\.0\\.0\\.1:${other.port} │ alice │ ● connected`),
      30_000,
    );
    assert.doesNotMatch(moved, /TCHAT-EXITED/);
    await tmux.waitFor('bob', /--> │ alice joined/);
    // /info names the node and its certificate.
    await tmux.type('alice', '/info');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', new RegExp(`Server 127\\.0\\.0\\.1:${other.port}`));
    // Both nodes pinned, each with its own certificate.
    const known = readFileSync(path.join(configDir, 'known_servers'), 'utf8');
    assert.match(known, new RegExp(`^127\\.0\\.0\\.1:${a.port} SHA256:${a.fingerprint}`, 'm'));
    assert.match(known, new RegExp(`^127\\.0\\.0\\.1:${b.port} SHA256:${b.fingerprint}`, 'm'));

    await tmux.type('alice', 'hello from the other node 🙂');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('bob', /alice │ hello from the other node 🙂/);
    await tmux.type('alice', '/quit');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', 'TCHAT-EXITED-0');
  });
});
