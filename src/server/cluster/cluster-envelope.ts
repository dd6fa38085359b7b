/**
 * What one entry of the chat stream carries (docs/architecture.md "Cluster
 * on Redis"): JSON in the field `e`. `n` is the node that wrote it.
 */
import type { LeftEvent, MessageEvent, Ref, ServerEvent, User } from '../../protocol/messages.js';

export type Envelope =
  /**
   * A name was claimed by node `n` (the `joined` event follows as an `ev`);
   * `re`: claimed again after Redis lost it, announced only where it was missing.
   */
  | { n: string; k: 'claim'; u: User; h: string; re?: true }
  /** Node `n` freed a name held by node `o` (itself, or a dead node): `ev` goes to everyone. */
  | { n: string; k: 'release'; o: string; name: string; ev: LeftEvent }
  /** A public message; its id is made from the entry id (`messageIdOf`). */
  | { n: string; k: 'say'; m: MessageEvent; r?: Ref }
  /** Any other public event, for everyone but `x`. */
  | { n: string; k: 'ev'; ev: ServerEvent; x?: string };

export function parseEnvelope(json: string): Envelope | undefined {
  try {
    const value = JSON.parse(json) as Envelope;
    return typeof value === 'object' && value !== null && typeof value.k === 'string'
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A message id from its stream entry id `ms-seq`: increasing in the one order
 * every node delivers, unique in the cluster, and a safe integer (docs/protocol.md).
 */
export function messageIdOf(entryId: string): number {
  const dash = entryId.indexOf('-');
  const ms = Number(entryId.slice(0, dash));
  const seq = Math.min(Number(entryId.slice(dash + 1)), 4095);
  return ms * 4096 + seq;
}

/** Compares two stream entry ids (`ms-seq`). */
export function compareEntryIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am !== bm ? am - bm : as - bs;
}
