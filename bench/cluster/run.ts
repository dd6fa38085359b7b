/**
 * `npm run bench:cluster [-- --quick] [-- --skip-build]`: the cluster
 * benchmark (docs/benchmarks-cluster.md). Same run, same load machinery as
 * bench:server: one node in memory, one node on Redis, two nodes on Redis
 * with the clients split between them. Scenario (b) (steady 50 msg/s) for
 * all three; scenario (c) (capacity at p99 < 100 ms) for the single nodes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL, QUICK } from '../server/bench-config.js';
import { installChildCleanup, killAllChildren } from '../server/child-processes.js';
import { createLatencyHistogram } from '../server/latency-histogram.js';
import { createLoadGenerator, type RunSummary } from '../server/load-generator.js';
import { describeMachine } from '../server/machine.js';
import { formatCores, formatRate, formatUs } from '../server/report.js';
import { runCapacity } from '../server/scenario-capacity.js';
import { measureServerCpu } from '../server/server-cpu.js';
import type { ServerUnderTest } from '../server/server-process.js';
import { startServer, type ServerLauncher } from '../server/servers.js';
import { startRedis, type RedisProcess } from './redis-process.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    only: { type: 'string', default: 'b,c' },
  },
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const config = values.quick ? QUICK : FULL;
const lines: string[] = [];
const say = (line: string): void => {
  lines.push(line);
  console.log(line);
};

function asServer(redis: RedisProcess): ServerUnderTest {
  return {
    label: 'redis',
    pid: redis.pid,
    host: '127.0.0.1',
    port: 0,
    tls: false,
    exitStatus: () => null,
    rssBytes: () => Promise.resolve(0),
    cpuUs: () => redis.cpuUs(),
    output: () => '',
    stop: () => Promise.resolve(),
  };
}

function row(label: string, run: RunSummary, cpu: string): void {
  say(
    `| ${label} | ${formatRate(run.deliveredPerSec)} | ${formatUs(run.p50Us)} | ${formatUs(run.p99Us)} | ${cpu} |`,
  );
}

/** `count` nodes, the clients and senders split evenly; one window, measured together. */
async function steadyNodes(
  launcher: ServerLauncher,
  label: string,
  count: number,
  onRedis: boolean,
): Promise<void> {
  const redis = onRedis ? await startRedis() : undefined;
  const servers = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      startServer(launcher, 'tchat', {
        extraFlags: redis ? ['--redis', redis.url, '--node-id', `n${i + 1}`] : [],
      }),
    ),
  );
  const loads = await Promise.all(
    servers.map((server, i) =>
      createLoadGenerator({
        host: server.host,
        port: server.port,
        workers: 1,
        namePrefix: `n${i}-`,
      }),
    ),
  );
  const share = Math.floor(config.steady.clients / count);
  for (const load of loads) await load.connect(share, config.steady.concurrency);
  const measured = redis ? [...servers, asServer(redis)] : servers;
  const meters = measured.map((server) => measureServerCpu(server));
  const hooks = {
    windowStart: () => meters.forEach((meter) => meter.hooks.windowStart()),
    windowEnd: () => meters.forEach((meter) => meter.hooks.windowEnd()),
  };
  const runs = await Promise.all(
    loads.map((load, i) =>
      load.run(
        {
          mode: 'open',
          ratePerSec: config.steady.ratePerSec / count,
          senders: Math.floor(config.steady.senders / count),
          warmupMs: config.steady.warmupMs,
          durationMs: config.steady.durationMs,
        },
        i === 0 ? hooks : undefined,
      ),
    ),
  );
  const histogram = createLatencyHistogram();
  for (const run of runs) histogram.merge(run.histogram.snapshot());
  const cores = await Promise.all(meters.map((meter) => meter.result()));
  const merged = {
    ...runs[0]!,
    deliveredPerSec: runs.reduce((sum, run) => sum + run.deliveredPerSec, 0),
    p50Us: histogram.quantileUs(0.5),
    p99Us: histogram.quantileUs(0.99),
  };
  const nodeCores = cores.slice(0, count).map((core) => formatCores(core.serverCores));
  const redisCores = redis ? `, redis ${formatCores(cores[count]!.serverCores)}` : '';
  const machine = cores[0]!.machineCores;
  row(label, merged, `node ${nodeCores.join(' + ')}${redisCores}; machine ${formatCores(machine)}`);
  await Promise.all(loads.map((load) => load.close()));
  await Promise.all(servers.map((server) => server.stop()));
  await redis?.stop();
}

async function capacity(launcher: ServerLauncher, label: string, onRedis: boolean): Promise<void> {
  const redis = onRedis ? await startRedis() : undefined;
  const server = await startServer(launcher, 'tchat', {
    extraFlags: redis ? ['--redis', redis.url, '--node-id', 'n1'] : [],
  });
  const result = await runCapacity(
    server,
    { ...config.capacity, workers: 1, loadCpus: undefined },
    () => {},
  );
  await server.stop();
  await redis?.stop();
  const best = result.best;
  say(
    best
      ? `| ${label} | ${formatRate(best.run.deliveredPerSec)} | ${formatUs(best.run.p50Us)} | ${formatUs(best.run.p99Us)} | node ${formatCores(best.cpu.serverCores)} |`
      : `| ${label} | no step passed${result.aborted ? ` (${result.aborted})` : ''} | | | |`,
  );
}

async function main(): Promise<void> {
  installChildCleanup();
  if (!values['skip-build']) {
    const built = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const scratchDir = path.join(repoRoot, '.tmp', 'bench-cluster');
  mkdirSync(scratchDir, { recursive: true });
  const launcher: ServerLauncher = { repoRoot, scratchDir, cpus: undefined };
  const only = new Set(values.only.split(','));
  say(`Machine: ${describeMachine()}`);
  if (only.has('b')) {
    const { clients, senders, ratePerSec, durationMs } = config.steady;
    say(
      `\n(b) ${clients} clients, ${ratePerSec} msg/s from ${senders} senders, ${durationMs / 1000} s window\n`,
    );
    say('| setup | delivered/s | p50 | p99 | CPU (cores) |');
    say('| --- | --- | --- | --- | --- |');
    await steadyNodes(launcher, 'one node in memory', 1, false);
    await steadyNodes(launcher, 'one node on Redis', 1, true);
    await steadyNodes(launcher, 'two nodes on Redis, clients split', 2, true);
  }
  if (only.has('c')) {
    say(
      `\n(c) capacity: ${config.capacity.clients} clients, highest delivered/s at p99 < ${config.capacity.p99LimitMs} ms\n`,
    );
    say('| setup | delivered/s | p50 | p99 | CPU (cores) |');
    say('| --- | --- | --- | --- | --- |');
    await capacity(launcher, 'one node in memory', false);
    await capacity(launcher, 'one node on Redis', true);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    killAllChildren();
    process.exit(1);
  },
);
