/**
 * Fair reading under overload: at most `maxLinesPerTurn` input lines per
 * connection per event-loop turn. With no rate limit (`--rate 0`) one client
 * can send megabytes at once; handling them all in one turn would keep every
 * other connection (and every write) waiting. A connection over its budget
 * pauses its socket and continues in the next turn, where every waiting
 * connection gets a fresh budget, in the order they waited. Order within a
 * connection is kept: nothing is read while its backlog waits.
 */

/** A connection as the budget sees it. */
export interface Budgeted {
  /** Lines handled in the current turn; owned by the budget. */
  linesThisTurn: number;
  /** Called in a later turn after `wait`. */
  continueInput(): void;
}

export class InputBudget {
  private touched: Budgeted[] = [];
  private waiting: Budgeted[] = [];
  private scheduled = false;

  constructor(readonly maxLinesPerTurn: number) {}

  /** How many of `wanted` lines `reader` may handle now; charges them. */
  take(reader: Budgeted, wanted: number): number {
    const used = reader.linesThisTurn;
    const granted = Math.min(wanted, this.maxLinesPerTurn - used);
    if (granted <= 0) return 0;
    if (used === 0) {
      this.touched.push(reader);
      this.scheduleTurn();
    }
    reader.linesThisTurn = used + granted;
    return granted;
  }

  /** `reader` has lines left over: `continueInput` runs in the next turn. */
  wait(reader: Budgeted): void {
    this.waiting.push(reader);
    this.scheduleTurn();
  }

  private scheduleTurn(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.nextTurn);
  }

  private readonly nextTurn = (): void => {
    this.scheduled = false;
    const touched = this.touched;
    this.touched = [];
    for (const reader of touched) reader.linesThisTurn = 0;
    const waiting = this.waiting;
    this.waiting = [];
    for (const reader of waiting) reader.continueInput();
  };
}
