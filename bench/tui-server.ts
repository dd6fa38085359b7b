/** A real tchat server (the built CLI) for the TUI benchmarks, on 127.0.0.1 and a free port. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface BenchServer {
  port: number;
  stop: () => Promise<void>;
}

export function startServer(
  root: string,
  logDir: string,
  extraArgs: string[],
  children: Set<ChildProcess>,
): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    [
      // Another build of tchat may serve (e.g. a stable one while src/server is being edited).
      process.env.TUI_BENCH_SERVER_BIN ?? 'bin/tchat.js',
      'server',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--quiet',
      '--log-dir',
      logDir,
      '--admin-token',
      'bench',
      ...extraArgs,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.add(child);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on \S+:(\d+)/.exec(out);
      if (match) resolve({ port: Number(match[1]), stop });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}
