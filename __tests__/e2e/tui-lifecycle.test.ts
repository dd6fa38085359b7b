/**
 * The client's lifecycle in a real terminal: a taken name retried (and the log file
 * named after the name we got), resizing (and the too-small notice),
 * reconnecting after the server restarts, the terminal restored after a
 * server shutdown and after Ctrl+C, and an unusable --log-dir refused before
 * the terminal is taken over.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { makeTempDir, spawnServer } from '../helpers/server-harness.js';
import { startTmux, tchatCommand } from '../helpers/tmux.js';

const logDir = makeTempDir('tchat-e2e-logs-');

/** A server, then alice, then bob once alice is in (so alice sees bob join); all stopped after the test. */
async function aliceThenBob(t: { after(fn: () => unknown): void }) {
  const server = await spawnServer();
  t.after(() => server.stop());
  const tmux = await startTmux();
  t.after(() => tmux.kill());
  await tmux.spawn('alice', tchatCommand(server.port, ['--name', 'alice'], logDir));
  await tmux.waitFor('alice', '● connected');
  await tmux.spawn('bob', tchatCommand(server.port, ['--name', 'bob'], logDir));
  await tmux.waitFor('alice', /--> │ bob joined/);
  return { server, tmux };
}

describe('tchat in tmux: lifecycle', () => {
  test('a taken name is refused with the reason and a new one accepted', async (t) => {
    const server = await spawnServer();
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn('first', tchatCommand(server.port, ['--name', 'dave'], logDir));
    await tmux.waitFor('first', '● connected');
    const secondLogs = makeTempDir('tchat-e2e-logs-');
    await tmux.spawn('second', tchatCommand(server.port, [], secondLogs));
    await tmux.waitFor('second', 'Choose a name');
    await tmux.waitFor('second', '● connected');
    await tmux.type('second', 'Dave');
    await tmux.keys('second', 'Enter');
    await tmux.waitFor('second', /"Dave": someone already uses that name; pick another/);
    await tmux.type('second', 'erin');
    await tmux.keys('second', 'Enter');
    await tmux.waitFor('second', /erin │ ● connected/);
    await tmux.waitFor('first', /--> │ erin joined/);
    // The log file is named after the name we got, not the one refused.
    assert.deepEqual(readdirSync(secondLogs), ['client-erin.log']);
  });

  test('an unusable --log-dir is a clear error before the TUI starts, exit 1', async (t) => {
    const server = await spawnServer();
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    // A folder "inside" a regular file cannot exist.
    const file = path.join(makeTempDir('tchat-e2e-logs-'), 'not-a-folder');
    writeFileSync(file, '');
    const underFile = path.join(file, 'logs');
    await tmux.spawn('alice', tchatCommand(server.port, ['--name', 'alice'], underFile));
    const screen = await tmux.waitFor('alice', 'TCHAT-EXITED-1');
    // The long path wraps at the terminal's width: compare without the line breaks.
    const flat = screen.replaceAll('\n', '');
    assert.ok(
      flat.includes(
        `BEFORE-TCHATtchat: cannot write the log to "${underFile}": part of that path is a file, not a folder (ENOTDIR).  Choose a folder you can write to with --log-dir DIR.TCHAT-EXITED-1`,
      ),
      `the error, then the shell:\n${screen}`,
    );
    assert.doesNotMatch(screen, /╭─ Messages|starting/);
  });

  test('a --log-dir under /proc (where Node 20 mkdir -p spins forever) is refused too', async (t) => {
    if (!existsSync('/proc/self')) {
      t.skip('no /proc here');
      return;
    }
    const server = await spawnServer();
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    const procDir = `/proc/tchat-${randomBytes(4).toString('hex')}/logs`;
    await tmux.spawn('alice', tchatCommand(server.port, ['--name', 'alice'], procDir));
    const screen = await tmux.waitFor('alice', 'TCHAT-EXITED-1');
    assert.match(screen, /tchat: cannot write the log to "\/proc\/tchat-[0-9a-f]+\/logs": /);
  });

  test('follows resizes: 80×24 keeps every pane, 50×15 shows the too-small notice', async (t) => {
    const server = await spawnServer();
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn('alice', tchatCommand(server.port, ['--name', 'alice'], logDir));
    await tmux.waitFor('alice', '● connected');
    await tmux.resize('alice', 80, 24);
    const small = await tmux.waitFor('alice', /Users 1 ─+╮\n/);
    const lines = small.split('\n').filter((l) => l !== '');
    assert.ok(
      lines.every((l) => [...l].length <= 80),
      'nothing wider than the terminal',
    );
    assert.match(small, /╭─ Messages/);
    assert.match(small, /╭─ Log/);
    assert.match(small, /alice │ ● connected/);
    assert.match(lines[0]!, /^╭─ Messages.*╮╭─ Users 1 ─+╮$/);
    assert.equal([...lines[0]!].length, 80);
    await tmux.resize('alice', 50, 15);
    await tmux.waitFor('alice', 'Terminal too small: 50×15');
    await tmux.resize('alice', 120, 40);
    const back = await tmux.waitFor('alice', /╭─ Messages/);
    assert.equal([...back.split('\n')[0]!].length, 120);
  });

  test('reconnects after the server restarts on the same port', async (t) => {
    const first = await spawnServer();
    const port = first.port;
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn('alice', tchatCommand(port, ['--name', 'alice'], logDir));
    await tmux.waitFor('alice', '● connected');
    // A crash, not a shutdown: clients get no `shutdown` and must come back by themselves.
    await first.stop('SIGKILL');
    await tmux.waitFor('alice', /connection lost: .* — retrying in/);
    await tmux.waitFor('alice', /✕ nothing listens on 127\.0\.0\.1:\d+ · retry in/);
    // The same data dir: the same certificate, so the pinned fingerprint still matches.
    const second = await spawnServer(['--port', String(port), '--data-dir', first.dataDir]);
    t.after(() => second.stop());
    // The divider marks the reconnect (the log pane may have scrolled the first registration away).
    const screen = await tmux.waitFor('alice', /─ │ reconnected after \d+:\d\d/);
    assert.match(screen, /alice │ ● connected/);
    await tmux.type('alice', 'back again');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', /alice │ back again/);
  });

  test('--exit-on-shutdown: a server shutdown is shown and the terminal is restored', async (t) => {
    const server = await spawnServer(['--admin-token', 'e2e-token']);
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    const exit = '--exit-on-shutdown';
    await tmux.spawn('alice', tchatCommand(server.port, ['--name', 'alice', exit], logDir));
    await tmux.spawn('bob', tchatCommand(server.port, ['--name', 'bob', exit], logDir));
    await tmux.waitFor('alice', '● connected');
    await tmux.waitFor('bob', '● connected');
    await tmux.type('alice', '/shutdown e2e-token maintenance window');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('bob', /Server shut down by alice: maintenance window/);
    // Back on the normal screen: what the shell printed before tchat, tchat's last word, the exit code.
    const restored = await tmux.waitFor('bob', 'TCHAT-EXITED-0');
    assert.match(
      restored,
      /BEFORE-TCHAT\nServer shut down by alice: maintenance window\nTCHAT-EXITED-0/,
    );
    assert.doesNotMatch(restored, /╭─ Messages/);
    await tmux.waitFor('alice', 'TCHAT-EXITED-0');
    assert.equal(await server.exited, 0);
  });

  test('Ctrl+C quits, restores the terminal, and the others see the user leave', async (t) => {
    const { tmux } = await aliceThenBob(t);
    await tmux.keys('bob', 'C-c');
    const restored = await tmux.waitFor('bob', 'TCHAT-EXITED-0');
    assert.match(restored, /BEFORE-TCHAT\nTCHAT-EXITED-0/);
    await tmux.waitFor('alice', /<-- │ bob left/);
  });

  test('SIGTERM: the user leaves politely and the terminal is restored', async (t) => {
    const { tmux } = await aliceThenBob(t);
    // The pane runs `sh -c '…'`; tchat is its child.
    const shellPid = (
      await tmux.tmux('display-message', '-p', '-t', '=bob:', '#{pane_pid}')
    ).trim();
    const { stdout } = await promisify(execFile)('pgrep', ['-P', shellPid]);
    const tchatPid = Number(stdout.trim().split('\n')[0]);
    assert.ok(tchatPid > 0);
    process.kill(tchatPid, 'SIGTERM');
    const restored = await tmux.waitFor('bob', /TCHAT-EXITED-\d+/);
    assert.match(restored, /BEFORE-TCHAT\nTCHAT-EXITED-143/);
    const left = await tmux.waitFor('alice', /<-- │ bob left/);
    // A quit (its reason, as the others see a quit message), not a timeout or error.
    assert.match(left, /<-- │ bob left \(signal\)/);
  });
});
