/**
 * Scenario (b): a steady public chat. `clients` registered clients, of which
 * `senders` send in turn, open loop, `ratePerSec` messages per second in all
 * (evenly spaced, so each sender stays well inside tchat's default rate limit
 * of 10/s). Every message reaches every client: delivered/s and latency
 * p50/p99 over all deliveries.
 */
import { createLoadGenerator, type RunSummary } from './load-generator.js';
import type { ServerUnderTest } from './server-process.js';
import { measureServerCpu, type WindowCpu } from './server-cpu.js';

export interface SteadyRateConfig {
  clients: number;
  senders: number;
  ratePerSec: number;
  warmupMs: number;
  durationMs: number;
  concurrency: number;
  workers: number;
  loadCpus: string | undefined;
}

export interface SteadyRateResult {
  run: RunSummary;
  cpu: WindowCpu;
  /** CPU other programs used during the window, in cores. */
  otherCores: number;
}

export async function runSteadyRate(
  server: ServerUnderTest,
  config: SteadyRateConfig,
): Promise<SteadyRateResult> {
  const load = await createLoadGenerator({
    host: server.host,
    port: server.port,
    tls: server.tls,
    workers: config.workers,
    namePrefix: 'steady',
    cpus: config.loadCpus,
  });
  try {
    await load.connect(config.clients, config.concurrency);
    const cpu = measureServerCpu(server);
    const run = await load.run(
      {
        mode: 'open',
        ratePerSec: config.ratePerSec,
        senders: config.senders,
        warmupMs: config.warmupMs,
        durationMs: config.durationMs,
      },
      cpu.hooks,
    );
    if (server.exitStatus() !== null) throw new Error(`${server.label} ${server.exitStatus()}`);
    const used = await cpu.result();
    const otherCores = Math.max(0, used.machineCores - used.serverCores - run.loadCores);
    return { run, cpu: used, otherCores };
  } finally {
    await server.stop();
    await load.close();
  }
}
