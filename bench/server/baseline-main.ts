/**
 * Runs the baseline server (baseline-server.ts) as its own process, the way
 * the benchmark runs tchat: `baseline-main.ts [--host H] [--port P]`, prints
 * `baseline server listening on HOST:PORT`, stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { createBaselineServer } from './baseline-server.js';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
  },
});
const server = createBaselineServer();
const address = await server.listen(Number(values.port), values.host);
console.log(`baseline server listening on ${address.address}:${address.port}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
