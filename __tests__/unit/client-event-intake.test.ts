import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEventIntake, type ReceivedEvent } from '../../src/client/core/event-intake.js';

const said = (id: number): ReceivedEvent => ({
  event: { type: 'message', id, ts: id, from: 'bob', text: `m${id}`, private: false },
  atMs: id,
});
const ids = (batch: readonly ReceivedEvent[]): number[] =>
  batch.map((item) => (item.event.type === 'message' ? item.event.id : -1));

/** A scheduler the test turns by hand: each `turn()` runs what was scheduled before it. */
function manualTurns(): { schedule: (task: () => void) => () => void; turn: () => number } {
  let tasks: (() => void)[] = [];
  return {
    schedule(task) {
      tasks.push(task);
      return () => {
        tasks = tasks.filter((t) => t !== task);
      };
    },
    turn() {
      const now = tasks;
      tasks = [];
      for (const task of now) task();
      return now.length;
    },
  };
}

test('events read in one turn are applied together on the next, in order', () => {
  const turns = manualTurns();
  const batches: number[][] = [];
  const intake = createEventIntake({
    apply: (b) => batches.push(ids(b)),
    schedule: turns.schedule,
  });
  for (let i = 1; i <= 5; i++) intake.push(said(i));
  assert.deepEqual(batches, [], 'nothing applied while the turn is running');
  turns.turn();
  assert.deepEqual(batches, [[1, 2, 3, 4, 5]]);
  assert.equal(turns.turn(), 0, 'nothing left scheduled');
});

test('a backlog is applied maxPerBatch at a time, one batch per turn (keys get turns between)', () => {
  const turns = manualTurns();
  const batches: number[][] = [];
  const intake = createEventIntake({
    apply: (b) => batches.push(ids(b)),
    schedule: turns.schedule,
    maxPerBatch: 4,
  });
  for (let i = 1; i <= 10; i++) intake.push(said(i));
  turns.turn();
  assert.deepEqual(batches, [[1, 2, 3, 4]]);
  intake.push(said(11));
  turns.turn();
  turns.turn();
  assert.deepEqual(batches, [
    [1, 2, 3, 4],
    [5, 6, 7, 8],
    [9, 10, 11],
  ]);
});

test('flush applies what waits at once and cancels the scheduled turn', () => {
  const turns = manualTurns();
  const batches: number[][] = [];
  const intake = createEventIntake({
    apply: (b) => batches.push(ids(b)),
    schedule: turns.schedule,
  });
  intake.push(said(1));
  intake.push(said(2));
  intake.flush();
  assert.deepEqual(batches, [[1, 2]]);
  assert.equal(turns.turn(), 0);
  intake.flush();
  assert.deepEqual(batches, [[1, 2]], 'an empty flush applies nothing');
});
