/**
 * Runs the baseline server (baseline-server.ts) as its own process, the way
 * the benchmark runs tchat: `baseline-main.ts [--host H] [--port P] [--tls-cert F --tls-key F]`, prints
 * `baseline server listening on HOST:PORT`, stops on SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createBaselineServer } from './baseline-server.js';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
  },
});
const certFile = values['tls-cert'];
const keyFile = values['tls-key'];
const server = createBaselineServer(
  certFile !== undefined && keyFile !== undefined
    ? { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') }
    : undefined,
);
const address = await server.listen(Number(values.port), values.host);
console.log(`baseline server listening on ${address.address}:${address.port}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
