/**
 * Getting our name back after a drop: the server may still
 * hold our old session until its idle timeout, so the reducer counts each
 * `name_taken` for that name as a reclaim attempt, and this asks again after
 * a backoff — until the reducer gives up and shows the name prompt.
 */
import { backoffDelayMs, RECLAIM_BACKOFF, type BackoffOptions } from './backoff.js';
import type { ClientState } from './state.js';

export interface NameReclaimer {
  /** After a server `error`: if it counted a new reclaim attempt, schedule the next `hello`. */
  afterError(before: ClientState): void;
  cancel(): void;
}

export function createNameReclaimer(options: {
  getState: () => ClientState;
  /** Sends `hello` with this name if the connection is open. */
  retry: (name: string) => void;
  backoff?: BackoffOptions | undefined;
}): NameReclaimer {
  let timer: NodeJS.Timeout | null = null;

  function cancel(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  return {
    cancel,
    afterError(before) {
      const after = options.getState().registration;
      if (after.kind !== 'registering' || !after.reclaim) return;
      const previous = before.registration;
      if (previous.kind === 'registering' && previous.reclaim?.attempts === after.reclaim.attempts)
        return;
      cancel();
      const delayMs = backoffDelayMs(after.reclaim.attempts, options.backoff ?? RECLAIM_BACKOFF);
      timer = setTimeout(() => {
        timer = null;
        const registration = options.getState().registration;
        if (registration.kind === 'registering') options.retry(registration.name);
      }, delayMs);
      timer.unref();
    },
  };
}
