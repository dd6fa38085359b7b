/**
 * Starts one load worker process (load-worker.ts) and talks to it: every
 * command gets exactly one reply, in order; a `fatal` message or the
 * worker's exit fails whatever is still waiting.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnTracked } from './child-processes.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

export interface WorkerHandle {
  child: ChildProcess;
  request(message: ToWorker): Promise<FromWorker>;
}

const WORKER_PATH = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/** Extra node flags for the workers, e.g. `--cpu-prof --cpu-prof-dir=.tmp/prof` to profile them. */
const WORKER_NODE_ARGS = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);

export function startWorker(cpus: string | undefined): Promise<WorkerHandle> {
  const argv = [process.execPath, ...WORKER_NODE_ARGS, '--import', 'tsx', WORKER_PATH];
  const child = spawnTracked(argv, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    cpus,
  });
  const waiting: Array<{ resolve(m: FromWorker): void; reject(e: Error): void }> = [];
  const failAll = (error: Error): void => {
    for (const waiter of waiting.splice(0)) waiter.reject(error);
  };
  child.on('message', (message: FromWorker) => {
    if (message.type === 'fatal') failAll(new Error(`load worker failed: ${message.message}`));
    else waiting.shift()?.resolve(message);
  });
  child.once('exit', (code, signal) =>
    failAll(new Error(`load worker exited (${code ?? signal})`)),
  );
  const handle: WorkerHandle = {
    child,
    request(message) {
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.send(message);
      });
    },
  };
  // The first message a worker sends is `ready`.
  return new Promise((resolve, reject) => {
    waiting.push({ resolve: () => resolve(handle), reject });
  });
}
