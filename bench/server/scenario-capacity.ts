/**
 * Scenario (c): the fan-out capacity. `clients` registered clients, all of
 * them senders, no rate limit. A closed-loop probe (each sender keeps
 * `probeWindow` messages in flight) gives a starting point; then open-loop
 * steps, each `growth` times the last, until p99 latency reaches the limit,
 * and a few bisection steps between the last rate that held and the first
 * that did not. The result is the highest delivered rate whose p99
 * (undelivered messages counted as infinitely late) stayed under the limit:
 * open loop, so a server that falls behind cannot slow the senders down and
 * hide its queueing.
 *
 * Before every step the server must have handled and delivered everything
 * sent before (each sender gets a sync message of its own back), so a step
 * never pays for the previous one's backlog. (Waiting for silence is not
 * enough: an overloaded server may spend seconds in one event-loop turn on
 * the input backed up in its sockets before it writes anything.) A failing step during which other programs took CPU is run again
 * once: the machine is shared.
 */
import { createLoadGenerator, type RunSummary } from './load-generator.js';
import type { ServerUnderTest } from './server-process.js';
import { measureServerCpu, type WindowCpu } from './server-cpu.js';

export interface CapacityConfig {
  clients: number;
  probeWindow: number;
  warmupMs: number;
  durationMs: number;
  /** First open-loop rate, as a fraction of the probe's delivered rate. */
  startFraction: number;
  /** Each open-loop step offers this many times the previous one. */
  growth: number;
  maxSteps: number;
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
  /** CPU other programs used during the window, in cores. */
  otherCores: number;
  pass: boolean;
}

export interface CapacityResult {
  probe: CapacityStep;
  steps: CapacityStep[];
  /** The passing step with the highest delivered rate, if any passed. */
  best: CapacityStep | undefined;
  /** Why the search stopped early, if it did. */
  aborted?: string;
}

/** A step disturbed by more than this much CPU of other programs is retried once if it fails. */
const DISTURBED_CORES = 0.25;
const MAX_SYNC_WAIT_MS = 60_000;

export async function runCapacity(
  server: ServerUnderTest,
  config: CapacityConfig,
  onStep: (step: CapacityStep) => void,
): Promise<CapacityResult> {
  const load = await createLoadGenerator({
    host: server.host,
    port: server.port,
    tls: server.tls,
    workers: config.workers,
    namePrefix: 'cap',
    cpus: config.loadCpus,
  });
  const measure = async (
    label: string,
    mode: { mode: 'open'; ratePerSec: number } | { mode: 'closed'; window: number },
  ): Promise<CapacityStep> => {
    if (!(await load.sync(config.clients, MAX_SYNC_WAIT_MS))) {
      throw new Error(`${server.label} still working off its backlog after ${MAX_SYNC_WAIT_MS} ms`);
    }
    const meter = measureServerCpu(server);
    const run = await load.run(
      {
        ...mode,
        senders: config.clients,
        warmupMs: config.warmupMs,
        durationMs: config.durationMs,
        latencyEvery: config.latencyEvery,
      },
      meter.hooks,
    );
    if (server.exitStatus() !== null) throw new Error(`${server.label} ${server.exitStatus()}`);
    const cpu = await meter.result();
    const step: CapacityStep = {
      label,
      offeredPerSec: mode.mode === 'open' ? mode.ratePerSec * load.clientCount : undefined,
      run,
      cpu,
      otherCores: Math.max(0, cpu.machineCores - cpu.serverCores - run.loadCores),
      pass: run.p99Us < config.p99LimitMs * 1000 && run.disconnects === 0,
    };
    onStep(step);
    return step;
  };
  const openStep = async (deliveriesPerSec: number): Promise<CapacityStep> => {
    const label = `open ${(deliveriesPerSec / 1e6).toFixed(2)} M/s`;
    const mode = { mode: 'open' as const, ratePerSec: deliveriesPerSec / load.clientCount };
    const step = await measure(label, mode);
    if (step.pass || step.otherCores <= DISTURBED_CORES) return step;
    return measure(`${label} again`, mode);
  };

  const steps: CapacityStep[] = [];
  let probe: CapacityStep | undefined;
  let aborted: string | undefined;
  try {
    await load.connect(config.clients, config.concurrency);
    probe = await measure(`closed loop, window ${config.probeWindow}`, {
      mode: 'closed',
      window: config.probeWindow,
    });
    let lastPass: number | undefined;
    let firstFail: number | undefined;
    let rate = probe.run.deliveredPerSec * config.startFraction;
    for (let k = 0; k < config.maxSteps && firstFail === undefined; k += 1, rate *= config.growth) {
      const step = await openStep(rate);
      steps.push(step);
      if (step.pass) lastPass = rate;
      else firstFail = rate;
    }
    // The very first step failed (a slower variant such as TLS, or a busy machine): step down
    // until one passes, so the search still reports a rate instead of nothing.
    for (
      let k = 0, down = (firstFail ?? 0) / config.growth;
      k < config.maxSteps && lastPass === undefined && firstFail !== undefined;
      k += 1, down /= config.growth
    ) {
      const step = await openStep(down);
      steps.push(step);
      if (step.pass) lastPass = down;
      else firstFail = down;
    }
    for (
      let k = 0;
      k < config.refineSteps && lastPass !== undefined && firstFail !== undefined;
      k += 1
    ) {
      const middle = (lastPass + firstFail) / 2;
      const step = await openStep(middle);
      steps.push(step);
      if (step.pass) lastPass = middle;
      else firstFail = middle;
    }
    if (firstFail === undefined)
      aborted = `p99 stayed under the limit up to ${config.maxSteps} steps`;
  } catch (error) {
    if (probe === undefined) throw error;
    aborted = error instanceof Error ? error.message : String(error);
  } finally {
    await server.stop();
    await load.close();
  }
  const best = steps
    .filter((step) => step.pass)
    .reduce<CapacityStep | undefined>(
      (top, step) => (top && top.run.deliveredPerSec >= step.run.deliveredPerSec ? top : step),
      undefined,
    );
  return { probe, steps, best, ...(aborted === undefined ? {} : { aborted }) };
}
