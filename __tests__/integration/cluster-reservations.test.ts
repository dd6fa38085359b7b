/**
 * Name reservations (docs/security.md "Names bound to keys") in a cluster:
 * kept in Redis, so a name reserved on one node is reserved on every node,
 * and a node started later knows it too.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectJson } from '../helpers/json-client.js';
import { startRedis } from '../helpers/redis.js';
import { startServer } from '../helpers/server-harness.js';
import { helloTls, testIdentity } from '../helpers/tls-client.js';

async function keyNode(redisUrl: string, nodeId: string) {
  const identity = await testIdentity('server');
  return startServer(
    {},
    {
      tls: { cert: identity.cert, key: identity.key },
      cluster: { redisUrl, nodeId, leaseMs: 1_500 },
    },
  );
}

test('a name reserved on one node is reserved on the others, and on a node started later', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const a = await keyNode(redis.url, 'a');
  t.after(() => a.close());
  const b = await keyNode(redis.url, 'b');
  t.after(() => b.close());
  const owner = await testIdentity('owner');
  const other = await testIdentity('other');
  const first = await helloTls(a.port, 'Zoe', owner);
  assert.equal(first.reply.type, 'welcome');
  first.client.send({ type: 'quit' });
  await first.client.closed;

  const deadline = Date.now() + 5_000;
  for (;;) {
    const thief = await helloTls(b.port, 'zoe', other);
    thief.client.close();
    if (thief.reply.code === 'name_reserved') break;
    assert.ok(Date.now() < deadline, `still ${JSON.stringify(thief.reply)}`);
    if (thief.reply.type === 'welcome') assert.fail('another key got the reserved name');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const c = await keyNode(redis.url, 'c');
  t.after(() => c.close());
  const plain = await connectJson(c.port);
  t.after(() => plain.close());
  plain.send({ type: 'hello', name: 'ZOE' });
  assert.equal((await plain.next('error')).code, 'name_reserved');
  const back = await helloTls(c.port, 'zoe', owner);
  assert.equal(back.reply.type, 'welcome');
  back.client.close();
});
