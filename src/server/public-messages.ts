/**
 * Where a public message goes once `say` made it (docs/protocol-v1.md §1.1):
 * into the history, the log and the fan-out. One process does all three at
 * once; a cluster node (cluster/cluster-public-messages.ts) does them when
 * the message comes back from the shared stream, so every node sees one order.
 */
import type { MessageEvent, Ref } from '../protocol/messages.js';
import type { SessionPort } from './handlers/context.js';
import type { History } from './history.js';
import type { Hub } from './hub.js';
import type { ServerLog } from './server-log.js';

export interface PublicMessages {
  /** A fresh message id (§1.2: increasing). */
  nextId(): number;
  /** False when the message cannot be published now (a cluster node without Redis). */
  publish(message: MessageEvent, sender: SessionPort, ref: Ref | undefined): boolean;
}

export function createLocalPublicMessages(
  hub: Hub,
  history: History,
  log: ServerLog,
  nextId: () => number,
): PublicMessages {
  return {
    nextId,
    publish(message, sender, ref) {
      history.add(message);
      // Logged first: the log line is written before any socket is (docs/protocol.md "Logs").
      log.message(message);
      if (ref === undefined) {
        hub.publish(message);
      } else {
        // §1.6 "ref": only the sender's own copy carries it; everyone else shares one buffer.
        hub.publish(message, { except: message.from });
        sender.send({ ...message, ref });
      }
      return true;
    },
  };
}
