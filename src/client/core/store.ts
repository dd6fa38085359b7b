/** A minimal observable store around the pure reducer; the UI reads it with useSyncExternalStore. */
import type { ClientAction } from './actions.js';
import { reduce } from './reducer.js';
import type { ClientState } from './state.js';

export interface Store {
  getState: () => ClientState;
  dispatch: (action: ClientAction) => void;
  subscribe: (listener: () => void) => () => void;
}

export interface StoreOptions {
  /**
   * A listener threw. The default rethrows it on its own (a microtask), where
   * the process's crash handling sees it, so it is never lost.
   */
  onListenerError?: (error: unknown) => void;
}

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

export function createStore(initial: ClientState, options: StoreOptions = {}): Store {
  const onListenerError = options.onListenerError ?? rethrowLater;
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reduce(state, action);
      if (next === state) return;
      state = next;
      // One failing listener must neither starve the others nor throw into whoever dispatched
      // (a socket's data handler, a timer): the state machine has to keep going.
      for (const listener of [...listeners]) {
        try {
          listener();
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
