/** A minimal observable store around the pure reducer; the UI reads it with useSyncExternalStore. */
import type { ClientAction } from './actions.js';
import { reduce } from './reducer.js';
import type { ClientState } from './state.js';

export interface Store {
  getState: () => ClientState;
  dispatch: (action: ClientAction) => void;
  subscribe: (listener: () => void) => () => void;
}

export function createStore(initial: ClientState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reduce(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
