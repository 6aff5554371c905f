// Settled results handed to one consumer in the order they settle (linear time,
// unlike racing every pending promise on each step).

export class CompletionQueue<T> {
  private readonly settled: PromiseSettledResult<T>[] = [];
  private wake: (() => void) | undefined;
  private outstanding = 0;

  add(promise: PromiseLike<T>): void {
    this.outstanding += 1;
    promise.then(
      (value) => this.push({ status: "fulfilled", value }),
      (reason: unknown) => this.push({ status: "rejected", reason }),
    );
  }

  /** Promises added but not yet taken with next(). */
  get size(): number {
    return this.outstanding;
  }

  /** The next result to settle; undefined once nothing is outstanding. */
  async next(): Promise<PromiseSettledResult<T> | undefined> {
    if (this.outstanding === 0) return undefined;
    while (this.settled.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    this.outstanding -= 1;
    return this.settled.shift();
  }

  private push(result: PromiseSettledResult<T>): void {
    this.settled.push(result);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
