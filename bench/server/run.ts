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
import { TLS_HEADERS, tlsSummaryRows } from './summary-tls.js';
import { SERVER_KINDS, type ServerKind } from './servers.js';

const HELP = `Usage: npm run bench:server -- [flags]

  --quick            short smoke run (fewer clients, shorter windows)
  --only LIST        scenarios to run, e.g. "a,c" (default a,b,c)
  --servers LIST     of baseline,tchat,baseline-tls,tchat-tls (default all four;
                     (b) and (c) leave baseline-tls out: their TLS figure is
                     tchat over TLS against tchat plain)
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
    servers: { type: 'string', default: SERVER_KINDS.join(',') },
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
  const servers = values.servers.split(',').map((s) => s.trim()) as ServerKind[];
  if (!servers.every((s) => SERVER_KINDS.includes(s))) {
    console.error(`--servers: expected some of ${SERVER_KINDS.join(',')}, got ${values.servers}`);
    return 2;
  }
  if (servers.some((s) => s.startsWith('tchat')) && !values['skip-build']) {
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
  const tlsRows = tlsSummaryRows(results, config);
  if (tlsRows.length > 0) {
    console.log('\nTLS (clients over TLS 1.3 on the same port):\n');
    console.log(renderTable(tlsRows, TLS_HEADERS));
  }
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
