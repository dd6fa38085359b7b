/**
 * `npm run bench:server [-- flags]`: the server benchmark
 * (docs/benchmarks-server.md).
 * Runs the baseline and tchat (the real CLI from dist/, built first) under the
 * same loads, one server at a time, and prints tchat/baseline ratios. See
 * docs/benchmarks-server.md for the method and `--help` for the flags.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL, QUICK } from './bench-config.js';
import { installChildCleanup, killAllChildren } from './child-processes.js';
import { describeMachine } from './machine.js';
import { renderTable } from './report.js';
import { runScenarios, type Placement } from './run-scenarios.js';
import { summaryRows } from './summary.js';

const HELP = `Usage: npm run bench:server -- [flags]

  --quick            short smoke run (fewer clients, shorter windows)
  --only LIST        scenarios to run, e.g. "a,c" (default a,b,c)
  --servers LIST     "baseline,tchat" (default both)
  --workers N        load-generator processes (default 1)
  --pin              pin the server under test to CPU 0 and the load workers to CPU 1 (taskset)
  --repeat N         capacity searches per server in (c); the best counts (default 2, quick 1)
  --skip-build       do not run \`npm run build\` first (dist/ must be current)
  --json FILE        also write every measurement as JSON
  --help             this text`;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: 'a,b,c' },
    servers: { type: 'string', default: 'baseline,tchat' },
    workers: { type: 'string', default: '1' },
    pin: { type: 'boolean', default: false },
    repeat: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<number> {
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  installChildCleanup();
  const config = { ...(values.quick ? QUICK : FULL) };
  if (values.repeat !== undefined) config.capacityRepeats = Math.max(1, Number(values.repeat));
  const scenarios = new Set(values.only.split(',').map((s) => s.trim()));
  const servers = values.servers.split(',').map((s) => s.trim());
  if (!servers.every((s) => s === 'baseline' || s === 'tchat')) {
    console.error(`--servers: expected baseline and/or tchat, got ${values.servers}`);
    return 2;
  }
  if (servers.includes('tchat') && !values['skip-build']) {
    console.log('building tchat (npm run build) …');
    const build = spawnSync('npm', ['run', 'build', '--silent'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (build.status !== 0) {
      if (!existsSync(path.join(repoRoot, 'dist/cli/main.js'))) return 1;
      console.error('bench: the build reported errors; benchmarking the dist/ it produced anyway');
    }
  }
  const scratchDir = path.join(repoRoot, '.tmp', 'bench-server');
  mkdirSync(scratchDir, { recursive: true });
  const placement: Placement = {
    workers: Math.max(1, Number(values.workers)),
    serverCpus: values.pin ? '0' : undefined,
    loadCpus: values.pin ? '1' : undefined,
  };

  console.log(describeMachine());
  console.log(
    `load: ${placement.workers} worker process(es)` +
      (values.pin ? '; server pinned to CPU 0, load workers to CPU 1' : '; no CPU pinning'),
  );
  const results = await runScenarios({
    repoRoot,
    scratchDir,
    config,
    placement,
    scenarios,
    servers,
  });

  console.log(`\nResults (${values.quick ? 'quick smoke run' : 'full run'}):\n`);
  console.log(renderTable(summaryRows(results, config)));
  if (values.json !== undefined) {
    writeFileSync(
      values.json,
      `${JSON.stringify({ machine: describeMachine(), config, results }, null, 2)}\n`,
    );
    console.log(`\nevery measurement: ${values.json}`);
  }
  return 0;
}

main().then(
  (code) => {
    killAllChildren();
    process.exit(code);
  },
  (error: unknown) => {
    console.error('bench failed:', error instanceof Error ? error.message : error);
    killAllChildren();
    process.exit(1);
  },
);
