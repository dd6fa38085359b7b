/**
 * In-process cluster nodes for tests: real chat servers on 127.0.0.1 port 0,
 * each a node of a cluster on the given Redis (docs/architecture.md "Cluster
 * on Redis"). Short leases keep lease tests quick.
 */
import type { ServerOptions } from '../../src/server/server-options.js';
import { startServer, type StartedServer } from './server-harness.js';

export async function startNode(
  redisUrl: string,
  nodeId: string,
  options: Partial<ServerOptions> = {},
  leaseMs = 1_500,
): Promise<StartedServer> {
  return startServer(
    { rateBurst: 1000, ratePerSecond: 1000, ...options },
    { cluster: { redisUrl, nodeId, leaseMs } },
  );
}
