/**
 * Calls in a real terminal: two built `tchat` clients in tmux (120×40)
 * against the real server CLI, calling each other with the synthetic
 * sources (`tone`, `pattern`) and ASCII video. Ring from the users pane,
 * the banner and accept, the video pane with the peer's picture and our
 * preview, the status line, mute, switching the video output, hang-up; a
 * rejected call; and a callee whose process is killed mid-call.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { makeTempDir, spawnServer, type SpawnedServer } from '../helpers/server-harness.js';
import { startTmux, tchatCommand, type Tmux } from '../helpers/tmux.js';

const exec = promisify(execFile);
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
/** A run of the ASCII ramp's characters (src/media/render/ascii.ts), as the pattern shows. */
const ASCII_ART = /[@%#*+=\-:.]{12,}/;

/** The video pane's rows (between its top border and the status line), split into remote / side. */
function videoRegions(screen: string): { remote: string[]; side: string[]; status: string } {
  const lines = screen.split('\n');
  const top = lines.findIndex((l) => /^╭─ Call with /.test(l));
  const statusAt = lines.findIndex((l, i) => i > top && l.startsWith('│☏ '));
  assert.ok(top >= 0 && statusAt > top, `no video pane on screen:\n${screen}`);
  const rows = lines.slice(top + 1, statusAt).map((l) => [...l].slice(1, -1).join(''));
  // At 120 columns the side column is the last 28 inner columns (video-layout.ts).
  return {
    remote: rows.map((r) => r.slice(0, 86)),
    side: rows.map((r) => r.slice(89)),
    status: lines[statusAt]!,
  };
}

async function killPaneProcess(tmux: Tmux, session: string): Promise<void> {
  const panePid = (
    await tmux.tmux('display-message', '-p', '-t', `=${session}:`, '#{pane_pid}')
  ).trim();
  // The pane runs `sh -c "echo …; env … node …; …"`; env execs node, the shell's one child.
  const { stdout } = await exec('ps', ['-o', 'pid=', '--ppid', panePid]);
  const pids = stdout
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  assert.equal(pids.length, 1, `one tchat process under the pane, got ${stdout}`);
  process.kill(pids[0]!, 'SIGKILL');
}

describe('tchat in tmux: calls', () => {
  let server: SpawnedServer;
  let tmux: Tmux;
  const logDir = makeTempDir('tchat-e2e-call-logs-');

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

  test('alice calls bob from the users pane; bob gets the banner and accepts; both see video', async () => {
    await tmux.keys('alice', 'Tab', 'Down');
    await tmux.waitFor('alice', /● bob *│\n[^\n]*││ +127\.0\.0\.1:\d+/);
    await tmux.keys('alice', 'c');
    await tmux.waitFor('alice', /☏ Calling bob… ringing \d:\d\d · h or \/hangup to cancel/);
    // Bob's focus is the input line: the banner names the keys that work there.
    await tmux.waitFor('bob', /☏ Incoming video call from alice +Alt\+A +accept +Alt\+R +reject/);
    await tmux.type('bob', '/accept');
    await tmux.keys('bob', 'Enter');
    for (const [me, peer] of [
      ['alice', 'bob'],
      ['bob', 'alice'],
    ] as const) {
      // The status line: the peer, the duration, frames coming in.
      const screen = await tmux.waitFor(
        me,
        new RegExp(`│☏ ${peer} · \\d:\\d\\d .*│ in [1-9]\\d* fps`),
      );
      const video = videoRegions(screen);
      assert.ok(
        video.remote.some((row) => ASCII_ART.test(row)),
        `${me}: the peer's picture:\n${video.remote.join('\n')}`,
      );
      assert.ok(
        video.side.some((row) => /[@%#*+=\-:.]{10,}/.test(row)),
        `${me}: our preview:\n${video.side.join('\n')}`,
      );
      assert.match(video.status, /mic on/);
      assert.match(screen, new RegExp(`╭─ Call with ${peer} ─+ video: ascii ─╮`));
    }
  });

  test('m mutes and unmutes the microphone; the peer sees it; Alt+M works from the input', async () => {
    // Alice's focus is still the users pane: a bare letter is a call key there.
    await tmux.keys('alice', 'm');
    await tmux.waitFor('alice', /│☏ bob · \d:\d\d │ mic muted/);
    await tmux.waitFor('bob', /│ alice: muted │/);
    await tmux.keys('alice', 'm');
    await tmux.waitFor('alice', /│☏ bob · \d:\d\d │ mic on/);
    await tmux.waitForGone('bob', /alice: muted/);
    // Bob is in the input line: "m" would be typed; Alt+M is the call key.
    await tmux.keys('bob', 'M-m');
    await tmux.waitFor('bob', /│☏ alice · \d:\d\d │ mic muted/);
    const bob = await tmux.capture('bob');
    assert.match(bob, /❯ *│/, 'nothing was typed into the input line');
    await tmux.keys('bob', 'M-m');
    await tmux.waitFor('bob', /│☏ alice · \d:\d\d │ mic on/);
  });

  test('o switches the video output (ascii → browser viewer → colour looks → ascii) without reconnecting', async () => {
    // The pane's badge names the output; each press moves to the next one (colour only where
    // the terminal has it), so at most two presses reach the viewer.
    const badge = (screen: string): string => /─ video: ([^─]+) ─╮/.exec(screen)?.[1] ?? '';
    let shown = badge(await tmux.capture('alice'));
    assert.equal(shown, 'ascii');
    for (let i = 0; i < 2 && shown !== 'browser'; i++) {
      await tmux.keys('alice', 'o');
      const escaped = shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      shown = badge(await tmux.waitFor('alice', new RegExp(`─ video: (?!${escaped} ─)[^─]+ ─╮`)));
    }
    assert.equal(shown, 'browser');
    await tmux.waitFor('alice', /bob's video is in the browser: http:\/\/127\.0\.0\.1:\d+\//);
    // The log pane says it too, with the command for mpv; each URL whole on a row of its own
    // (the log is short during a video call: its first words have scrolled away).
    await tmux.waitFor(
      'alice',
      /│http:\/\/127\.0\.0\.1:\d+\/\S+\/ +│\n│ +in a browser, or run: mpv +│\n│http:\S+stream\.mjpg +│/,
    );
    // After the viewer come the colour looks (where the terminal has colour), then ascii again.
    const looks: string[] = [];
    for (let i = 0; i < 7 && shown !== 'ascii'; i++) {
      await tmux.keys('alice', 'o');
      const escaped = shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const screen = await tmux.waitFor('alice', new RegExp(`─ video: (?!${escaped} ─)[^─]+ ─╮`));
      shown = badge(screen);
      looks.push(shown);
      if (shown.startsWith('quadrants')) {
        // The picture itself in quadrant glyphs, painted straight to the terminal.
        const painted = await tmux.waitFor('alice', /[▘▝▖▗▚▞▛▜▙▟]/);
        assert.ok(
          videoRegions(painted).remote.some((row) => /[▘▝▖▗▚▞▛▜▙▟]/.test(row)),
          painted,
        );
      }
    }
    assert.equal(shown, 'ascii', `looks seen: ${looks.join(', ')}`);
    const colourLooks = looks.slice(0, -1).map((look) => look.replace(/ 256$/, ''));
    assert.ok(
      colourLooks.length === 0 ||
        colourLooks.join() === 'half blocks,quadrants,sextants,braille,colour ascii',
      `looks seen: ${looks.join(', ')}`,
    );
    const back = await tmux.waitFor('alice', /│☏ bob · \d:\d\d .*│ in [1-9]\d* fps/);
    assert.ok(
      videoRegions(back).remote.some((row) => ASCII_ART.test(row)),
      back,
    );
    const log = readFileSync(path.join(logDir, 'client-alice.log'), 'utf8');
    assert.equal(
      (log.match(/media connected with bob/g) ?? []).length,
      1,
      'the media connection was never re-made',
    );
  });

  test('alice hangs up: both return to the chat, and the messages say why and how long', async () => {
    await tmux.keys('alice', 'h');
    const alice = await tmux.waitFor('alice', /☏ │ Call with bob ended: you hung up · 0:\d\d/);
    const bob = await tmux.waitFor('bob', /☏ │ Call with alice ended: alice hung up · 0:\d\d/);
    for (const screen of [alice, bob]) {
      assert.doesNotMatch(screen, /╭─ Call with/);
      assert.match(screen, /╭─ Messages/);
    }
    await tmux.waitForGone('bob', /╭─ Call with/);
    // The chat is back to its full size: no video left painted over it.
    assert.doesNotMatch(await tmux.capture('alice'), ASCII_ART);
  });

  test('bob rejects with r in the call pane: both are told', async () => {
    await tmux.type('alice', '/call bob');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('bob', /☏ Incoming video call from alice/);
    // Tab from the input reaches the call pane first while a call rings; letters work there.
    await tmux.keys('bob', 'Tab');
    await tmux.waitFor('bob', /☏ Incoming video call from alice +a +accept +r +reject/);
    await tmux.keys('bob', 'r');
    await tmux.waitFor('alice', /☏ │ Call to bob ended: bob declined/);
    await tmux.waitFor('bob', /☏ │ Call from alice ended: you declined/);
    await tmux.waitForGone('alice', /Calling bob… ringing \d:\d\d/);
  });

  test('the callee is killed mid-call: the caller returns to the chat with a reason', async () => {
    await tmux.type('alice', '/call bob');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('bob', /☏ Incoming video call from alice/);
    await tmux.keys('bob', 'M-a');
    await tmux.waitFor('alice', /│☏ bob · \d:\d\d .*│ in [1-9]\d* fps/);
    await killPaneProcess(tmux, 'bob');
    // The log pane has the width for the whole line (a long reason wraps in the messages).
    const alice = await tmux.waitFor(
      'alice',
      /info {2}Call with bob ended: (?!you hung up)[^\n│]+ · 0:\d\d/,
      10_000,
    );
    assert.doesNotMatch(alice, /╭─ Call with/);
    await tmux.waitFor('alice', /<-- │ bob left/);
  });
});
