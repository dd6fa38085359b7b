/**
 * Reconnect delays: exponential with full jitter, capped, so
 * a hundred clients of a restarted server do not all knock at once. Pure
 * apart from the injected random source.
 */
export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  /** 0–1: how much of each delay is randomised. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialDelayMs: 500,
  maxDelayMs: 15_000,
  factor: 2,
  jitter: 0.3,
};

/** Asking again for our own name while the server still holds our cut-off session (reducer.ts). */
export const RECLAIM_BACKOFF: BackoffOptions = {
  initialDelayMs: 1_000,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: 0.3,
};

/** Delay before attempt number `attempt` (1 = the first retry). */
export function backoffDelayMs(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** exponent);
  const spread = base * options.jitter;
  return Math.round(base - spread + random() * spread);
}
