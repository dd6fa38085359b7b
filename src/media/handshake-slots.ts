/**
 * The callee's pending handshakes (docs/media.md "The listener"): many cheap
 * slots, so a flood of idle or slow connections from the caller's own
 * address (a local process can read the new port from /proc/net/tcp) cannot
 * keep the real caller out. Over a limit, the oldest connection that has
 * sent nothing yet makes room — a real caller speaks at once, so an idle
 * flood never pushes out one that has started its handshake — and only when
 * every slot has sent something does the oldest of all go. Pure bookkeeping:
 * the listener destroys what `admit` hands back.
 */

export interface HandshakeSlotLimits {
  /** Handshakes in progress at once. */
  maxPending: number;
  /** Of those, from one remote address. */
  maxPerAddress: number;
}

export const DEFAULT_SLOT_LIMITS: HandshakeSlotLimits = { maxPending: 1024, maxPerAddress: 768 };

export interface HandshakeSlots<C> {
  /** Takes `connection` in; returns the one to drop to make room, if any. */
  admit(connection: C, address: string): C | undefined;
  /** The connection has sent its first bytes: idle floods no longer push it out. */
  markActive(connection: C): void;
  release(connection: C): void;
  readonly size: number;
  /** Every connection still waiting (to drop them all when the listener stops). */
  all(): C[];
}

export function createHandshakeSlots<C>(
  limits: HandshakeSlotLimits = DEFAULT_SLOT_LIMITS,
): HandshakeSlots<C> {
  /** Oldest first (a Map keeps insertion order). */
  const pending = new Map<C, { address: string; active: boolean }>();
  const perAddress = new Map<string, number>();

  function pickVictim(address: string | undefined): C | undefined {
    let oldest: C | undefined;
    for (const [connection, slot] of pending) {
      if (address !== undefined && slot.address !== address) continue;
      if (!slot.active) return connection;
      oldest ??= connection;
    }
    return oldest;
  }

  function release(connection: C): void {
    const slot = pending.get(connection);
    if (!slot) return;
    pending.delete(connection);
    const left = (perAddress.get(slot.address) ?? 1) - 1;
    if (left > 0) perAddress.set(slot.address, left);
    else perAddress.delete(slot.address);
  }

  return {
    admit(connection, address) {
      let victim: C | undefined;
      // A full address makes room among its own connections; others are not touched.
      if ((perAddress.get(address) ?? 0) >= limits.maxPerAddress) victim = pickVictim(address);
      else if (pending.size >= limits.maxPending) victim = pickVictim(undefined);
      if (victim !== undefined) release(victim);
      pending.set(connection, { address, active: false });
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      return victim;
    },
    markActive(connection) {
      const slot = pending.get(connection);
      if (slot) slot.active = true;
    },
    release,
    get size() {
      return pending.size;
    },
    all() {
      return [...pending.keys()];
    },
  };
}
