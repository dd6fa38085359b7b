/**
 * The `ClusterStore` on ioredis: one connection for commands (scripts,
 * appends, publishes: ioredis pipelines them in order), a second one for
 * the blocking stream read, a third for pub/sub (docs/architecture.md
 * "Cluster on Redis"). No command waits in an offline queue: while Redis
 * is out of reach every call fails at once, so the node can answer
 * `unavailable` instead of keeping users waiting.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Envelope } from './cluster-envelope.js';
import type { ClusterStore } from './cluster-hub.js';
import {
  BUSY_LUA,
  FREE_LUA,
  CHAT_STREAM_MAX,
  CLAIM_LUA,
  KEYS,
  REAP_LUA,
  RELEASE_LUA,
  SAY_LUA,
} from './cluster-scripts.js';

type ScriptCall = (...args: Array<string | number>) => Promise<unknown>;

/** Reconnection backoff: 100 ms doubling up to 2 s, forever. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt, 5), 2_000);
}

export function redisOptions(): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: reconnectDelayMs,
    // Reconnects on its own; a refused connection is reported through 'error' events.
    reconnectOnError: () => true,
  };
}

export class RedisClusterStore implements ClusterStore {
  readonly commands: Redis;
  private readonly scripts: Record<
    'claim' | 'release' | 'reap' | 'say' | 'busy' | 'free',
    ScriptCall
  >;

  constructor(
    url: string,
    readonly nodeId: string,
    private readonly historyLength: number,
  ) {
    this.commands = new Redis(url, redisOptions());
    this.commands.defineCommand('tchatClaim', { numberOfKeys: 5, lua: CLAIM_LUA });
    this.commands.defineCommand('tchatRelease', { numberOfKeys: 5, lua: RELEASE_LUA });
    this.commands.defineCommand('tchatReap', { numberOfKeys: 8, lua: REAP_LUA });
    this.commands.defineCommand('tchatBusy', { lua: BUSY_LUA }); // key count passed per call
    this.commands.defineCommand('tchatFree', { lua: FREE_LUA });
    this.commands.defineCommand('tchatSay', { numberOfKeys: 2, lua: SAY_LUA });
    const defined = this.commands as unknown as Record<string, ScriptCall>;
    const bind = (name: string): ScriptCall => defined[name]!.bind(this.commands);
    this.scripts = {
      claim: bind('tchatClaim'),
      release: bind('tchatRelease'),
      reap: bind('tchatReap'),
      say: bind('tchatSay'),
      busy: bind('tchatBusy'),
      free: bind('tchatFree'),
    };
  }

  get ready(): boolean {
    return this.commands.status === 'ready';
  }

  async claim(
    nameKey: string,
    lookKey: string,
    record: string,
    envelope: Envelope,
    reassert: boolean,
  ): Promise<boolean> {
    const held = KEYS.held(this.nodeId);
    const result = await this.scripts.claim(
      ...[KEYS.owner, KEYS.names, KEYS.looks, held, KEYS.chat],
      ...[nameKey, lookKey, record, JSON.stringify(envelope), CHAT_STREAM_MAX, this.nodeId],
      reassert ? '1' : '0',
    );
    return result === 1;
  }

  release(nameKey: string, lookKey: string, envelope: Envelope): Promise<unknown> {
    return this.scripts.release(
      ...[KEYS.owner, KEYS.names, KEYS.looks, KEYS.held(this.nodeId), KEYS.chat],
      ...[nameKey, lookKey, this.nodeId, JSON.stringify(envelope), CHAT_STREAM_MAX],
    );
  }

  append(envelope: Envelope): Promise<unknown> {
    const json = JSON.stringify(envelope);
    return this.commands.xadd(KEYS.chat, 'MAXLEN', '~', CHAT_STREAM_MAX, '*', 'e', json);
  }

  say(envelope: Envelope): Promise<unknown> {
    const json = JSON.stringify(envelope);
    return this.scripts.say(KEYS.chat, KEYS.history, json, CHAT_STREAM_MAX, this.historyLength);
  }

  /** Marks everyone in `nameKeys` busy in the whole cluster; false if any of them is already. */
  async markBusy(nameKeys: readonly string[]): Promise<boolean> {
    const keys = [KEYS.calls(this.nodeId), ...nameKeys.map(KEYS.busy)];
    return (await this.scripts.busy(keys.length, ...keys, this.nodeId)) === 1;
  }

  async freeBusy(nameKeys: readonly string[]): Promise<void> {
    if (nameKeys.length === 0) return;
    const keys = [KEYS.calls(this.nodeId), ...nameKeys.map(KEYS.busy)];
    await this.scripts.free(keys.length, ...keys, this.nodeId);
  }

  direct(node: string, payload: string): Promise<unknown> {
    return this.commands.publish(KEYS.direct(node), payload);
  }

  /** Frees the names of `dead` if its lease is gone; exactly one caller does (REAP_LUA). */
  async reap(dead: string): Promise<number> {
    const result = await this.scripts.reap(
      ...[KEYS.owner, KEYS.names, KEYS.looks, KEYS.held(dead), KEYS.nodes, KEYS.lease(dead)],
      ...[KEYS.chat, KEYS.calls(dead), dead, CHAT_STREAM_MAX, this.nodeId],
    );
    return Number(result);
  }

  /**
   * This node is alive for `leaseMs` more. False when its lease was gone:
   * Redis lost its data (FLUSHALL, a restart without persistence) or another
   * node took this one for dead, so its names must be claimed again.
   */
  async renewLease(leaseMs: number): Promise<boolean> {
    const results = await this.commands
      .multi()
      .set(KEYS.lease(this.nodeId), '1', 'PX', leaseMs, 'GET')
      .sadd(KEYS.nodes, this.nodeId)
      .exec();
    return results?.[0]?.[1] !== null;
  }

  async otherNodes(): Promise<string[]> {
    const nodes = await this.commands.smembers(KEYS.nodes);
    return nodes.filter((node) => node !== this.nodeId);
  }

  async leaseAlive(node: string): Promise<boolean> {
    return (await this.commands.exists(KEYS.lease(node))) === 1;
  }

  /** Leaving the cluster on purpose: no lease to wait out. */
  async retire(): Promise<void> {
    await this.commands.multi().del(KEYS.lease(this.nodeId)).srem(KEYS.nodes, this.nodeId).exec();
  }
}
