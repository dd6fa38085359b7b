/**
 * Token bucket per connection (docs/protocol-v1.md §1.4 "rate", §1.6 "every line
 * counts"). Pure: the caller passes the clock, so tests need no waiting.
 */
export interface RateLimiter {
  /** Takes one token at `nowMs`; false means the line must be dropped. */
  take(nowMs: number): boolean;
}

export interface RateLimiterOptions {
  /** Tokens added per second; 0 = unlimited. */
  ratePerSecond: number;
  /** Bucket size: how many lines may arrive at once after a quiet period. */
  burst: number;
}

const UNLIMITED: RateLimiter = { take: () => true };

export function createRateLimiter(options: RateLimiterOptions, startMs: number): RateLimiter {
  if (options.ratePerSecond <= 0) return UNLIMITED;
  return new TokenBucket(options.ratePerSecond / 1000, Math.max(1, options.burst), startMs);
}

// A class, not closures: one of these lives per connection (memory per idle client matters).
class TokenBucket implements RateLimiter {
  private tokens: number;

  constructor(
    private readonly tokensPerMs: number,
    private readonly capacity: number,
    private lastMs: number,
  ) {
    this.tokens = capacity;
  }

  take(nowMs: number): boolean {
    const elapsedMs = nowMs - this.lastMs;
    if (elapsedMs > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + elapsedMs * this.tokensPerMs);
      this.lastMs = nowMs;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
