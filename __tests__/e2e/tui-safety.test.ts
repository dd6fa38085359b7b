/**
 * Terminal safety in a real terminal: names and text from the network never reach the
 * terminal raw. A hostile server (the real one refuses control characters,
 * so this one is written here) sends escape sequences in a user name, in the
 * history, in the motd, in a live message, in an error with a code the
 * client does not know, in call reasons, in `left`, and in the `shutdown` /
 * `bye` that end the session; the screen must show them as harmless
 * placeholders, keep its layout and its title — and so must the normal
 * screen after tchat has exited and printed its last words.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { makeTempDir } from '../helpers/server-harness.js';
import { startTmux, tchatCommand, type Tmux } from '../helpers/tmux.js';

const ESC = '\u001b';
const EVIL_TEXT = `${ESC}[2J${ESC}[H${ESC}]0;pwned\u0007 red:${ESC}[31mX${ESC}[0m bidi:abc\u202edef c1:\u009b31m end`;
const EVIL_NAME = `ev${ESC}[5mil`;
/** The session-ending reasons: a raw ESC[8m would hide what follows, the OSC would retitle. */
const EVIL_REASON = `maint${ESC}[8mHIDDEN${ESC}]0;pwned-at-exit\u0007 done`;
const SHOWN_REASON = 'maint␛[8mHIDDEN␛]0;pwned-at-exit␇ done';

interface Request {
  type: string;
  name?: string;
  text?: string;
  ref?: number;
}

/**
 * `hello` with the name `promptme` is refused with an unknown, hostile error;
 * any other name gets a hostile session. Saying `end:shutdown` / `end:bye`
 * makes the server end the session that way.
 */
function startHostileServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    const send = (event: object) => socket.write(`${JSON.stringify(event)}\n`);
    const onRequest = (request: Request): void => {
      const now = Date.now();
      if (request.type === 'say' && request.text === 'end:shutdown') {
        send({ type: 'shutdown', by: `root${ESC}[7m`, reason: EVIL_REASON });
        socket.end();
        return;
      }
      if (request.type === 'say' && request.text === 'end:bye') {
        send({ type: 'bye', reason: EVIL_REASON });
        socket.end();
        return;
      }
      if (request.type !== 'hello') return;
      if (request.name === 'promptme') {
        send({
          type: 'error',
          ref: request.ref,
          code: `odd${ESC}[1m`,
          message: `refused ${ESC}]0;pwned-prompt\u0007 ${ESC}[31mRED`,
        });
        return;
      }
      const me = { name: request.name, since: now, status: 'online', caps: [] };
      const evil = {
        name: EVIL_NAME,
        address: `1.2.3.4:5${ESC}]0;x\u0007`,
        since: now,
        status: 'online',
        caps: [],
      };
      send({
        type: 'welcome',
        ref: request.ref,
        name: request.name,
        protocol: 1,
        server: `hostile${ESC}[7m`,
        users: [me, evil],
        history: [
          { type: 'message', id: 1, ts: now, from: EVIL_NAME, text: EVIL_TEXT, private: false },
        ],
        motd: `motd${ESC}]2;pwned-too\u0007!`,
      });
      send({
        type: 'message',
        id: 2,
        ts: now,
        from: EVIL_NAME,
        text: `live ${ESC}[1;1H${ESC}[2Kwipe`,
        private: false,
      });
      send({
        type: 'error',
        code: `weird${ESC}[1m`,
        message: `oops ${ESC}[2J${ESC}]0;pwned\u0007`,
      });
      send({ type: 'call_incoming', callId: 'c1', from: EVIL_NAME, media: ['audio'] });
      send({ type: 'call_rejected', callId: 'c1', by: EVIL_NAME, reason: `nope${ESC}[31mRED` });
      send({ type: 'call_incoming', callId: 'c2', from: EVIL_NAME, media: ['audio'] });
      send({ type: 'call_ended', callId: 'c2', by: EVIL_NAME, reason: `gone${ESC}]0;pwned\u0007` });
      send({ type: 'left', name: `gh${ESC}[2Jost`, reason: `kicked${ESC}[5m` });
    };
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        onRequest(JSON.parse(line) as Request);
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

async function paneTitle(tmux: Tmux, session: string): Promise<string> {
  return tmux.tmux('display-message', '-p', '-t', `=${session}:`, '#{pane_title}');
}

describe('tchat in tmux: hostile text', () => {
  test('escape sequences from the network are shown harmlessly, also after exit', async (t) => {
    const server = await startHostileServer();
    t.after(() => server.close());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn(
      'victim',
      tchatCommand(
        server.port,
        ['--name', 'victim', '--exit-on-shutdown', '--plaintext'],
        makeTempDir('tchat-e2e-logs-'),
      ),
    );
    const screen = await tmux.waitFor('victim', /live ␛\[1;1H␛\[2Kwipe/);
    assert.match(
      screen,
      /ev␛\[5mil │ ␛\[2J␛\[H␛\]0;pwned␇ red:␛\[31mX␛\[0m bidi:abcdef c1:�31m end/,
    );
    assert.match(screen, /motd␛\]2;pwned-too␇!/);
    assert.match(screen, /Messages · hostile␛\[7m/);
    assert.match(screen, /● ev␛\[5mil/);
    // An error with a code we do not know shows the server's message, harmlessly (log pane).
    await tmux.waitFor('victim', /weird␛\[1m — oops ␛\[2J␛\]0;pwned␇/);
    // Call reasons and `by` from the server, and a `left` with a made-up reason.
    await tmux.waitFor('victim', /Call from ev␛\[5mil ended: ev␛\[5mil ended it \(nope␛\[31mRED\)/);
    await tmux.waitFor(
      'victim',
      /Call from ev␛\[5mil ended: ev␛\[5mil ended it \(gone␛\]0;pwned␇\)/,
    );
    const calm = await tmux.waitFor('victim', /gh␛\[2Jost left \(kicked␛\[5m\)/);
    // The layout survived: the frame and the status bar are where they belong.
    const lines = calm.split('\n');
    assert.match(lines[0]!, /^╭─ Messages/);
    assert.match(calm, /victim │ ● connected/);

    // The server ends the session with a hostile reason: status bar, then the shell's screen.
    await tmux.type('victim', 'end:shutdown');
    await tmux.keys('victim', 'Enter');
    await tmux.waitFor('victim', 'Server shut down by root␛[7m');
    const after = await tmux.waitFor('victim', 'TCHAT-EXITED-0');
    assert.ok(
      after.includes(`BEFORE-TCHAT\nServer shut down by root␛[7m: ${SHOWN_REASON}\nTCHAT-EXITED-0`),
      `the last words are printed harmlessly:\n${after}`,
    );
    // No OSC reached tmux, during the session or after it: the pane title is not ours to change.
    assert.doesNotMatch(await paneTitle(tmux, 'victim'), /pwned/);
  });

  test('a hostile refusal in the name prompt, then a hostile bye', async (t) => {
    const server = await startHostileServer();
    t.after(() => server.close());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn(
      'victim',
      tchatCommand(
        server.port,
        ['--name', 'promptme', '--plaintext'],
        makeTempDir('tchat-e2e-logs-'),
      ),
    );
    // The name prompt shows the server's own message for a code the client does not know.
    const prompt = await tmux.waitFor('victim', /"promptme": refused ␛\]0;pwned-prompt␇ ␛\[31mRED/);
    assert.match(prompt, /Choose a name/);
    await tmux.type('victim', 'victim');
    await tmux.keys('victim', 'Enter');
    await tmux.waitFor('victim', /victim │ ● connected/);
    await tmux.type('victim', 'end:bye');
    await tmux.keys('victim', 'Enter');
    const after = await tmux.waitFor('victim', 'TCHAT-EXITED-0');
    assert.ok(
      after.includes(
        `BEFORE-TCHAT\nThe server closed the session: ${SHOWN_REASON}\nTCHAT-EXITED-0`,
      ),
      `the last words are printed harmlessly:\n${after}`,
    );
    assert.doesNotMatch(await paneTitle(tmux, 'victim'), /pwned/);
  });
});
