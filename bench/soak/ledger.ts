/**
 * The status each numbered request got (0 = no answer yet or a transport error), in an array sized
 * up front, so the bookkeeping does not grow the load generator's heap during the run.
 */
export class Ledger {
  private readonly statuses: Uint16Array;
  readonly base: number;

  /** Requests numbered `base`, `base + 1`, … up to `size` of them. */
  constructor(base: number, size: number) {
    this.base = base;
    this.statuses = new Uint16Array(size);
  }

  get size(): number {
    return this.statuses.length;
  }

  set(index: number, status: number): void {
    if (index >= this.statuses.length) throw new Error(`ledger of ${this.statuses.length} overflowed`);
    this.statuses[index] = status;
  }

  /** The status of batch number `batch`, or undefined when it is not this ledger's. */
  statusOf(batch: number): number | undefined {
    const index = batch - this.base;
    return index >= 0 && index < this.statuses.length ? this.statuses[index] : undefined;
  }

  /** The batch numbers answered 202. */
  *accepted(): Generator<number> {
    for (let i = 0; i < this.statuses.length; i++) if (this.statuses[i] === 202) yield this.base + i;
  }
}
