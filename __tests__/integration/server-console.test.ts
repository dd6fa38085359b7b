/**
 * What `tchat server` prints on its console (docs/protocol.md "Logs"), through
 * the real CLI (run `npm run build` first): no admin token for a server that
 * could not bind its port, one line for a hello timeout, never `=undefined`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { connectJson, registerClient } from '../helpers/json-client.js';
import { spawnServer } from '../helpers/server-harness.js';

async function waitForOutput(
  output: () => string,
  pattern: RegExp,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(output())) {
    if (Date.now() > deadline) throw new Error(`no ${String(pattern)} in:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a port in use: the server says so and exits 1 without printing an admin token', async (t) => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  t.after(() => holder.close());
  const { port } = holder.address() as net.AddressInfo;
  await assert.rejects(spawnServer(['--port', String(port)]), (error: Error) => {
    assert.match(error.message, /exited with 1 before listening/);
    assert.match(
      error.message,
      new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`),
    );
    assert.doesNotMatch(error.message, /admin token/);
    return true;
  });
});

test('a free port: the generated admin token is printed once, before the listening line', async (t) => {
  const server = await spawnServer();
  t.after(() => server.stop());
  const out = server.output();
  assert.match(server.adminToken, /^[0-9a-f]{32}$/);
  assert.ok(out.indexOf('admin token') < out.indexOf('tchat server listening on'));
  assert.equal(out.split('admin token').length - 1, 1);
});

test('a hello timeout is one console line, and no field is ever printed as undefined', async (t) => {
  const server = await spawnServer(['--hello-timeout', '300ms', '--admin-token', 'x']);
  t.after(() => server.stop());
  const silent = await connectJson(server.port);
  t.after(() => silent.close());
  assert.equal((await silent.next('error')).code, 'hello_timeout');
  await silent.closed;
  // Everything the timeout logs is written at once; a later registration marks the end of it.
  const sentinel = await registerClient(server.port, 'sentinel');
  t.after(() => sentinel.close());
  await waitForOutput(() => server.output(), /registered conn=\d+ name=sentinel/);
  // A connection that never sent a byte is not yet TLS or plain (src/server/first-byte.ts): it
  // gets no `connected` line and no number, only the one line of its timeout.
  const lines = server.output().split('\n');
  const timeouts = lines.filter((line) => line.includes('hello_timeout'));
  assert.equal(timeouts.length, 1, timeouts.join('\n'));
  assert.match(
    timeouts[0]!,
    /warn {2}limit limit=hello_timeout (conn=\d+ )?address=127\.0\.0\.1:\d+$/,
  );
  const connected = lines.filter((line) => / connected conn=/.test(line));
  assert.equal(connected.length, 1, 'only the sentinel is connected');
  assert.doesNotMatch(server.output(), /undefined/);
});
