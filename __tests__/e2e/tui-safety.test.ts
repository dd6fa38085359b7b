/**
 * Issue 3 items 7–8: names and text from the network never reach the
 * terminal raw. A hostile server (the real one refuses control characters,
 * so this one is written here) sends escape sequences in a user name, in the
 * history, in the motd and in a live message; the screen must show them as
 * harmless placeholders, keep its layout, and keep its title.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import { makeTempDir } from '../helpers/server-harness.js';
import { startTmux, tchatCommand } from '../helpers/tmux.js';

const ESC = '\u001b';
const EVIL_TEXT = `${ESC}[2J${ESC}[H${ESC}]0;pwned\u0007 red:${ESC}[31mX${ESC}[0m bidi:abc\u202edef c1:\u009b31m end`;
const EVIL_NAME = `ev${ESC}[5mil`;

function startHostileServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    const send = (event: object) => socket.write(`${JSON.stringify(event)}\n`);
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const request = JSON.parse(buffered.slice(0, newline)) as {
          type: string;
          name?: string;
          ref?: number;
        };
        buffered = buffered.slice(newline + 1);
        if (request.type !== 'hello') continue;
        const now = Date.now();
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

describe('tchat in tmux: hostile text', () => {
  test('escape sequences from the network are shown harmlessly', async (t) => {
    const server = await startHostileServer();
    t.after(() => server.close());
    const tmux = await startTmux();
    t.after(() => tmux.kill());
    await tmux.spawn(
      'victim',
      tchatCommand(server.port, ['--name', 'victim'], makeTempDir('tchat-e2e-logs-')),
    );
    const screen = await tmux.waitFor('victim', /live ␛\[1;1H␛\[2Kwipe/);
    assert.match(
      screen,
      /ev␛\[5mil │ ␛\[2J␛\[H␛\]0;pwned␇ red:␛\[31mX␛\[0m bidi:abcdef c1:�31m end/,
    );
    assert.match(screen, /motd␛\]2;pwned-too␇!/);
    assert.match(screen, /Messages · hostile␛\[7m/);
    assert.match(screen, /● ev␛\[5mil/);
    // The layout survived: the frame and the status bar are where they belong.
    const lines = screen.split('\n');
    assert.match(lines[0]!, /^╭─ Messages/);
    assert.match(screen, /victim │ ● connected/);
    // And no OSC reached tmux: the pane title is not ours to change.
    const title = await tmux.tmux('display-message', '-p', '-t', '=victim:', '#{pane_title}');
    assert.doesNotMatch(title, /pwned/);
  });
});
