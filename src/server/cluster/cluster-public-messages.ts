/**
 * `say` on a cluster node: the message goes into the shared stream and is
 * logged, kept for history and delivered when it comes back from it
 * (cluster-node.ts), so the sender's node does not run ahead of the others.
 * Its id is made from the stream entry id (cluster-envelope.ts).
 */
import { ErrorCode } from '../../protocol/error-codes.js';
import type { PublicMessages } from '../public-messages.js';
import type { ClusterHub } from './cluster-hub.js';

export function createClusterPublicMessages(hub: ClusterHub): PublicMessages {
  return {
    // Replaced by the stream entry's id before anyone sees it.
    nextId: () => 0,
    publish(message, sender, ref) {
      return hub.say(message, ref, () =>
        // docs/protocol.md "Error codes": the sender learns it was lost.
        sender.send({
          type: 'error',
          code: ErrorCode.unavailable,
          message: 'your message was not sent: the server lost its cluster store; try again',
          ...(ref !== undefined && { ref }),
        }),
      );
    },
  };
}
