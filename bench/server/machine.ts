/** One line about the machine, printed with every benchmark result. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

function openFilesLimit(): string {
  try {
    const script = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; ulimit -n';
    return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function describeMachine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const ramGiB = (os.totalmem() / 1024 ** 3).toFixed(1);
  const load = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  return [
    `machine: ${os.availableParallelism()} CPUs (${model}), ${ramGiB} GiB RAM,`,
    `Linux ${os.release()}, Node ${process.version}; open files per child: ${openFilesLimit()};`,
    `load average at start: ${load}`,
  ].join(' ');
}
