/**
 * Encrypted by default, in a real terminal (docs/security.md): the built
 * `tchat` in tmux against the real server CLI — the first-contact question
 * (accept, refuse), `--trust`, a changed certificate refused before anything
 * is sent (checked in the server's log: no `hello` ever registered), the
 * "not encrypted" marker of `--plaintext`, and the pin checked again on
 * reconnect.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  makeTempDir,
  readLogLines,
  spawnServer,
  type SpawnedServer,
} from '../helpers/server-harness.js';
import { startTmux, tchatCommand } from '../helpers/tmux.js';

const short = (fingerprint: string): string => fingerprint.replaceAll(':', '').slice(0, 8);
const OTHER = Array.from({ length: 32 }, () => 'AB').join(':');

/** The server's log lines once it stopped (everything flushed). */
async function stoppedLog(server: SpawnedServer): Promise<Array<Record<string, unknown>>> {
  await server.stop();
  return readLogLines(server.logDir);
}

describe('tchat in tmux: TLS and trust on first use', () => {
  test('first contact: the fingerprint is shown and y pins it; the status bar has the lock', async (t) => {
    const server = await spawnServer();
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    const configDir = makeTempDir('tchat-config-');
    const logDir = makeTempDir('tchat-e2e-logs-');
    await tmux.spawn(
      'alice',
      tchatCommand(server.port, ['--name', 'alice', '--ask'], logDir, { configDir }),
      { columns: 160, rows: 36 },
    );
    const screen = await tmux.waitFor('alice', /Trust this server and connect\? \(y\/n\)/);
    assert.ok(screen.replace(/\s+/g, '').includes(`SHA256:${server.fingerprint}`));
    assert.match(screen, /Nothing has been sent yet/);
    await tmux.type('alice', 'y');
    const bar = await tmux.waitFor('alice', '● connected');
    assert.match(bar, new RegExp(`🔒 ${short(server.fingerprint)}`));
    const known = readFileSync(path.join(configDir, 'known_servers'), 'utf8');
    assert.match(
      known,
      new RegExp(`^127\\.0\\.0\\.1:${server.port} SHA256:${server.fingerprint}`, 'm'),
    );
    await tmux.type('alice', '/info');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', `-- │ SHA256:${server.fingerprint}`);
    // A second run finds the pin and does not ask again.
    await tmux.spawn(
      'again',
      tchatCommand(server.port, ['--name', 'alice2', '--ask'], logDir, { configDir }),
    );
    await tmux.waitFor('again', '● connected');
  });

  test('first contact refused: the client leaves cleanly and never says hello', async (t) => {
    const server = await spawnServer();
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    const configDir = makeTempDir('tchat-config-');
    await tmux.spawn(
      'bob',
      tchatCommand(server.port, ['--name', 'bob', '--ask'], makeTempDir('tchat-e2e-logs-'), {
        configDir,
      }),
    );
    await tmux.waitFor('bob', /Trust this server and connect\?/);
    await tmux.type('bob', 'n');
    const screen = await tmux.waitFor('bob', /TCHAT-EXITED-\d+/);
    assert.match(screen, /Not trusted: nothing was sent to 127\.0\.0\.1:\d+\./);
    assert.match(screen, /TCHAT-EXITED-0/);
    const log = await stoppedLog(server);
    assert.equal(log.filter((l) => l.message === 'registered').length, 0);
  });

  test('--trust with the published fingerprint connects without asking; a wrong one stops', async (t) => {
    const server = await spawnServer();
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    const logDir = makeTempDir('tchat-e2e-logs-');
    await tmux.spawn(
      'carol',
      tchatCommand(
        server.port,
        ['--name', 'carol', '--trust', `SHA256:${server.fingerprint}`],
        logDir,
      ),
    );
    const screen = await tmux.waitFor('carol', '● connected');
    assert.doesNotMatch(screen, /Trust this server/);
    await tmux.spawn(
      'dave',
      tchatCommand(server.port, ['--name', 'dave', '--trust', `SHA256:${OTHER}`], logDir),
    );
    const refused = await tmux.waitFor('dave', /TCHAT-EXITED-\d+/);
    assert.match(refused, /TCHAT-EXITED-1/);
    assert.match(refused, /not the SHA256:AB:AB/);
  });

  test('a changed certificate: an alarming message, exit 1, and the server never saw hello', async (t) => {
    const server = await spawnServer();
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    const configDir = makeTempDir('tchat-config-');
    writeFileSync(
      path.join(configDir, 'known_servers'),
      `# pinned earlier\n127.0.0.1:${server.port} SHA256:${OTHER}\n`,
    );
    await tmux.spawn(
      'erin',
      tchatCommand(server.port, ['--name', 'erin', '--ask'], makeTempDir('tchat-e2e-logs-'), {
        configDir,
      }),
      { columns: 120, rows: 36 },
    );
    const screen = await tmux.waitFor('erin', /TCHAT-EXITED-\d+/);
    assert.match(screen, /WARNING: THE CERTIFICATE OF THIS CHAT SERVER HAS CHANGED/);
    assert.match(screen, new RegExp(`127\\.0\\.0\\.1:${server.port} presented a certificate`));
    assert.match(screen, new RegExp(`trusted: +SHA256:${OTHER}`));
    assert.match(screen, new RegExp(`presented: SHA256:${server.fingerprint}`));
    assert.match(screen, new RegExp(`remove line 2 of ${configDir}/known_servers`));
    assert.match(screen, /TCHAT-EXITED-1/);
    const log = await stoppedLog(server);
    const connections = log.filter((l) => l.message === 'connected');
    assert.ok(connections.length >= 1 && connections.every((l) => l.tls === true));
    assert.equal(log.filter((l) => l.message === 'registered').length, 0, 'no hello arrived');
    assert.equal(log.filter((l) => l.message === 'error').length, 0, 'nothing else either');
  });

  test('--plaintext: connected in clear, and the status bar says so', async (t) => {
    const server = await spawnServer();
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn(
      'frank',
      tchatCommand(server.port, ['--name', 'frank', '--plaintext'], makeTempDir('tchat-e2e-logs-')),
      { columns: 120, rows: 36 },
    );
    const screen = await tmux.waitFor('frank', '● connected');
    assert.match(screen, /⚠ not encrypted/);
    await tmux.type('frank', '/info');
    await tmux.keys('frank', 'Enter');
    await tmux.waitFor('frank', /NOT ENCRYPTED/);
  });

  test('a reconnect checks the pin again: a server back with another certificate is refused', async (t) => {
    const first = await spawnServer();
    const port = first.port;
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn(
      'gina',
      tchatCommand(port, ['--name', 'gina'], makeTempDir('tchat-e2e-logs-')),
      { columns: 120, rows: 36 },
    );
    await tmux.waitFor('gina', '● connected');
    await first.stop('SIGKILL');
    await tmux.waitFor('gina', /retry/);
    // Same port, a fresh data dir: a different certificate, as an impostor would have.
    const impostor = await spawnServer(['--port', String(port)]);
    const screen = await tmux.waitFor('gina', /TCHAT-EXITED-\d+/, 20_000);
    assert.match(screen, /CERTIFICATE OF THIS CHAT SERVER HAS CHANGED/);
    assert.match(screen, /TCHAT-EXITED-1/);
    const log = await stoppedLog(impostor);
    assert.equal(log.filter((l) => l.message === 'registered').length, 0, 'no hello arrived');
  });
});
