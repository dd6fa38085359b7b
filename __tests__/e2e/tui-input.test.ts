/**
 * Keys as people and programs send them, and text no message can break the
 * screen with, in a real terminal (the built `tchat` in tmux): several keys
 * in one write act one by one, the name prompt edits like the input line, a
 * failed command stays selected and is replaced by what is typed next, the
 * mouse wheel scrolls the pane under the pointer, hard text (skin tones, ZWJ
 * families, flags, VS15/VS16, keycaps, combining marks, CJK, RTL,
 * zero-width) keeps the frame's exact shape at 80×24 and 120×40, and help
 * fits both sizes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { registerClient, type JsonClient } from '../helpers/json-client.js';
import { makeTempDir, spawnServer, type SpawnedServer } from '../helpers/server-harness.js';
import { startTmux, tchatCommand, type Tmux } from '../helpers/tmux.js';

const HARD_TEXT = [
  'great work 👍🏽 ok 👋🏿 and 🤝🏻 done',
  'family 👨‍👩‍👧 and 👩‍💻 flags 🇵🇹🇯🇵 heart ❤️ watch ⌚︎ keycap 1️⃣ end',
  'cjk 漢字テキスト combining é ñ̃ a̐ rtl שלום עולם مرحبا zero​width\u2060join end',
  `wrapping ${'👍🏽🇵🇹漢❤️'.repeat(12)} end`,
];

/** Every row of a screen captured with -N (trailing cells kept) has its exact frame shape. */
function assertFrame(screen: string, rows: number): void {
  const lines = screen.replace(/\n$/, '').split('\n');
  assert.equal(lines.length, rows, `a ${rows}-row screen:\n${screen}`);
  assert.match(lines[0]!, /^╭─ Messages/, `the title row is the first row:\n${screen}`);
  // Every row but the status bar (and the blank row below the frame) ends on a border: a row
  // drawn wider wraps or loses its border, one drawn narrower leaves blank cells after it.
  const framed = lines.slice(0, rows - 2);
  for (const [i, line] of framed.entries()) {
    assert.match(line, /^[│╭╰].*[│╮╯]$/u, `row ${i + 1} keeps its borders:\n${screen}`);
  }
}

describe('tchat in tmux: keys and hard text', () => {
  let server: SpawnedServer;
  let tmux: Tmux;
  let carol: JsonClient;
  const logDir = makeTempDir('tchat-e2e-logs-');
  const oneWrite = (session: string, ...keys: string[]) =>
    tmux.tmux('send-keys', '-t', `=${session}:`, ...keys);
  const capture = (session: string) => tmux.tmux('capture-pane', '-p', '-N', '-t', `=${session}:`);

  before(async () => {
    server = await spawnServer();
    tmux = await startTmux();
    await tmux.spawn('alice', tchatCommand(server.port, ['--name', 'alice'], logDir));
    await tmux.spawn('small', tchatCommand(server.port, ['--name', 'small'], logDir), {
      columns: 80,
      rows: 24,
    });
    await tmux.waitFor('alice', '● connected');
    await tmux.waitFor('small', '● connected');
    carol = await registerClient(server.port, 'carol');
  });
  after(async () => {
    carol?.close();
    await tmux?.kill();
    await server?.stop();
  });

  test('Backspace ×3, Ctrl+W ×2 and a burst of Tabs in one write act key by key', async () => {
    await tmux.type('alice', 'one two three fourXYZ');
    await oneWrite('alice', 'BSpace', 'BSpace', 'BSpace');
    await tmux.waitFor('alice', /❯ one two three four\s/);
    await oneWrite('alice', 'C-w', 'C-w');
    await tmux.waitFor('alice', /❯ one two\s+│/);
    await oneWrite('alice', 'Tab', 'Tab', 'Tab', 'j', 'Enter');
    const said = await carol.next((e) => e.type === 'message' && e.from === 'alice');
    assert.equal(said.text, 'one two j');
  });

  test('a failed command stays selected; what is typed next replaces it', async () => {
    await tmux.type('alice', '/msg bob');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', /✗ usage: \/msg NAME TEXT/);
    await tmux.type('alice', '/frobnicate');
    await tmux.keys('alice', 'Enter');
    await tmux.waitFor('alice', /✗ unknown command \/frobnicate/);
    await tmux.type('alice', '/msg carol not glued');
    await tmux.keys('alice', 'Enter');
    const whisper = await carol.next((e) => e.type === 'message' && e.private === true);
    assert.equal(whisper.text, 'not glued');
    await tmux.waitForGone('alice', /✗/);
  });

  test('the mouse wheel scrolls the messages, not the input history; End jumps back', async () => {
    // Multi-line messages: more lines than the pane shows, without tripping the flood limit.
    for (let m = 0; m < 4; m++) {
      const lines = Array.from({ length: 10 }, (_, i) => `line ${m * 10 + i + 1}`);
      carol.send({ type: 'say', text: lines.join('\n') });
    }
    await tmux.waitFor('alice', /│ line 40/);
    // SGR wheel-up reports over the messages pane (column 5, row 5), in one write.
    const wheelUp = ['1b', '5b', '3c', '36', '34', '3b', '35', '3b', '35', '4d'];
    await oneWrite('alice', '-H', ...wheelUp, ...wheelUp, ...wheelUp);
    const scrolled = await tmux.waitForGone('alice', /│ line 40/);
    assert.match(scrolled, /❯\s+│/, 'the input line is still empty (no history entry)');
    await tmux.keys('alice', 'End');
    await tmux.waitFor('alice', /│ line 40/);
  });

  test('hard text keeps the frame exact at 120×40 and 80×24', async () => {
    for (const text of HARD_TEXT) carol.send({ type: 'say', text });
    await tmux.waitFor('alice', /carol │ wrapping/);
    await tmux.waitFor('small', /wrapping/);
    await tmux.waitFor('alice', /end\s+│/);
    assertFrame(await capture('alice'), 40);
    assertFrame(await capture('small'), 24);
    const small = await capture('small');
    assert.match(small, /great work 👍🏽 ok/);
  });

  test('typed hard text is sent as typed; the input line keeps its frame', async () => {
    await tmux.type('small', 'me too 👍🏽 🇵🇹 ❤️ 漢字 é');
    await tmux.waitFor('small', /❯ me too/);
    assertFrame(await capture('small'), 24);
    await tmux.keys('small', 'Enter');
    const said = await carol.next((e) => e.type === 'message' && e.from === 'small');
    assert.equal(said.text, 'me too 👍🏽 🇵🇹 ❤️ 漢字 é');
  });

  /** The screen once `changed` holds for it (polled like waitFor, with a deadline). */
  async function screenWhere(session: string, changed: (screen: string) => boolean) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const screen = await capture(session);
      if (changed(screen) || Date.now() > deadline) return screen;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  test('help fits 80×24 (one column that scrolls) and 120×40 (columns)', async () => {
    await tmux.keys('small', 'F1');
    const top = await tmux.waitFor('small', /tchat help/);
    assert.match(top, /Up\/Down\/PgUp\/PgDn scroll/);
    for (const line of (await capture('small')).split('\n').slice(0, 23))
      assert.match(line, /^[│╭╰].*[│╮╯]$/u, line);
    await tmux.keys('small', 'NPage', 'NPage');
    await tmux.waitForGone('small', /\/msg NAME TEXT/);
    // Page by page from the top: the input keys, Tab completion among them.
    await tmux.keys('small', 'Home');
    let page = await tmux.waitFor('small', /\/msg NAME TEXT/);
    for (let i = 0; i < 8 && !/Tab +completes a name or a \/command/.test(page); i++) {
      const firstRow = page.split('\n')[2];
      await tmux.keys('small', 'NPage');
      page = await screenWhere('small', (screen) => screen.split('\n')[2] !== firstRow);
    }
    assert.match(page, /Tab +completes a name or a \/command/);
    await tmux.keys('small', 'q');
    await tmux.waitFor('small', /Messages/);

    await tmux.keys('alice', 'F1');
    const wide = await tmux.waitFor('alice', /tchat help —/);
    assert.match(wide, /Commands +Calls/, 'two columns');
    assert.match(wide, /\/msg NAME TEXT +private message \(alias \/w\)/, 'wide enough not to wrap');
    for (const line of wide.split('\n').slice(0, 39)) assert.match(line, /^[│╭╰].*[│╮╯]$/u, line);
    await tmux.keys('alice', 'Escape');
    await tmux.waitFor('alice', /Messages/);
  });
});

describe('tchat in tmux: the name prompt', () => {
  test('edits like the input line and its error clears when you type', async (t) => {
    const server = await spawnServer();
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    const logDir = makeTempDir('tchat-e2e-logs-');
    await tmux.spawn('p', tchatCommand(server.port, [], logDir), { columns: 80, rows: 24 });
    await tmux.waitFor('p', /Choose a name/);
    await tmux.type('p', 'bad name!');
    await tmux.keys('p', 'Enter');
    // Refused locally: the reason replaces the hint, the name stays.
    const refused = await tmux.waitForGone('p', /Enter to join/);
    assert.match(refused, /❯ bad name!/);
    await tmux.tmux('send-keys', '-t', '=p:', 'C-u', 'C-w', 'Home');
    await tmux.waitFor('p', /Enter to join/);
    await tmux.type('p', 'wrongname');
    await tmux.tmux('send-keys', '-t', '=p:', 'C-u', 'C-w', 'Home', 'X', 'End', 'Left');
    await tmux.type('p', 'dav');
    await tmux.keys('p', 'Enter');
    await tmux.waitFor('p', /│ davX │ ● connected/);
  });
});

describe('tchat in tmux: mouse reporting', () => {
  test('on while tchat runs, off after it quits, never on with --no-mouse', async (t) => {
    const server = await spawnServer();
    t.after(() => server.stop());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    const logDir = makeTempDir('tchat-e2e-logs-');
    const sgrMouse = async (session: string) =>
      (await tmux.tmux('display-message', '-p', '-t', `=${session}:`, '#{mouse_sgr_flag}')).trim();
    await tmux.spawn('m', tchatCommand(server.port, ['--name', 'mo'], logDir), {
      columns: 80,
      rows: 24,
    });
    await tmux.spawn('n', tchatCommand(server.port, ['--name', 'no', '--no-mouse'], logDir), {
      columns: 80,
      rows: 24,
    });
    await tmux.waitFor('m', '● connected');
    await tmux.waitFor('n', '● connected');
    assert.equal(await sgrMouse('m'), '1');
    assert.equal(await sgrMouse('n'), '0');
    await tmux.keys('m', 'C-c');
    await tmux.waitFor('m', /TCHAT-EXITED-0/);
    assert.equal(await sgrMouse('m'), '0');
  });
});
