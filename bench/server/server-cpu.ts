/**
 * CPU use over a run's measurement window, read from /proc when the window
 * opens and closes (load-generator.ts calls the hooks on timers at those
 * instants): the server under test's own CPU time, and how busy the whole
 * machine was, so that a step disturbed by other programs shows up as such.
 */
import { readFile } from 'node:fs/promises';
import type { WindowHooks } from './load-generator.js';
import type { ServerUnderTest } from './server-process.js';

export interface WindowCpu {
  /** Server CPU during the window, in cores (1 = one core fully busy). */
  serverCores: number;
  /** All busy CPU time of the machine during the window, in cores. */
  machineCores: number;
}

export interface ServerCpuMeter {
  hooks: WindowHooks;
  result(): Promise<WindowCpu>;
}

interface Reading {
  serverUs: number;
  machineUs: number;
  atMs: number;
}

/** Busy time of all CPUs from the first line of /proc/stat (100 Hz ticks), µs. */
async function machineBusyUs(): Promise<number> {
  const stat = await readFile('/proc/stat', 'utf8');
  const fields = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return (total - idle) * 10_000;
}

export function measureServerCpu(server: ServerUnderTest): ServerCpuMeter {
  let start: Promise<Reading> | undefined;
  let end: Promise<Reading> | undefined;
  const read = async (): Promise<Reading> => {
    const [serverUs, machineUs] = await Promise.all([server.cpuUs(), machineBusyUs()]);
    return { serverUs, machineUs, atMs: performance.now() };
  };
  return {
    hooks: {
      windowStart() {
        start = read();
      },
      windowEnd() {
        end = read();
      },
    },
    async result() {
      if (!start || !end) return { serverCores: Number.NaN, machineCores: Number.NaN };
      const [a, b] = await Promise.all([start, end]);
      const spanUs = (b.atMs - a.atMs) * 1000;
      return {
        serverCores: (b.serverUs - a.serverUs) / spanUs,
        machineCores: (b.machineUs - a.machineUs) / spanUs,
      };
    },
  };
}
