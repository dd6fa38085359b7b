/**
 * Scenario (a): memory of idle registered clients. Registers `small` clients,
 * lets the server settle, reads its RSS; registers up to `large`, settles,
 * reads again. The cost of a connection is the growth divided by the clients
 * added, which leaves out everything a server has before its first client.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createLoadGenerator } from './load-generator.js';
import type { ServerUnderTest } from './server-process.js';

export interface IdleMemoryConfig {
  small: number;
  large: number;
  /** Quiet time after registering before RSS is read. */
  settleMs: number;
  /** Registrations in flight at once. */
  concurrency: number;
  workers: number;
  loadCpus: string | undefined;
}

export interface IdleMemoryResult {
  rssEmptyBytes: number;
  rssSmallBytes: number;
  rssLargeBytes: number;
  bytesPerAddedConnection: number;
}

const RSS_SAMPLES = 5;
const RSS_SAMPLE_GAP_MS = 200;

/** Median of a few readings: one reading can catch a GC mid-way. */
async function settledRss(server: ServerUnderTest, settleMs: number): Promise<number> {
  await sleep(settleMs);
  const samples: number[] = [];
  for (let k = 0; k < RSS_SAMPLES; k += 1) {
    samples.push(await server.rssBytes());
    await sleep(RSS_SAMPLE_GAP_MS);
  }
  samples.sort((x, y) => x - y);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

export async function runIdleMemory(
  server: ServerUnderTest,
  config: IdleMemoryConfig,
): Promise<IdleMemoryResult> {
  const rssEmptyBytes = await settledRss(server, 500);
  const load = await createLoadGenerator({
    host: server.host,
    port: server.port,
    tls: server.tls,
    workers: config.workers,
    namePrefix: 'idle',
    cpus: config.loadCpus,
  });
  try {
    await load.connect(config.small, config.concurrency);
    const rssSmallBytes = await settledRss(server, config.settleMs);
    await load.connect(config.large - config.small, config.concurrency);
    const rssLargeBytes = await settledRss(server, config.settleMs);
    if (server.exitStatus() !== null) throw new Error(`${server.label} ${server.exitStatus()}`);
    return {
      rssEmptyBytes,
      rssSmallBytes,
      rssLargeBytes,
      bytesPerAddedConnection: (rssLargeBytes - rssSmallBytes) / (config.large - config.small),
    };
  } finally {
    // The server goes first: 5000 clients leaving one by one would be 12.5 M `left` deliveries.
    await server.stop();
    await load.close();
  }
}
