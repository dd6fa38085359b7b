/** The benchmark's loads: the full run, and a short smoke run (`--quick`). */
import type { CapacityConfig } from './scenario-capacity.js';
import type { IdleMemoryConfig } from './scenario-idle-memory.js';
import type { SteadyRateConfig } from './scenario-steady-rate.js';

type Placement = 'workers' | 'loadCpus';

export interface BenchConfig {
  idle: Omit<IdleMemoryConfig, Placement>;
  steady: Omit<SteadyRateConfig, Placement>;
  capacity: Omit<CapacityConfig, Placement>;
  /** Searches per server in scenario (c); the best one counts (the machine is shared). */
  capacityRepeats: number;
}

/** Targets of the server benchmark (for this 2-core machine). */
export const TARGETS = {
  idleBytesPerConnection: 6 * 1024,
  steadyP99Us: 12_000,
  capacityRatio: 0.8,
  /** (b)/(c) over TLS against plain tchat (docs/benchmarks-server.md "TLS"). */
  tlsFanOutRatio: 0.7,
  /** (a) over TLS against the bare Node TLS server. */
  tlsIdleRatio: 1.2,
} as const;

export const FULL: BenchConfig = {
  idle: { small: 1000, large: 5000, settleMs: 5000, concurrency: 100 },
  steady: {
    clients: 1000,
    // 50 senders at 1 message/s each: a tenth of tchat's default 10/s per connection.
    senders: 50,
    ratePerSec: 50,
    warmupMs: 2000,
    durationMs: 10_000,
    concurrency: 100,
  },
  capacity: {
    clients: 200,
    probeWindow: 2,
    warmupMs: 1000,
    durationMs: 3000,
    startFraction: 0.5,
    growth: 1.25,
    maxSteps: 14,
    refineSteps: 2,
    p99LimitMs: 100,
    // 20 of the 200 clients measure latency; all count deliveries.
    latencyEvery: 10,
    concurrency: 100,
  },
  capacityRepeats: 2,
};

export const QUICK: BenchConfig = {
  idle: { small: 200, large: 1000, settleMs: 1000, concurrency: 100 },
  steady: {
    clients: 200,
    senders: 50,
    ratePerSec: 50,
    warmupMs: 500,
    durationMs: 2000,
    concurrency: 100,
  },
  capacity: {
    clients: 200,
    probeWindow: 2,
    warmupMs: 500,
    durationMs: 1000,
    startFraction: 0.5,
    growth: 2,
    maxSteps: 2,
    refineSteps: 0,
    p99LimitMs: 100,
    // 20 of the 200 clients measure latency; all count deliveries.
    latencyEvery: 10,
    concurrency: 100,
  },
  capacityRepeats: 1,
};
