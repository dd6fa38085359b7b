/**
 * Names bound to keys (docs/security.md "Names bound to keys"): the first
 * client key (TLS client certificate fingerprint) that registers a name owns
 * it until `durationMs` after its last use; another key, or a connection with
 * no key at all (plain, `nc`), gets `name_reserved`. Names compare as the
 * user registry compares them (`keyOf`). Pure domain data: persistence is the
 * caller's (`onChange`, reservation-file.ts).
 */
export interface Reservation {
  /** As registered (display form). */
  name: string;
  /** `AB:CD:…` of the owner's certificate. */
  fingerprint: string;
  /** Registration or leaving time of the owner's last session. */
  lastUsedMs: number;
}

export type ReservationCheck = { ok: true } | { ok: false; owner: Reservation };

export interface NameReservationsOptions {
  keyOf: (name: string) => string;
  /** 0: no reservations at all. */
  durationMs: number;
  /**
   * Something changed. `owner`: a name got a (new) owner, which must reach the
   * disk soon; otherwise only a `lastUsedMs` moved.
   */
  onChange?: (kind: 'owner' | 'last_used', name: string) => void;
}

export class NameReservations {
  private readonly byKey = new Map<string, Reservation>();

  constructor(
    private readonly options: NameReservationsOptions,
    initial: readonly Reservation[] = [],
  ) {
    for (const reservation of initial) this.byKey.set(options.keyOf(reservation.name), reservation);
  }

  get enabled(): boolean {
    return this.options.durationMs > 0;
  }

  /** May `fingerprint` (undefined: a connection without a key) register `name` now? */
  check(name: string, fingerprint: string | undefined, nowMs: number): ReservationCheck {
    const owner = this.live(name, nowMs);
    if (owner === undefined || owner.fingerprint === fingerprint) return { ok: true };
    return { ok: false, owner };
  }

  /** `name` was registered with `fingerprint`: it is (still) theirs, from now. */
  claim(name: string, fingerprint: string | undefined, nowMs: number): void {
    if (!this.enabled || fingerprint === undefined) return;
    const key = this.options.keyOf(name);
    const previous = this.byKey.get(key);
    this.byKey.set(key, { name, fingerprint, lastUsedMs: nowMs });
    this.options.onChange?.(previous?.fingerprint === fingerprint ? 'last_used' : 'owner', name);
  }

  /** The owner's session ended: the reservation runs from now. */
  lastUsed(name: string, nowMs: number): void {
    const reservation = this.byKey.get(this.options.keyOf(name));
    if (reservation === undefined) return;
    reservation.lastUsedMs = nowMs;
    this.options.onChange?.('last_used', name);
  }

  /** An admin frees the name; false if it was not reserved. */
  forget(name: string): boolean {
    const removed = this.byKey.delete(this.options.keyOf(name));
    if (removed) this.options.onChange?.('owner', name);
    return removed;
  }

  /** The reservation of `name` as it stands, expired or not. */
  get(name: string): Reservation | undefined {
    return this.byKey.get(this.options.keyOf(name));
  }

  /**
   * Takes a reservation as another node of a cluster has it (cluster-node.ts):
   * undefined = none. Not a change of this node's own, so `onChange` is not told.
   */
  replace(key: string, reservation: Reservation | undefined): void {
    if (reservation === undefined) this.byKey.delete(key);
    else this.byKey.set(key, reservation);
  }

  /** Every reservation still running (expired ones are dropped here). */
  entries(nowMs: number): Reservation[] {
    for (const [key, reservation] of this.byKey) {
      if (this.expired(reservation, nowMs)) this.byKey.delete(key);
    }
    return [...this.byKey.values()];
  }

  private live(name: string, nowMs: number): Reservation | undefined {
    if (!this.enabled) return undefined;
    const key = this.options.keyOf(name);
    const reservation = this.byKey.get(key);
    if (reservation === undefined) return undefined;
    if (!this.expired(reservation, nowMs)) return reservation;
    this.byKey.delete(key);
    return undefined;
  }

  private expired(reservation: Reservation, nowMs: number): boolean {
    return nowMs - reservation.lastUsedMs > this.options.durationMs;
  }
}
