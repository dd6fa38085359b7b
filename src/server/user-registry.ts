/**
 * Who is registered, by name (docs/protocol-v1.md §1.4: unique after NFKC +
 * lower case, `server` reserved; docs/protocol.md "Names": nor may two names
 * look alike, by their UTS #39 skeleton). Pure domain data: it stores an
 * opaque `member` per user and never touches a socket. The user list's JSON
 * is kept as bytes (UserListBytes), because every join sends the whole list.
 */
import { lookalikeKey, looksReserved } from '../protocol/name-skeleton.js';
import { isReservedName, nameKey, normalizeName } from '../protocol/names.js';
import type { User, UserStatus } from '../protocol/messages.js';
import { UserListBytes, type ListItem, type UserListSnapshot } from './user-list-bytes.js';

export interface Presence<M> {
  /** The public view sent to clients (no `address` when addresses are hidden). */
  user: User;
  /** The IP the server sees for this user's chat connection, even when hidden (§1.3 host fill-in). */
  readonly host: string;
  readonly member: M;
  /** Free for the registry's owner (the hub keeps its dense member index here). */
  slot: number;
}

// One per registered user: a class with its fields, no closures (memory per idle client matters).
class Entry<M> implements Presence<M>, ListItem {
  slot = 0;
  listOffset = 0;
  listLength = -1;

  constructor(
    public user: User,
    readonly host: string,
    readonly member: M,
    /** Computed once, at registration: messages never need it. */
    readonly lookalike: string,
  ) {}

  json(): string {
    return JSON.stringify(this.user);
  }
}

/** Why a name cannot be claimed: reserved, held (in another spelling), or too like one held. */
export type NameConflict =
  | { kind: 'reserved'; lookalike: boolean }
  | { kind: 'same'; holder: string }
  | { kind: 'lookalike'; holder: string };

export class UserRegistry<M> {
  private readonly byKey = new Map<string, Entry<M>>();
  private readonly byLookalike = new Map<string, Entry<M>>();
  private readonly list = new UserListBytes();
  private readonly entries = (): Iterable<Entry<M>> => this.byKey.values();

  get size(): number {
    return this.byKey.size;
  }

  /** Registers `user.name`; undefined when it conflicts with a name held or reserved (`conflict`). */
  claim(user: User, host: string, member: M): Presence<M> | undefined {
    const key = keyOf(user.name);
    if (this.byKey.has(key) || isReservedName(user.name)) return undefined;
    const lookalike = lookalikeKey(normalizeName(user.name));
    if (this.byLookalike.has(lookalike) || looksReserved(lookalike)) return undefined;
    const entry = new Entry(user, host, member, lookalike);
    this.byKey.set(key, entry);
    this.byLookalike.set(lookalike, entry);
    this.list.append(entry);
    return entry;
  }

  /** Why `claim` would refuse `name` now; undefined when it is free. */
  conflict(name: string): NameConflict | undefined {
    if (isReservedName(name)) return { kind: 'reserved', lookalike: false };
    const same = this.byKey.get(keyOf(name));
    if (same !== undefined) return { kind: 'same', holder: same.user.name };
    const lookalike = lookalikeKey(normalizeName(name));
    if (looksReserved(lookalike)) return { kind: 'reserved', lookalike: true };
    const like = this.byLookalike.get(lookalike);
    return like === undefined ? undefined : { kind: 'lookalike', holder: like.user.name };
  }

  release(name: string): Presence<M> | undefined {
    const key = keyOf(name);
    const entry = this.byKey.get(key);
    if (entry === undefined) return undefined;
    this.byKey.delete(key);
    this.byLookalike.delete(entry.lookalike);
    this.list.invalidate();
    return entry;
  }

  /** Looks a name up the way §1.6 compares them (NFKC, lower case, trimmed). */
  find(name: string): Presence<M> | undefined {
    return this.byKey.get(keyOf(name));
  }

  /** Returns false when the user is unknown or already had that status. */
  setStatus(name: string, status: UserStatus): boolean {
    const entry = this.byKey.get(keyOf(name));
    if (entry === undefined || entry.user.status === status) return false;
    entry.user = { ...entry.user, status };
    entry.listLength = -1;
    this.list.invalidate();
    return true;
  }

  /** Sets or clears the away reason (docs/protocol.md "Away"); false when unknown or unchanged. */
  setAway(name: string, away: string | undefined): boolean {
    const entry = this.byKey.get(keyOf(name));
    if (entry === undefined || entry.user.away === away) return false;
    const { away: _previous, ...rest } = entry.user;
    entry.user = away === undefined ? rest : { ...rest, away };
    entry.listLength = -1;
    this.list.invalidate();
    return true;
  }

  /** Everyone registered, in join order. */
  users(): User[] {
    return Array.from(this.byKey.values(), (entry) => entry.user);
  }

  /** `users()` as JSON array elements (`{…},{…}`, no brackets); valid until the next change. */
  usersJsonElements(): Buffer {
    return this.list.bytes(this.entries);
  }

  /** The list as bytes, with what a reply in parts needs; valid until the next change. */
  usersSnapshot(): UserListSnapshot {
    return this.list.snapshot(this.entries);
  }
}

/** How names compare (NFKC, case-folded…): also the key of name reservations. */
export function keyOf(name: string): string {
  return nameKey(normalizeName(name));
}
