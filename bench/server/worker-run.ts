/**
 * One measured run inside a load worker (see RunSpec in worker-messages.ts):
 * sends this worker's share of the messages, open or closed loop, records the
 * latency of every delivery of an in-window message, then drains.
 */
import type { BenchClient } from './bench-client.js';
import { nowUs, sayLine } from './bench-wire.js';
import { createLatencyHistogram } from './latency-histogram.js';
import type { RunSpec, WorkerRunResult } from './worker-messages.js';

export interface ActiveRun {
  onMessage(client: BenchClient, sendUs: number, sender: number, receivedUs: number): void;
  onBatch(count: number, firstUs: number, lastUs: number, receivedUs: number): boolean;
  onServerError(code: string): void;
  onDisconnect(): void;
  readonly finished: Promise<WorkerRunResult>;
}

/** Open-loop scheduler tick: timers fire at best every millisecond anyway. */
const TICK_MS = 1;
const DRAIN_POLL_MS = 20;
/**
 * A counted chunk is all inside (or all outside) the window only if its end
 * stamps are this far from the window's edges: messages from different
 * senders may reach the server slightly out of stamp order.
 */
const EDGE_MARGIN_US = 20_000;

export function createRun(spec: RunSpec, clients: readonly BenchClient[]): ActiveRun {
  const histogram = createLatencyHistogram();
  const senders = new Map<number, BenchClient>();
  let probeClients = 0;
  for (const client of clients) {
    if (client.index < spec.senders && client.isOpen) senders.set(client.index, client);
    const probe = spec.mode === 'closed' || client.index % spec.latencyEvery === 0;
    client.setCountOnly(!probe);
    if (probe) probeClients += 1;
  }
  const serverErrors: Record<string, number> = {};
  let sent = 0;
  let delivered = 0;
  let disconnects = 0;
  let outsideWindow = 0;
  let lastDeliveryUs = 0;
  let sending = true;
  let cpuAtStart = process.cpuUsage();
  let cpuUs = 0;

  function sendFrom(client: BenchClient): void {
    const sendUs = nowUs();
    if (sendUs >= spec.endUs) return;
    client.write(sayLine(sendUs, client.index, spec.padding));
    if (sendUs >= spec.measureFromUs) sent += 1;
  }

  function startOpenLoop(ratePerSec: number): void {
    let next = 0;
    const tick = (): void => {
      const now = nowUs();
      if (now >= spec.endUs) return;
      const due = Math.floor(((now - spec.startUs) * ratePerSec) / 1e6);
      // Every worker walks the whole schedule and sends the messages whose sender it holds.
      for (; next <= due; next += 1) {
        const client = senders.get(next % spec.senders);
        if (client) sendFrom(client);
      }
      setTimeout(tick, TICK_MS);
    };
    tick();
  }

  function startClosedLoop(window: number): void {
    for (const client of senders.values()) {
      for (let k = 0; k < window; k += 1) sendFrom(client);
    }
  }

  const finished = new Promise<WorkerRunResult>((resolve) => {
    const at = (us: number, action: () => void): void => {
      setTimeout(action, Math.max(0, (us - nowUs()) / 1000));
    };
    at(spec.startUs, () => {
      if (spec.mode === 'open') startOpenLoop(spec.ratePerSec);
      else startClosedLoop(spec.window);
    });
    at(spec.measureFromUs, () => {
      cpuAtStart = process.cpuUsage();
    });
    at(spec.endUs, () => {
      sending = false;
      const cpu = process.cpuUsage(cpuAtStart);
      cpuUs = cpu.user + cpu.system;
      const poll = setInterval(() => {
        const now = nowUs();
        const quiet = now - Math.max(lastDeliveryUs, spec.endUs) >= spec.quietMs * 1000;
        if (!quiet && now - spec.endUs < spec.maxDrainMs * 1000) return;
        clearInterval(poll);
        resolve({
          sent,
          delivered,
          histogram: histogram.snapshot(),
          probeClients,
          cpuUs,
          spanUs: now - spec.measureFromUs,
          serverErrors,
          disconnects,
          outsideWindow,
        });
      }, DRAIN_POLL_MS);
    });
  });

  return {
    onMessage(client, sendUs, sender, receivedUs) {
      if (sendUs >= spec.measureFromUs && sendUs < spec.endUs) {
        delivered += 1;
        histogram.record(receivedUs - sendUs);
        lastDeliveryUs = receivedUs;
      } else {
        outsideWindow += 1;
      }
      if (spec.mode === 'closed' && sending && sender === client.index && senders.has(sender)) {
        sendFrom(client);
      }
    },
    onBatch(count, firstUs, lastUs, receivedUs) {
      const low = Math.min(firstUs, lastUs);
      const high = Math.max(firstUs, lastUs);
      if (low - EDGE_MARGIN_US >= spec.measureFromUs && high + EDGE_MARGIN_US < spec.endUs) {
        delivered += count;
        lastDeliveryUs = receivedUs;
        return true;
      }
      if (high + EDGE_MARGIN_US < spec.measureFromUs || low - EDGE_MARGIN_US >= spec.endUs) {
        outsideWindow += count;
        return true;
      }
      return false;
    },
    onServerError(code) {
      serverErrors[code] = (serverErrors[code] ?? 0) + 1;
    },
    onDisconnect() {
      disconnects += 1;
    },
    finished,
  };
}
