/**
 * Scenario (c): the fan-out capacity. `clients` registered clients, all of
 * them senders, no rate limit. First a closed-loop probe (each sender keeps
 * `probeWindow` messages in flight) finds roughly how fast the server drains.
 * Then open-loop steps at fractions of that rate, in increasing order, until
 * p99 latency reaches the limit, and a few bisection steps between the last
 * rate that held and the first that did not. The result is the highest
 * delivered rate whose p99 (undelivered messages counted as infinitely late)
 * stayed under the limit: open loop, so a server that falls behind cannot
 * slow the senders down and hide its queueing.
 */
import { createLoadGenerator, type LoadGenerator, type RunSummary } from './load-generator.js';
import type { ServerUnderTest } from './server-process.js';
import { measureServerCpu, type WindowCpu } from './server-cpu.js';

export interface CapacityConfig {
  clients: number;
  probeWindow: number;
  warmupMs: number;
  durationMs: number;
  /** Open-loop rates to try, as fractions of the probe's delivered rate. */
  fractions: number[];
  refineSteps: number;
  p99LimitMs: number;
  /** Clients whose index is a multiple of this record latency; the rest only count (RunSpec.latencyEvery). */
  latencyEvery: number;
  concurrency: number;
  workers: number;
  loadCpus: string | undefined;
}

export interface CapacityStep {
  label: string;
  /** Offered deliveries per second (open loop only). */
  offeredPerSec: number | undefined;
  run: RunSummary;
  cpu: WindowCpu;
  pass: boolean;
}

export interface CapacityResult {
  probe: CapacityStep;
  steps: CapacityStep[];
  /** The passing step with the highest delivered rate, if any passed. */
  best: CapacityStep | undefined;
}

export async function runCapacity(
  server: ServerUnderTest,
  config: CapacityConfig,
  onStep: (step: CapacityStep) => void,
): Promise<CapacityResult> {
  const load = await createLoadGenerator({
    host: server.host,
    port: server.port,
    workers: config.workers,
    namePrefix: 'cap',
    cpus: config.loadCpus,
  });
  const measure = async (
    label: string,
    offeredPerSec: number | undefined,
    mode: { mode: 'open'; ratePerSec: number } | { mode: 'closed'; window: number },
  ): Promise<CapacityStep> => {
    const cpu = measureServerCpu(server);
    const run = await load.run(
      {
        ...mode,
        senders: config.clients,
        warmupMs: config.warmupMs,
        durationMs: config.durationMs,
        latencyEvery: config.latencyEvery,
      },
      cpu.hooks,
    );
    if (server.exitStatus() !== null) throw new Error(`${server.label} ${server.exitStatus()}`);
    const pass = run.p99Us < config.p99LimitMs * 1000 && run.disconnects === 0;
    const step = { label, offeredPerSec, run, cpu: await cpu.result(), pass };
    onStep(step);
    return step;
  };
  const openStep = (load: LoadGenerator, deliveriesPerSec: number): Promise<CapacityStep> =>
    measure(`open ${(deliveriesPerSec / 1e6).toFixed(2)} M/s`, deliveriesPerSec, {
      mode: 'open',
      ratePerSec: deliveriesPerSec / load.clientCount,
    });

  try {
    await load.connect(config.clients, config.concurrency);
    const probe = await measure(`closed loop, window ${config.probeWindow}`, undefined, {
      mode: 'closed',
      window: config.probeWindow,
    });
    const capacity = probe.run.deliveredPerSec;
    const steps: CapacityStep[] = [];
    let lastPass: number | undefined;
    let firstFail: number | undefined;
    for (const fraction of config.fractions) {
      const step = await openStep(load, capacity * fraction);
      steps.push(step);
      if (!step.pass) {
        firstFail = capacity * fraction;
        break;
      }
      lastPass = capacity * fraction;
    }
    for (
      let k = 0;
      k < config.refineSteps && lastPass !== undefined && firstFail !== undefined;
      k += 1
    ) {
      const middle = (lastPass + firstFail) / 2;
      const step = await openStep(load, middle);
      steps.push(step);
      if (step.pass) lastPass = middle;
      else firstFail = middle;
    }
    const passing = steps.filter((step) => step.pass);
    const best = passing.reduce<CapacityStep | undefined>(
      (top, step) => (top && top.run.deliveredPerSec >= step.run.deliveredPerSec ? top : step),
      undefined,
    );
    return { probe, steps, best };
  } finally {
    await server.stop();
    await load.close();
  }
}
