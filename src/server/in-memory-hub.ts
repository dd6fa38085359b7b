/**
 * The single-process `Hub`: presence in a `UserRegistry`, fan-out over a
 * dense array. Each event is serialized once per dialect and the same bytes
 * are handed to every member; members only queue them (the session's writer
 * batches per event-loop turn), so a publish never waits for a slow reader.
 */
import { encodeEvent } from '../protocol/encode-event.js';
import type { ServerEvent, User, UserStatus } from '../protocol/messages.js';
import { renderEventText } from '../protocol/text-render.js';
import type { Hub, HubMember, HubPresence, JoinOutcome } from './hub.js';
import { linkPresence, type PresenceLine } from './presence-chain.js';
import type { UserListSnapshot } from './user-list-bytes.js';
import { UserRegistry, type NameConflict, type Presence } from './user-registry.js';

export interface InMemoryHubOptions {
  /** Clock for text-mode lines of events that carry no `ts`. */
  now?: () => number;
}

export function createInMemoryHub(options: InMemoryHubOptions = {}): Hub {
  return new InMemoryHub(options.now ?? Date.now);
}

class InMemoryHub implements Hub {
  private readonly registry = new UserRegistry<HubMember>();
  /** Every member, for the fan-out loop; each presence's `slot` is its index (swap-removal). */
  private readonly members: HubMember[] = [];
  private readonly presences: Presence<HubMember>[] = [];
  /** The last presence line published; members' writers read the chain up to it. */
  private presenceTail: PresenceLine | undefined = undefined;

  constructor(private readonly now: () => number) {}

  get size(): number {
    return this.registry.size;
  }

  get available(): boolean {
    return true;
  }

  join(user: User, host: string, member: HubMember): JoinOutcome {
    const presence = this.registry.claim(user, host, member);
    if (presence === undefined) return 'taken';
    presence.slot = this.members.length;
    this.members.push(member);
    this.presences.push(presence);
    return 'joined';
  }

  nameConflict(name: string): NameConflict | undefined {
    return this.registry.conflict(name);
  }

  leave(name: string): void {
    const presence = this.registry.release(name);
    if (presence === undefined) return;
    presence.member.settlePresence(); // nothing published from now on is for it
    const index = presence.slot;
    const lastMember = this.members.pop()!;
    const lastPresence = this.presences.pop()!;
    if (lastPresence !== presence) {
      this.members[index] = lastMember;
      this.presences[index] = lastPresence;
      lastPresence.slot = index;
    }
  }

  find(name: string): HubPresence | undefined {
    const presence = this.registry.find(name);
    return presence && { user: presence.user, host: presence.host };
  }

  users(): User[] {
    return this.registry.users();
  }

  usersJsonElements(): Uint8Array {
    return this.registry.usersJsonElements();
  }

  usersSnapshot(): UserListSnapshot {
    return this.registry.usersSnapshot();
  }

  setStatus(name: string, status: UserStatus): void {
    const presence = this.registry.find(name);
    if (presence === undefined || !this.registry.setStatus(name, status)) return;
    this.publish({ type: 'user_status', name: presence.user.name, status });
  }

  setAway(name: string, away: string | undefined): void {
    const presence = this.registry.find(name);
    if (presence === undefined || !this.registry.setAway(name, away)) return;
    const { name: shown } = presence.user;
    this.publish({ type: 'user_away', name: shown, ...(away !== undefined && { away }) });
  }

  publish(event: ServerEvent, options?: { except?: string }): void {
    const except =
      options?.except === undefined ? undefined : this.registry.find(options.except)?.member;
    if (event.type === 'joined' || event.type === 'left') {
      this.publishPresence(event, except);
      return;
    }
    const json = Buffer.from(encodeEvent(event));
    let text: Buffer | undefined;
    const members = this.members;
    // Hot path (every public message): no closures, no per-recipient allocation.
    for (let i = 0; i < members.length; i++) {
      const member = members[i]!;
      if (member === except) continue;
      if (member.dialect === 'json') member.deliver(json);
      else member.deliver((text ??= Buffer.from(renderEventText(event, { nowMs: this.now() }))));
    }
  }

  /** Presence: one line linked into the chain; members read it when their writer flushes. */
  private publishPresence(event: ServerEvent, except: HubMember | undefined): void {
    except?.settlePresence(); // it must not read this line from the chain
    const line: PresenceLine = {
      json: Buffer.from(encodeEvent(event)),
      jsonOffset: 0,
      text: undefined,
      next: undefined,
    };
    this.presenceTail = linkPresence(this.presenceTail, line);
    const members = this.members;
    for (let i = 0; i < members.length; i++) {
      const member = members[i]!;
      if (member === except) continue;
      if (member.dialect === 'text') {
        line.text ??= Buffer.from(renderEventText(event, { nowMs: this.now() }));
      }
      member.deliverPresence(line);
    }
  }

  sendTo(name: string, event: ServerEvent): boolean {
    const presence = this.registry.find(name);
    if (presence === undefined) return false;
    const member = presence.member;
    const line =
      member.dialect === 'json'
        ? encodeEvent(event)
        : renderEventText(event, { viewer: presence.user.name, nowMs: this.now() });
    member.deliver(Buffer.from(line));
    return true;
  }
}
