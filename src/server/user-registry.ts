/**
 * Who is registered, by name (PROTOCOL.md §1.4: unique after NFKC + lower
 * case, `server` reserved). Pure domain data: it stores an opaque `member`
 * per user and never touches a socket. Each user's JSON is cached, because
 * every join sends the whole list.
 */
import { isReservedName, nameKey, normalizeName } from '../protocol/names.js';
import type { User, UserStatus } from '../protocol/messages.js';

export interface Presence<M> {
  /** The public view sent to clients (no `address` when addresses are hidden). */
  user: User;
  /** The IP the server sees for this user's chat connection, even when hidden (§1.3 host fill-in). */
  host: string;
  member: M;
}

interface Entry<M> extends Presence<M> {
  json: string;
}

export class UserRegistry<M> {
  private readonly byKey = new Map<string, Entry<M>>();
  private cachedJson: string | undefined;

  get size(): number {
    return this.byKey.size;
  }

  /** Registers `user.name`; undefined when the name (in any spelling) is taken or reserved. */
  claim(user: User, host: string, member: M): Presence<M> | undefined {
    const key = keyOf(user.name);
    if (this.byKey.has(key) || isReservedName(user.name)) return undefined;
    const entry: Entry<M> = { user, host, member, json: JSON.stringify(user) };
    this.byKey.set(key, entry);
    this.cachedJson = undefined;
    return entry;
  }

  release(name: string): Presence<M> | undefined {
    const key = keyOf(name);
    const entry = this.byKey.get(key);
    if (entry === undefined) return undefined;
    this.byKey.delete(key);
    this.cachedJson = undefined;
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
    entry.json = JSON.stringify(entry.user);
    this.cachedJson = undefined;
    return true;
  }

  users(): User[] {
    return Array.from(this.byKey.values(), (entry) => entry.user);
  }

  /** `users()` as a JSON array, cached until the next change. */
  usersJson(): string {
    if (this.cachedJson === undefined) {
      const parts: string[] = [];
      for (const entry of this.byKey.values()) parts.push(entry.json);
      this.cachedJson = `[${parts.join(',')}]`;
    }
    return this.cachedJson;
  }

  members(): IterableIterator<Presence<M>> {
    return this.byKey.values();
  }
}

function keyOf(name: string): string {
  return nameKey(normalizeName(name));
}
