/**
 * A load worker process: holds a share of the benchmark clients, sends its
 * share of each run's messages, and measures the deliveries its clients
 * receive. Driven by the coordinator over IPC (worker-messages.ts); exits when
 * the coordinator goes away.
 */
import { connectBenchClient, type BenchClient, type BenchClientEvents } from './bench-client.js';
import { sayLine } from './bench-wire.js';
import { createRun, type ActiveRun } from './worker-run.js';
import type { ClientSpec, FromWorker, ToWorker } from './worker-messages.js';

const REGISTER_TIMEOUT_MS = 60_000;

const clients: BenchClient[] = [];
let activeRun: ActiveRun | undefined;
/** Senders whose sync message has not come back yet, and what to call when none is left. */
let syncing: { pending: Set<number>; done(): void } | undefined;

const events: BenchClientEvents = {
  message(client, sendUs, sender, receivedUs) {
    if (sendUs === SYNC_STAMP) {
      if (
        sender === client.index &&
        syncing?.pending.delete(sender) &&
        syncing.pending.size === 0
      ) {
        syncing.done();
      }
      return;
    }
    activeRun?.onMessage(client, sendUs, sender, receivedUs);
  },
  batch(_client, count, firstUs, lastUs, receivedUs) {
    return activeRun?.onBatch(count, firstUs, lastUs, receivedUs) ?? true;
  },
  serverError(_client, code) {
    activeRun?.onServerError(code);
  },
  closed() {
    activeRun?.onDisconnect();
  },
};

function send(message: FromWorker): void {
  process.send?.(message);
}

async function connectAll(
  host: string,
  port: number,
  useTls: boolean,
  specs: ClientSpec[],
  concurrency: number,
): Promise<FromWorker> {
  let next = 0;
  let registered = 0;
  const failures: string[] = [];
  // A bounded number of registrations in flight: a realistic arrival rate, not a SYN flood.
  async function lane(): Promise<void> {
    for (let spec = specs[next++]; spec !== undefined; spec = specs[next++]) {
      const client = connectBenchClient({
        host,
        port,
        index: spec.index,
        name: spec.name,
        registerTimeoutMs: REGISTER_TIMEOUT_MS,
        events,
        tls: useTls,
      });
      clients.push(client);
      try {
        await client.registered;
        registered += 1;
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { type: 'connected', registered, failures: failures.slice(0, 20) };
}

/** A stamp no run's window contains: marks sync messages. */
const SYNC_STAMP = 0;

/** See `sync` in worker-messages.ts: the server's backlog from earlier sends is gone once this resolves true. */
function sync(senders: number, maxWaitMs: number): Promise<boolean> {
  const pending = new Set<number>();
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), maxWaitMs);
    function finish(ok: boolean): void {
      clearTimeout(timer);
      syncing = undefined;
      resolve(ok);
    }
    syncing = { pending, done: () => finish(true) };
    for (const client of clients) {
      if (client.index >= senders || !client.isOpen) continue;
      // Counting clients do not read lines one by one; the sync copy must be read.
      client.setCountOnly(false);
      pending.add(client.index);
      client.write(sayLine(SYNC_STAMP, client.index, 'sync'));
    }
    if (pending.size === 0) finish(true);
  });
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'connect':
      send(
        await connectAll(
          message.host,
          message.port,
          message.tls,
          message.clients,
          message.concurrency,
        ),
      );
      return;
    case 'run': {
      const run = createRun(message.spec, clients);
      activeRun = run;
      const result = await run.finished;
      activeRun = undefined;
      send({ type: 'result', result });
      return;
    }
    case 'sync':
      send({ type: 'synced', ok: await sync(message.senders, message.maxWaitMs) });
      return;
    case 'close':
      for (const client of clients) client.destroy();
      clients.length = 0;
      send({ type: 'closed' });
      return;
    default: {
      const unexpected: never = message;
      throw new Error(`unknown command ${JSON.stringify(unexpected)}`);
    }
  }
}

process.on('message', (message: ToWorker) => {
  handle(message).catch((error: unknown) => {
    send({
      type: 'fatal',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  });
});
// The coordinator is gone (finished, crashed or killed): never outlive it.
process.on('disconnect', () => {
  for (const client of clients) client.destroy();
  process.exit(0);
});
send({ type: 'ready' });
