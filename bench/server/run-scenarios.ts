/**
 * Runs the chosen scenarios against each server, one server process at a
 * time, baseline first, with the same load; prints a line per measurement as
 * it comes. Scenario (c) alternates the servers on each repeat so that a
 * passing disturbance on the shared machine does not hit only one of them.
 */
import type { BenchConfig } from './bench-config.js';
import { formatBytes, formatCores, formatRate, formatUs } from './report.js';
import { runCapacity, type CapacityStep } from './scenario-capacity.js';
import { runIdleMemory } from './scenario-idle-memory.js';
import { runSteadyRate } from './scenario-steady-rate.js';
import { startServer, type ServerKind, type ServerLauncher } from './servers.js';
import type { BenchResults } from './summary.js';

export interface Placement {
  workers: number;
  serverCpus: string | undefined;
  loadCpus: string | undefined;
}

export interface RunScenariosOptions {
  repoRoot: string;
  scratchDir: string;
  config: BenchConfig;
  placement: Placement;
  scenarios: ReadonlySet<string>;
  servers: readonly ServerKind[];
}

function describeStep(kind: ServerKind, step: CapacityStep): string {
  const { run, cpu } = step;
  return [
    `  ${kind.padEnd(12)} ${step.label.padEnd(24)}`,
    `delivered ${formatRate(run.deliveredPerSec).padStart(10)}`,
    `p50 ${formatUs(run.p50Us).padStart(8)}  p99 ${formatUs(run.p99Us).padStart(8)}`,
    `cores: server ${formatCores(cpu.serverCores)} load ${formatCores(run.loadCores)}`,
    `others ${formatCores(step.otherCores)}`,
    step.pass ? 'ok' : 'over',
  ].join('  ');
}

export async function runScenarios(options: RunScenariosOptions): Promise<BenchResults> {
  const { config, placement, servers } = options;
  const launcher: ServerLauncher = {
    repoRoot: options.repoRoot,
    scratchDir: options.scratchDir,
    cpus: placement.serverCpus,
  };
  const load = { workers: placement.workers, loadCpus: placement.loadCpus };
  // (b) and (c) over TLS are tchat-tls against plain tchat; a TLS baseline there costs time for nothing asked.
  const fanOutServers = servers.filter((kind) => kind !== 'baseline-tls');
  const results: BenchResults = { idle: {}, steady: {}, capacity: {} };

  if (options.scenarios.has('a')) {
    console.log(`\n(a) idle registered clients: ${config.idle.small} then ${config.idle.large}`);
    for (const kind of servers) {
      const server = await startServer(launcher, kind);
      const result = await runIdleMemory(server, { ...config.idle, ...load });
      results.idle[kind] = result;
      console.log(
        `  ${kind.padEnd(12)} RSS ${formatBytes(result.rssEmptyBytes)} → ${formatBytes(result.rssSmallBytes)}` +
          ` → ${formatBytes(result.rssLargeBytes)}: ${formatBytes(result.bytesPerAddedConnection)} per added connection`,
      );
    }
  }

  if (options.scenarios.has('b')) {
    const { clients, ratePerSec, senders } = config.steady;
    console.log(
      `\n(b) ${clients} clients, ${ratePerSec} public messages/s from ${senders} senders (tchat with its default rate limit)`,
    );
    for (const kind of fanOutServers) {
      const server = await startServer(launcher, kind, { defaultRateLimit: true });
      const result = await runSteadyRate(server, { ...config.steady, ...load });
      results.steady[kind] = result;
      const { run } = result;
      const errors = Object.entries(run.serverErrors).map(([code, n]) => `${code} ×${n}`);
      console.log(
        `  ${kind.padEnd(12)} delivered ${formatRate(run.deliveredPerSec)} (${run.delivered}/${run.expected})` +
          `  p50 ${formatUs(run.p50Us)}  p99 ${formatUs(run.p99Us)}  cores: server ${formatCores(result.cpu.serverCores)} load ${formatCores(run.loadCores)} others ${formatCores(result.otherCores)}` +
          (errors.length > 0 ? `  server errors: ${errors.join(', ')}` : ''),
      );
    }
  }

  if (options.scenarios.has('c')) {
    console.log(
      `\n(c) ${config.capacity.clients} clients, all sending, no rate limit: highest rate with p99 < ${config.capacity.p99LimitMs} ms`,
    );
    for (let attempt = 1; attempt <= config.capacityRepeats; attempt += 1) {
      const order = attempt % 2 === 1 ? fanOutServers : [...fanOutServers].reverse();
      for (const kind of order) {
        // Room for bursts: a client is never dropped as a slow consumer while the search overloads the server.
        const server = await startServer(launcher, kind, {
          extraFlags: ['--max-queued-bytes', '256MiB'],
        });
        const result = await runCapacity(server, { ...config.capacity, ...load }, (step) =>
          console.log(describeStep(kind, step)),
        );
        (results.capacity[kind] ??= []).push(result);
        if (result.aborted !== undefined)
          console.log(`  ${kind.padEnd(12)} search ended: ${result.aborted}`);
      }
    }
  }
  return results;
}
