/**
 * Fan-out and presence behind one interface (docs/architecture.md "server/"): sessions and
 * handlers only talk to a `Hub`, so the in-memory implementation can later be
 * replaced by a distributed one without touching them.
 */
import type { ServerEvent, User, UserStatus } from '../protocol/messages.js';
import type { PresenceLine } from './presence-chain.js';
import type { NameConflict } from './user-registry.js';
import type { UserListSnapshot } from './user-list-bytes.js';

export type Dialect = 'json' | 'text';

/** A connection as the hub sees it: a dialect and a way to queue bytes. No sockets. */
export interface HubMember {
  readonly dialect: Dialect;
  /** Queues complete encoded lines; must not block and must not throw. */
  deliver(bytes: Uint8Array): void;
  /**
   * A presence event (`joined`/`left`), linked by the hub after every earlier
   * one: it may wait a little to be written together with others, but is
   * never overtaken by a later `deliver` to the same member.
   */
  deliverPresence(line: PresenceLine): void;
  /**
   * The member stops following the presence chain for now (it leaves, or is
   * left out of the next event): what it owes so far is queued normally.
   */
  settlePresence(): void;
}

export interface HubPresence {
  user: User;
  /** The user's IP as the server sees the chat connection (even when addresses are hidden). */
  host: string;
}

/**
 * What `join` decided: `taken` when the name is held in any spelling or
 * reserved (§1.4); `unavailable` when a cluster node cannot reach its store
 * (docs/protocol.md "Error codes").
 */
export type JoinOutcome = 'joined' | 'taken' | 'unavailable';

export interface Hub {
  /**
   * Registers a user. The in-memory hub decides at once; a cluster node asks
   * Redis and answers with a promise (docs/architecture.md "The hub contract").
   */
  join(user: User, host: string, member: HubMember): JoinOutcome | Promise<JoinOutcome>;
  /**
   * False while a cluster node cannot reach its store: new names and public
   * messages are refused with `unavailable` (the in-memory hub: always true).
   */
  readonly available: boolean;
  /** Why `join` refuses `name` (docs/protocol.md "Names"); undefined when it is free. */
  nameConflict(name: string): NameConflict | undefined;
  /**
   * Frees the name at once (§1.6 "Leaving": before `bye`/`left` are sent). A
   * `left` for that name published in the same turn goes out with the release
   * as one step (a cluster node makes it one Redis script, so nobody can take
   * the name between the two).
   */
  leave(name: string): void;
  find(name: string): HubPresence | undefined;
  readonly size: number;
  /** Everyone registered, in join order. */
  users(): User[];
  /**
   * `users()` as JSON array elements (`{…},{…}`, no brackets), cached between
   * changes; shared and never mutated, so it may be queued as it is.
   */
  usersJsonElements(): Uint8Array;
  /** The same list with what a reply in parts needs (docs/protocol.md "Long user lists"). */
  usersSnapshot(): UserListSnapshot;
  /** Changes a user's status and sends `user_status` to everyone (§1.6 "Calls"). */
  setStatus(name: string, status: UserStatus): void;
  /** Sets or clears a user's away reason and sends `user_away` to everyone (docs/protocol.md "Away"). */
  setAway(name: string, away: string | undefined): void;
  /** Sends one event to every registered user but `except`; serialized once per dialect. */
  publish(event: ServerEvent, options?: { except?: string }): void;
  /** Sends one event to one user; false when nobody has that name. */
  sendTo(name: string, event: ServerEvent): boolean;
}
