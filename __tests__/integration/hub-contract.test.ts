/**
 * The hub contract (src/server/hub.ts, docs/architecture.md "The hub
 * contract"), run against both implementations: the in-memory hub and a
 * cluster node's hub on a real Redis. A cluster node answers `join` with a
 * promise and delivers public events once they come back from the stream,
 * so every check awaits what it expects.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hub, HubMember } from '../../src/server/hub.js';
import { createInMemoryHub } from '../../src/server/in-memory-hub.js';
import { ClusterNode } from '../../src/server/cluster/cluster-node.js';
import type { PresenceLine } from '../../src/server/presence-chain.js';
import type { User } from '../../src/protocol/messages.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';

class RecordingMember implements HubMember {
  readonly dialect = 'json' as const;
  readonly lines: Array<Record<string, unknown>> = [];
  deliver(bytes: Uint8Array): void {
    for (const line of Buffer.from(bytes).toString().split('\n')) {
      if (line !== '') this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
  }
  deliverPresence(line: PresenceLine): void {
    this.deliver(line.json);
  }
  settlePresence(): void {}

  async next(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = this.lines.find(match);
      if (found !== undefined) return found;
      assert.ok(Date.now() < deadline, 'expected event not delivered');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

function user(name: string): User {
  return { name, since: 1, status: 'online', caps: ['call'] };
}

interface Implementation {
  name: string;
  open(): Promise<{ hub: Hub; close: () => Promise<void> }>;
}

let redis: TestRedis | undefined;
let nodeCount = 0;

const implementations: Implementation[] = [
  {
    name: 'in-memory hub',
    open: () => Promise.resolve({ hub: createInMemoryHub(), close: () => Promise.resolve() }),
  },
  {
    name: 'cluster hub on Redis',
    async open() {
      redis ??= await startRedis();
      await redis.command('FLUSHALL');
      const node = new ClusterNode(
        {
          redisUrl: redis.url,
          nodeId: `contract-${nodeCount++}`,
          leaseMs: 3_000,
          historyLength: 10,
          now: Date.now,
        },
        {
          state() {},
          message() {},
          nameLost() {},
          reaped() {},
          shutdown() {},
          forwarded() {},
          remoteLeft() {},
        },
      );
      await node.start();
      return { hub: node.hub, close: () => node.stop() };
    },
  },
];

for (const implementation of implementations) {
  describe(implementation.name, () => {
    test('names are unique in every spelling; leave frees them', async (t) => {
      const { hub, close } = await implementation.open();
      t.after(() => close());
      assert.equal(hub.available, true);
      assert.equal(await hub.join(user('Alice'), '127.0.0.1', new RecordingMember()), 'joined');
      assert.equal(await hub.join(user('ALICE'), '127.0.0.1', new RecordingMember()), 'taken');
      assert.equal(await hub.join(user('\u0430lice'), '127.0.0.1', new RecordingMember()), 'taken');
      assert.equal(hub.find('alice')?.user.name, 'Alice');
      assert.equal(hub.nameConflict('\u0430lice')?.kind, 'lookalike');
      hub.leave('alice');
      assert.equal(hub.find('alice'), undefined);
      // The release reaches the store before the next claim (one connection, in order).
      assert.equal(await hub.join(user('alice'), '127.0.0.1', new RecordingMember()), 'joined');
      assert.deepEqual(
        hub.users().map((u) => u.name),
        ['alice'],
      );
    });

    test('publish reaches every member but `except`; sendTo reaches one', async (t) => {
      const { hub, close } = await implementation.open();
      t.after(() => close());
      const alice = new RecordingMember();
      const bob = new RecordingMember();
      await hub.join(user('alice'), '127.0.0.1', alice);
      await hub.join(user('bob'), '127.0.0.1', bob);
      hub.publish({ type: 'echo', text: 'one', ts: 1 }, { except: 'alice' });
      hub.publish({ type: 'echo', text: 'two', ts: 2 });
      await alice.next((line) => line.text === 'two');
      await bob.next((line) => line.text === 'two');
      assert.deepEqual(
        bob.lines.filter((line) => line.type === 'echo').map((line) => line.text),
        ['one', 'two'],
      );
      assert.equal(
        alice.lines.some((line) => line.text === 'one'),
        false,
      );
      assert.equal(hub.sendTo('BOB', { type: 'echo', text: 'direct', ts: 3 }), true);
      assert.equal(hub.sendTo('nobody', { type: 'echo', text: 'lost', ts: 4 }), false);
      await bob.next((line) => line.text === 'direct');
    });

    test('joined/left, status and away reach the others', async (t) => {
      const { hub, close } = await implementation.open();
      t.after(() => close());
      const alice = new RecordingMember();
      await hub.join(user('alice'), '127.0.0.1', alice);
      await hub.join(user('bob'), '127.0.0.1', new RecordingMember());
      hub.publish({ type: 'joined', user: user('bob') }, { except: 'bob' });
      await alice.next((line) => line.type === 'joined');
      hub.setStatus('bob', 'ringing');
      assert.equal(hub.find('bob')?.user.status, 'ringing');
      await alice.next((line) => line.type === 'user_status' && line.status === 'ringing');
      hub.setAway('bob', 'lunch');
      await alice.next((line) => line.type === 'user_away' && line.away === 'lunch');
      hub.leave('bob');
      hub.publish({ type: 'left', name: 'bob', reason: 'quit' });
      await alice.next((line) => line.type === 'left' && line.name === 'bob');
      assert.equal(hub.size, 1);
    });
  });
}

after(() => redis?.stop());
