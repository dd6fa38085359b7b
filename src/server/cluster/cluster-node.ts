/**
 * One node of a cluster on Redis (docs/architecture.md "Cluster on Redis"):
 * the hub, its stream reader, its pub/sub channels, its lease, the sweep for
 * dead nodes, and what happens when Redis goes away and comes back. A node
 * never crashes for Redis: it logs each change of state once and retries.
 */
import { Redis } from 'ioredis';
import type { MessageEvent, Request, User } from '../../protocol/messages.js';
import { createHistory, type History } from '../history.js';
import type { NameReservations, Reservation } from '../name-reservations.js';
import { keyOf } from '../user-registry.js';
import { compareEntryIds, messageIdOf, parseEnvelope } from './cluster-envelope.js';
import { ClusterHub } from './cluster-hub.js';
import { KEYS } from './cluster-scripts.js';
import { RedisClusterStore, redisOptions } from './cluster-store.js';

export interface ClusterNodeOptions {
  redisUrl: string;
  nodeId: string;
  /** A node silent this long is dead; its names are freed (`--node-lease`). */
  leaseMs: number;
  historyLength: number;
  now: () => number;
}

export interface ClusterNodeEvents {
  /** One line per change of state (docs/protocol.md "Logs"). */
  state(state: 'connected' | 'unreachable' | 'lease_lost', detail: string): void;
  /** A public message came back from the stream; `own`: sent on this node (log it). */
  message(message: MessageEvent, own: boolean): void;
  nameLost(name: string): void;
  /** A call request of a user of another node, for a call that lives here (cluster-calls.ts). */
  forwarded(name: string, request: Request): void;
  /** A user of another node is gone. */
  remoteLeft(name: string): void;
  reaped(node: string, names: number): void;
  /** An admin asked any node to stop the cluster. */
  shutdown(by: string, reason: string): void;
}

/** How many stream entries one read takes at most. */
const READ_COUNT = 1000;
const READ_BLOCK_MS = 2_000;

export class ClusterNode {
  readonly hub: ClusterHub;
  /** `welcome.history`, fed from the stream so it is in the one order. */
  readonly history: History;
  private readonly store: RedisClusterStore;
  private readonly reader: Redis;
  private readonly subscriber: Redis;
  private lastId = '0-0';
  private stopped = false;
  private reachable: boolean | undefined = undefined;
  private synced = false;
  /** The first snapshot (users, history, stream position) has been taken. */
  private started = false;
  private reservations: NameReservations | undefined;
  private recovering: Promise<void> | undefined;
  private leaseTimer: ReturnType<typeof setInterval> | undefined;
  private readLoop: Promise<void> | undefined;

  constructor(
    private readonly options: ClusterNodeOptions,
    private readonly events: ClusterNodeEvents,
  ) {
    this.store = new RedisClusterStore(options.redisUrl, options.nodeId, options.historyLength);
    this.history = createHistory(options.historyLength);
    this.hub = new ClusterHub(
      options.nodeId,
      this.store,
      {
        onMessage: (message, own) => {
          this.history.add(message);
          events.message(message, own);
        },
        onNameLost: (name) => events.nameLost(name),
        onForwarded: (name, request) => events.forwarded(name, request),
        onRemoteLeft: (name) => events.remoteLeft(name),
        onStoreError: (error) => this.unreachable(error),
      },
      options.now,
    );
    this.reader = new Redis(options.redisUrl, redisOptions());
    this.subscriber = new Redis(options.redisUrl, { ...redisOptions(), enableOfflineQueue: true });
    for (const connection of [this.store.commands, this.reader, this.subscriber]) {
      connection.on('error', (error: unknown) => this.unreachable(error));
    }
    this.store.commands.on('ready', () => void this.recovered());
    this.store.commands.on('close', () => this.unreachable(new Error('connection closed')));
    this.subscriber.on('message', (channel: string, payload: string) =>
      this.onChannel(channel, payload),
    );
  }

  get nodeId(): string {
    return this.options.nodeId;
  }

  /** Connects (or keeps trying in the background); resolves once the first attempt is over. */
  async start(): Promise<void> {
    await Promise.allSettled([
      this.store.commands.connect(),
      this.reader.connect(),
      this.subscriber.connect(),
    ]);
    await this.subscriber
      .subscribe(KEYS.direct(this.nodeId), KEYS.control)
      .catch((error: unknown) => this.unreachable(error));
    if (this.store.ready) await this.recovered();
    const every = Math.max(50, Math.floor(this.options.leaseMs / 3));
    this.leaseTimer = setInterval(() => void this.keepAlive(), every);
    this.leaseTimer.unref();
    this.readLoop = this.readForever();
  }

  /** Name reservations (docs/security.md) shared through Redis with every node. */
  shareReservations(domain: NameReservations): void {
    this.reservations = domain;
  }

  /** A local change of a reservation: stored in Redis, and every other node told. */
  reservationChanged(name: string): void {
    const domain = this.reservations;
    if (domain === undefined || !this.store.ready) return;
    const key = keyOf(name);
    const reservation = domain.get(name);
    const write = this.store.commands.multi();
    if (reservation === undefined) write.hdel(KEYS.reservations, key);
    else write.hset(KEYS.reservations, key, JSON.stringify(reservation));
    write.publish(KEYS.control, JSON.stringify({ reservation: key, from: this.nodeId }));
    write.exec().catch((error: unknown) => this.unreachable(error));
  }

  private async reloadReservation(key: string): Promise<void> {
    const json = await this.store.commands.hget(KEYS.reservations, key);
    this.reservations?.replace(key, json === null ? undefined : (JSON.parse(json) as Reservation));
  }

  /** Everyone a call request brings in busy cluster-wide, or false (one of them is busy already). */
  markBusy(nameKeys: readonly string[]): Promise<boolean> {
    return this.store.markBusy(nameKeys);
  }

  freeBusy(nameKeys: readonly string[]): void {
    this.store.freeBusy(nameKeys).catch((error: unknown) => this.unreachable(error));
  }

  /** Tells every node (this one included) to stop. */
  async broadcastShutdown(by: string, reason: string): Promise<void> {
    await this.store.commands.publish(KEYS.control, JSON.stringify({ by, reason })).catch(() => {});
  }

  /** Leaves the cluster: the lease is dropped at once, the connections closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    // Let the releases of the last sessions reach Redis first (same connection, in order).
    if (this.store.ready) await this.store.retire().catch(() => {});
    this.stopped = true;
    clearInterval(this.leaseTimer);
    this.reader.disconnect();
    this.subscriber.disconnect();
    this.store.commands.disconnect();
    await this.readLoop;
  }

  /**
   * Redis is out of reach. Only the command connection decides: the reader and
   * the subscriber reconnect on their own, and may come back a little later.
   */
  private unreachable(error: unknown): void {
    if (this.stopped || this.store.ready) return;
    this.synced = false;
    if (this.reachable === false) return;
    this.reachable = false;
    this.events.state('unreachable', error instanceof Error ? error.message : String(error));
  }

  /** Connected (again): lease, names, the user list and the stream position, then resume. */
  private recovered(): Promise<void> {
    if (this.stopped || this.synced) return Promise.resolve();
    this.recovering ??= this.recover().finally(() => {
      this.recovering = undefined;
    });
    return this.recovering;
  }

  private async recover(): Promise<void> {
    try {
      await this.store.renewLease(this.options.leaseMs);
      await this.hub.reassert();
      await this.snapshot(this.started);
      this.started = true;
      this.synced = true;
      if (this.reachable !== true) {
        this.reachable = true;
        this.events.state('connected', this.options.redisUrl);
      }
    } catch (error) {
      this.unreachable(error);
    }
  }

  /** Users and the stream position as Redis has them now; the history on the first start. */
  private async snapshot(resync: boolean): Promise<void> {
    const results = await this.store.commands
      .multi()
      .hgetall(KEYS.owner)
      .hgetall(KEYS.names)
      .xrevrange(KEYS.chat, '+', '-', 'COUNT', 1)
      .xrange(KEYS.history, '-', '+')
      .hgetall(KEYS.reservations)
      .exec();
    if (results === null) throw new Error('snapshot transaction aborted');
    const owners = results[0]![1] as Record<string, string>;
    const records = results[1]![1] as Record<string, string>;
    const last = results[2]![1] as Array<[string, string[]]>;
    const history = results[3]![1] as Array<[string, string[]]>;
    const known = new Map<string, { user: User; host: string; node: string }>();
    for (const [nameKey, node] of Object.entries(owners)) {
      const record = records[nameKey];
      if (record === undefined) continue;
      const { u, h } = JSON.parse(record) as { u: User; h: string };
      known.set(nameKey, { user: u, host: h, node });
    }
    const reserved = results[4]![1] as Record<string, string>;
    for (const [key, json] of Object.entries(reserved)) {
      this.reservations?.replace(key, JSON.parse(json) as Reservation);
    }
    const lastId = last[0]?.[0] ?? '0-0';
    if (!resync) {
      for (const { user, host, node } of known.values()) this.hub.addRemote(user, host, node);
      for (const [id, fields] of history) {
        const envelope = parseEnvelope(fields[1] ?? '');
        if (envelope?.k === 'say') this.history.add({ ...envelope.m, id: messageIdOf(id) });
      }
      this.lastId = lastId;
      return;
    }
    this.hub.resync(known);
    // Redis emptied (FLUSHALL, or restarted without its data): its ids start again.
    if (compareEntryIds(lastId, this.lastId) < 0) this.lastId = lastId;
  }

  private async keepAlive(): Promise<void> {
    if (this.stopped || !this.store.ready) return;
    if (!this.synced) {
      // A recovery that failed half-way (a command lost in a reconnect) is tried again.
      await this.recovered();
      return;
    }
    try {
      if (!(await this.store.renewLease(this.options.leaseMs))) {
        this.events.state('lease_lost', "claiming this node's names again");
        await this.hub.reassert();
        await this.snapshot(true);
      }
      for (const node of await this.store.otherNodes()) {
        if (await this.store.leaseAlive(node)) continue;
        const freed = await this.store.reap(node);
        if (freed >= 0) this.events.reaped(node, freed);
      }
    } catch (error) {
      this.unreachable(error);
    }
  }

  private async readForever(): Promise<void> {
    while (!this.stopped) {
      if (!this.synced) {
        await delay(100);
        continue;
      }
      try {
        const reply = await this.reader.xread(
          'COUNT',
          READ_COUNT,
          'BLOCK',
          READ_BLOCK_MS,
          'STREAMS',
          KEYS.chat,
          this.lastId,
        );
        if (reply === null || this.stopped) continue;
        for (const [id, fields] of reply[0]![1]) {
          this.lastId = id;
          const envelope = parseEnvelope(fields[1] ?? '');
          if (envelope !== undefined) this.hub.apply(id, envelope);
        }
      } catch (error) {
        if (this.stopped) return;
        // The reader's own connection is back a little after the others: try again soon.
        this.unreachable(error);
        await delay(200);
      }
    }
  }

  private onChannel(channel: string, payload: string): void {
    if (channel === KEYS.control) {
      try {
        const control = JSON.parse(payload) as {
          by?: string;
          reason?: string;
          reservation?: string;
          from?: string;
        };
        if (control.reservation !== undefined) {
          if (control.from !== this.nodeId) {
            this.reloadReservation(control.reservation).catch((error: unknown) =>
              this.unreachable(error),
            );
          }
          return;
        }
        if (control.by !== undefined && control.reason !== undefined) {
          this.events.shutdown(control.by, control.reason);
        }
      } catch {
        // Not a shutdown we understand: ignored.
      }
      return;
    }
    this.hub.directed(payload);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
