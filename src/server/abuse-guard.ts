/**
 * The per-connection flood rules of docs/protocol-v1.md §1.4 and §1.6: the token
 * bucket (every line counts; `rate_limited` at most once per second) and the
 * count of protocol errors in a row (only the listed codes count; a success
 * resets; other errors neither). No I/O and an injected clock.
 */
import { COUNTED_PROTOCOL_ERRORS, type ErrorCode } from '../protocol/error-codes.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';

const RATE_NOTICE_INTERVAL_MS = 1_000;

export interface AbuseGuardOptions {
  ratePerSecond: number;
  rateBurst: number;
  /** 0 = never close for errors. */
  maxErrorsInRow: number;
}

/** `admit` result: let the line through, drop it quietly, or drop it and tell the client. */
export type Admission = { kind: 'pass' } | { kind: 'drop' } | { kind: 'notify'; dropped: number };

const PASS: Admission = { kind: 'pass' };
const DROP: Admission = { kind: 'drop' };

export class AbuseGuard {
  private readonly rate: RateLimiter;
  private errorsInRow = 0;
  /** Unset until the first notice (no number allocated per connection before that). */
  private lastNoticeAtMs: number | undefined = undefined;
  private droppedLines = 0;

  constructor(
    private readonly options: AbuseGuardOptions,
    startMs: number,
  ) {
    this.rate = createRateLimiter(
      { ratePerSecond: options.ratePerSecond, burst: options.rateBurst },
      startMs,
    );
  }

  /** One line arrived at `nowMs`. */
  admit(nowMs: number): Admission {
    if (this.rate.take(nowMs)) return PASS;
    this.droppedLines += 1;
    const lastNoticeAtMs = this.lastNoticeAtMs;
    if (lastNoticeAtMs !== undefined && nowMs - lastNoticeAtMs < RATE_NOTICE_INTERVAL_MS) {
      return DROP;
    }
    this.lastNoticeAtMs = nowMs;
    const dropped = this.droppedLines;
    this.droppedLines = 0;
    return { kind: 'notify', dropped };
  }

  succeeded(): void {
    this.errorsInRow = 0;
  }

  /** Records an error sent to the client; true when the connection must now close. */
  failed(code: ErrorCode): boolean {
    if (!COUNTED_PROTOCOL_ERRORS.has(code)) return false;
    this.errorsInRow += 1;
    return this.options.maxErrorsInRow > 0 && this.errorsInRow >= this.options.maxErrorsInRow;
  }
}
