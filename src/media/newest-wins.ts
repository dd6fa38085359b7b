/**
 * "Newest frame wins" (docs/media.md) as a tiny scheduler: at most one job
 * runs; while it runs, only the most recent item waits, and every item it
 * replaces is counted as dropped. Used for terminal rendering and for the
 * viewer; the peer link applies the same rule to the socket.
 */

export interface NewestWins<T> {
  offer(item: T): void;
  /** Items replaced before they could be processed. */
  readonly dropped: number;
  readonly busy: boolean;
  /** Forget the waiting item; later offers are ignored. */
  stop(): void;
}

export function createNewestWins<T>(
  work: (item: T) => Promise<void>,
  onError: (error: unknown) => void = () => {},
): NewestWins<T> {
  let waiting: { item: T } | undefined;
  let busy = false;
  let stopped = false;
  let dropped = 0;

  function run(item: T): void {
    busy = true;
    work(item)
      .catch(onError)
      .finally(() => {
        busy = false;
        const next = waiting;
        waiting = undefined;
        if (next && !stopped) run(next.item);
      });
  }

  return {
    get dropped() {
      return dropped;
    },
    get busy() {
      return busy;
    },
    offer(item) {
      if (stopped) return;
      if (!busy) {
        run(item);
        return;
      }
      if (waiting) dropped += 1;
      waiting = { item };
    },
    stop() {
      stopped = true;
      waiting = undefined;
    },
  };
}
