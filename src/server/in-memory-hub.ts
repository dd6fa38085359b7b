/**
 * The single-process `Hub`: presence in a `UserRegistry`, fan-out over a
 * dense array. Each event is serialized once per dialect and the same Buffer
 * is handed to every member; members only queue it (the session's writer
 * batches per event-loop turn), so a publish never waits for a slow reader.
 */
import { encodeEvent } from '../protocol/encode-event.js';
import type { ServerEvent, User, UserStatus } from '../protocol/messages.js';
import { renderEventText } from '../protocol/text-render.js';
import type { Hub, HubMember, HubPresence } from './hub.js';
import { UserRegistry } from './user-registry.js';

interface Slot {
  member: HubMember;
  /** Position in `slots`, kept up to date by swap-removal. */
  index: number;
}

export interface InMemoryHubOptions {
  /** Clock for text-mode lines of events that carry no `ts`. */
  now?: () => number;
}

export function createInMemoryHub(options: InMemoryHubOptions = {}): Hub {
  return new InMemoryHub(options.now ?? Date.now);
}

class InMemoryHub implements Hub {
  private readonly registry = new UserRegistry<Slot>();
  private readonly slots: Slot[] = [];

  constructor(private readonly now: () => number) {}

  get size(): number {
    return this.registry.size;
  }

  join(user: User, host: string, member: HubMember): boolean {
    const slot: Slot = { member, index: this.slots.length };
    if (this.registry.claim(user, host, slot) === undefined) return false;
    this.slots.push(slot);
    return true;
  }

  leave(name: string): void {
    const presence = this.registry.release(name);
    if (presence === undefined) return;
    const slot = presence.member;
    const last = this.slots.pop();
    if (last !== undefined && last !== slot) {
      this.slots[slot.index] = last;
      last.index = slot.index;
    }
  }

  find(name: string): HubPresence | undefined {
    const presence = this.registry.find(name);
    return presence && { user: presence.user, host: presence.host };
  }

  users(): User[] {
    return this.registry.users();
  }

  usersJson(): string {
    return this.registry.usersJson();
  }

  setStatus(name: string, status: UserStatus): void {
    const presence = this.registry.find(name);
    if (presence === undefined || !this.registry.setStatus(name, status)) return;
    this.publish({ type: 'user_status', name: presence.user.name, status });
  }

  publish(event: ServerEvent, options?: { except?: string }): void {
    const except =
      options?.except === undefined ? undefined : this.registry.find(options.except)?.member;
    const json = Buffer.from(encodeEvent(event));
    let text: Buffer | undefined;
    const slots = this.slots;
    // Hot path (every public message): no closures, no per-recipient allocation.
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (slot === except) continue;
      const member = slot.member;
      if (member.dialect === 'json') member.deliver(json);
      else member.deliver((text ??= Buffer.from(renderEventText(event, { nowMs: this.now() }))));
    }
  }

  sendTo(name: string, event: ServerEvent): boolean {
    const presence = this.registry.find(name);
    if (presence === undefined) return false;
    const member = presence.member.member;
    const line =
      member.dialect === 'json'
        ? encodeEvent(event)
        : renderEventText(event, { viewer: presence.user.name, nowMs: this.now() });
    member.deliver(Buffer.from(line));
    return true;
  }
}
