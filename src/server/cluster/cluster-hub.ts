/**
 * The `Hub` of a cluster node (docs/architecture.md "Cluster on Redis"). It
 * keeps a mirror of every user of the cluster in an in-memory hub: local
 * users with their connection, users of other nodes with a member that
 * drops what it is given. Names are claimed in Redis (an atomic script);
 * public events are appended to one Redis stream and delivered to local
 * members only when they come back from it (`apply`), so every node,
 * including the sender's, delivers them in the stream's order. Events for
 * one user go straight to the node that holds the name.
 */
import { lookalikeKey } from '../../protocol/name-skeleton.js';
import { normalizeName } from '../../protocol/names.js';
import type {
  LeftEvent,
  MessageEvent,
  Ref,
  Request,
  ServerEvent,
  User,
  UserStatus,
} from '../../protocol/messages.js';
import type { Hub, HubMember, HubPresence, JoinOutcome } from '../hub.js';
import { createInMemoryHub } from '../in-memory-hub.js';
import type { PresenceLine } from '../presence-chain.js';
import type { UserListSnapshot } from '../user-list-bytes.js';
import { keyOf, type NameConflict } from '../user-registry.js';
import { messageIdOf, type Envelope } from './cluster-envelope.js';

/** What the hub needs from Redis (cluster-store.ts); every call is non-blocking. */
export interface ClusterStore {
  readonly ready: boolean;
  /** Atomic claim plus its stream entry; `reassert`: also true when this node holds it already. */
  claim(
    nameKey: string,
    lookKey: string,
    record: string,
    envelope: Envelope,
    reassert: boolean,
  ): Promise<boolean>;
  release(nameKey: string, lookKey: string, envelope: Envelope): Promise<unknown>;
  append(envelope: Envelope): Promise<unknown>;
  say(envelope: Envelope): Promise<unknown>;
  direct(node: string, payload: string): Promise<unknown>;
}

export interface ClusterHubHooks {
  /** A public message as it comes back from the stream; `own`: sent on this node. */
  onMessage(message: MessageEvent, own: boolean): void;
  /** A local user's name is held by another node now (after an outage): disconnect them. */
  onNameLost(name: string): void;
  /** A request of a user of another node, sent here because the call it is about lives here. */
  onForwarded(name: string, request: Request): void;
  /** A user of another node is gone (released or reaped): calls here end with `peer_left`. */
  onRemoteLeft(name: string): void;
  /** Something could not be written to Redis (logged once per state change by the node). */
  onStoreError(error: unknown): void;
}

/** Calls remembered for routing; older ones are long over. */
const MAX_CALL_HOMES = 4096;

/** Members of other nodes: their own node delivers to them. */
const REMOTE: HubMember = {
  dialect: 'json',
  deliver() {},
  deliverPresence(_line: PresenceLine) {},
  settlePresence() {},
};

export class ClusterHub implements Hub {
  /** Every user of the cluster; deliveries only reach the local ones. */
  readonly mirror: Hub;
  /** Name key → node id of every user in the mirror. */
  private readonly owners = new Map<string, string>();
  /** Names freed this turn: a `left` published in the same turn travels with the release. */
  private readonly releasing = new Map<string, string>();
  private releaseQueued = false;
  /** Call id → home node, for calls of other nodes that this node's users take part in. */
  private readonly callHomes = new Map<string, string>();
  private readonly storeError = (error: unknown): void => this.hooks.onStoreError(error);

  constructor(
    readonly nodeId: string,
    private readonly store: ClusterStore,
    private readonly hooks: ClusterHubHooks,
    now: () => number,
  ) {
    this.mirror = createInMemoryHub({ now });
  }

  get available(): boolean {
    return this.store.ready;
  }

  get size(): number {
    return this.mirror.size;
  }

  join(user: User, host: string, member: HubMember): Promise<JoinOutcome> {
    if (!this.store.ready) return Promise.resolve('unavailable');
    // Names freed earlier must reach Redis before this claim (one connection, in order).
    if (this.releasing.size > 0) this.releaseRest();
    return this.claim(user, host, member, false);
  }

  private async claim(
    user: User,
    host: string,
    member: HubMember,
    reassert: boolean,
  ): Promise<JoinOutcome> {
    const nameKey = keyOf(user.name);
    const lookKey = lookalikeKey(normalizeName(user.name));
    const record = JSON.stringify({ u: user, h: host, l: lookKey });
    let claimed: boolean;
    try {
      const envelope: Envelope = {
        n: this.nodeId,
        k: 'claim',
        u: user,
        h: host,
        ...(reassert && { re: true as const }),
      };
      claimed = await this.store.claim(nameKey, lookKey, record, envelope, reassert);
    } catch (error) {
      this.hooks.onStoreError(error);
      return 'unavailable';
    }
    if (!claimed) return 'taken';
    if (reassert) return 'joined';
    this.evictStale(user.name);
    if (this.mirror.join(user, host, member) !== 'joined') return 'taken';
    this.owners.set(nameKey, this.nodeId);
    return 'joined';
  }

  /** Redis says the name is free: whoever the mirror still shows under it left already. */
  private evictStale(name: string): void {
    for (let conflict = this.mirror.nameConflict(name); conflict;) {
      if (conflict.kind === 'reserved') return;
      const holderKey = keyOf(conflict.holder);
      if (this.owners.get(holderKey) === this.nodeId) return;
      this.mirror.leave(conflict.holder);
      this.owners.delete(holderKey);
      conflict = this.mirror.nameConflict(name);
    }
  }

  nameConflict(name: string): NameConflict | undefined {
    return this.mirror.nameConflict(name);
  }

  leave(name: string): void {
    const nameKey = keyOf(name);
    if (this.owners.get(nameKey) !== this.nodeId) return;
    const shown = this.mirror.find(name)?.user.name ?? name;
    this.mirror.leave(name);
    this.owners.delete(nameKey);
    this.releasing.set(nameKey, shown);
    if (this.releaseQueued) return;
    this.releaseQueued = true;
    queueMicrotask(() => this.releaseRest());
  }

  /** Names freed without a `left` in the same turn (a server stop): released with a plain one. */
  private releaseRest(): void {
    this.releaseQueued = false;
    for (const name of [...this.releasing.values()]) {
      this.release({ type: 'left', name, reason: 'quit' });
    }
  }

  private release(left: LeftEvent): void {
    const nameKey = keyOf(left.name);
    const name = this.releasing.get(nameKey) ?? left.name;
    this.releasing.delete(nameKey);
    const lookKey = lookalikeKey(normalizeName(name));
    const envelope: Envelope = { n: this.nodeId, k: 'release', o: this.nodeId, name, ev: left };
    this.store.release(nameKey, lookKey, envelope).catch(this.storeError);
  }

  find(name: string): HubPresence | undefined {
    return this.mirror.find(name);
  }

  users(): User[] {
    return this.mirror.users();
  }

  usersJsonElements(): Uint8Array {
    return this.mirror.usersJsonElements();
  }

  usersSnapshot(): UserListSnapshot {
    return this.mirror.usersSnapshot();
  }

  /** Applied and delivered here at once; other nodes apply it from the stream. */
  setStatus(name: string, status: UserStatus): void {
    const shown = this.mirror.find(name)?.user.name;
    if (shown === undefined) return;
    this.mirror.setStatus(name, status);
    this.append({ n: this.nodeId, k: 'ev', ev: { type: 'user_status', name: shown, status } });
  }

  setAway(name: string, away: string | undefined): void {
    const shown = this.mirror.find(name)?.user.name;
    if (shown === undefined) return;
    this.mirror.setAway(name, away);
    const ev: ServerEvent = { type: 'user_away', name: shown, ...(away !== undefined && { away }) };
    this.append({ n: this.nodeId, k: 'ev', ev });
  }

  publish(event: ServerEvent, options?: { except?: string }): void {
    if (event.type === 'left') {
      // A `left` only ever travels with the release of the name (see `leave`).
      if (this.releasing.has(keyOf(event.name))) this.release(event);
      return;
    }
    const except = options?.except;
    this.append({ n: this.nodeId, k: 'ev', ev: event, ...(except !== undefined && { x: except }) });
  }

  /** A public message (cluster-public-messages.ts); false when Redis is out of reach. */
  say(message: MessageEvent, ref: Ref | undefined, onFailed: () => void): boolean {
    if (!this.store.ready) return false;
    const envelope: Envelope = {
      n: this.nodeId,
      k: 'say',
      m: message,
      ...(ref !== undefined && { r: ref }),
    };
    this.store.say(envelope).catch((error: unknown) => {
      this.hooks.onStoreError(error);
      onFailed();
    });
    return true;
  }

  private append(envelope: Envelope): void {
    this.store.append(envelope).catch(this.storeError);
  }

  sendTo(name: string, event: ServerEvent): boolean {
    const presence = this.mirror.find(name);
    if (presence === undefined) return false;
    const owner = this.owners.get(keyOf(name));
    if (owner === this.nodeId || owner === undefined) return this.mirror.sendTo(name, event);
    const payload = JSON.stringify({ to: presence.user.name, ev: event, from: this.nodeId });
    this.store.direct(owner, payload).catch(this.storeError);
    return true;
  }

  /** Sends a request of a local user to the node where it is handled (cluster-calls.ts). */
  forward(node: string, name: string, request: Request): void {
    const payload = JSON.stringify({ fwd: request, name, from: this.nodeId });
    this.store.direct(node, payload).catch(this.storeError);
  }

  /** The node a call lives on, as learnt from its events; undefined: this one (or unknown). */
  homeOfCall(callId: string): string | undefined {
    return this.callHomes.get(callId);
  }

  /** An event for one of this node's users, or a request forwarded to it, from another node. */
  directed(payload: string): void {
    let parsed: { to?: string; ev?: ServerEvent; fwd?: Request; name?: string; from?: string };
    try {
      parsed = JSON.parse(payload) as typeof parsed;
    } catch {
      return; // not ours to understand: nothing to deliver
    }
    const { to, ev, fwd, name, from } = parsed;
    if (fwd !== undefined && name !== undefined && from !== undefined) {
      this.hooks.onForwarded(name, fwd);
      return;
    }
    if (to === undefined || ev === undefined) return;
    if ('callId' in ev && from !== undefined) this.rememberCall(ev.callId, from);
    if (this.owners.get(keyOf(to)) === this.nodeId) this.mirror.sendTo(to, ev);
  }

  private rememberCall(callId: string, home: string): void {
    this.callHomes.set(callId, home);
    if (this.callHomes.size <= MAX_CALL_HOMES) return;
    const oldest = this.callHomes.keys().next();
    if (oldest.done !== true) this.callHomes.delete(oldest.value);
  }

  /** A user of another node, known before this node started (cluster-node.ts). */
  addRemote(user: User, host: string, node: string): void {
    if (node === this.nodeId) return;
    this.evictStale(user.name);
    if (this.mirror.join(user, host, REMOTE) === 'joined') this.owners.set(keyOf(user.name), node);
  }

  /** Remote users as Redis knows them now (after an outage): the others left meanwhile. */
  resync(known: Map<string, { user: User; host: string; node: string }>): void {
    for (const user of this.mirror.users()) {
      const nameKey = keyOf(user.name);
      const owner = this.owners.get(nameKey);
      if (owner === this.nodeId) continue;
      const now = known.get(nameKey);
      if (now !== undefined && now.node === owner) continue;
      this.mirror.leave(user.name);
      this.owners.delete(nameKey);
      this.mirror.publish({ type: 'left', name: user.name, reason: 'timeout' });
    }
    for (const [nameKey, { user, host, node }] of known) {
      if (node === this.nodeId || this.owners.has(nameKey)) continue;
      this.addRemote(user, host, node);
      if (this.owners.get(nameKey) === node) this.mirror.publish({ type: 'joined', user });
    }
  }

  /** Claims every local name again (Redis came back, or was emptied); a lost one is disconnected. */
  async reassert(): Promise<void> {
    for (const user of this.mirror.users()) {
      if (this.owners.get(keyOf(user.name)) !== this.nodeId) continue;
      const presence = this.mirror.find(user.name)!;
      const outcome = await this.claim(user, presence.host, REMOTE, true);
      if (outcome !== 'taken') continue;
      // Another node holds it now: the local user goes, and the release must not free it there.
      this.mirror.leave(user.name);
      this.owners.delete(keyOf(user.name));
      this.mirror.publish({ type: 'left', name: user.name, reason: 'error' });
      this.hooks.onNameLost(user.name);
    }
  }

  /** Names this node holds. */
  localNames(): string[] {
    return this.mirror
      .users()
      .flatMap((user) => (this.owners.get(keyOf(user.name)) === this.nodeId ? [user.name] : []));
  }

  /** One entry of the chat stream, in stream order. */
  apply(entryId: string, envelope: Envelope): void {
    const own = envelope.n === this.nodeId;
    switch (envelope.k) {
      case 'claim': {
        if (own) return;
        const nameKey = keyOf(envelope.u.name);
        const known = this.owners.get(nameKey) === envelope.n;
        this.addRemote(envelope.u, envelope.h, envelope.n);
        if (envelope.re && !known && this.owners.get(nameKey) === envelope.n) {
          this.mirror.publish({ type: 'joined', user: envelope.u });
        }
        return;
      }
      case 'release':
        this.applyRelease(envelope, own);
        return;
      case 'say': {
        const message = { ...envelope.m, id: messageIdOf(entryId) };
        this.hooks.onMessage(message, own);
        const ref = envelope.r;
        if (ref === undefined || !own) {
          this.mirror.publish(message);
          return;
        }
        // §1.6 "ref": only the sender's own copy carries it.
        this.mirror.publish(message, { except: message.from });
        this.mirror.sendTo(message.from, { ...message, ref });
        return;
      }
      case 'ev':
        this.applyEvent(envelope.ev, envelope.x, own);
        return;
    }
  }

  private applyRelease(envelope: Extract<Envelope, { k: 'release' }>, own: boolean): void {
    const nameKey = keyOf(envelope.name);
    if (envelope.o === this.nodeId && !own) {
      // Another node took this node for dead and freed its names: claim them back.
      void this.reassert();
      return;
    }
    // A name of another node (released by it, or by the node that reaped it).
    if (envelope.o !== this.nodeId && this.owners.get(nameKey) === envelope.o) {
      this.mirror.leave(envelope.name);
      this.owners.delete(nameKey);
      this.hooks.onRemoteLeft(envelope.name);
    }
    this.mirror.publish(envelope.ev);
  }

  private applyEvent(event: ServerEvent, except: string | undefined, own: boolean): void {
    if (event.type === 'user_status') {
      if (!own) this.mirror.setStatus(event.name, event.status);
      return;
    }
    if (event.type === 'user_away') {
      if (!own) this.mirror.setAway(event.name, event.away);
      return;
    }
    this.mirror.publish(event, except === undefined ? undefined : { except });
  }
}
