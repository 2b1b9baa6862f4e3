/**
 * Runs tasks one at a time, in the order they were given: each starts once the one before has
 * settled, whether it resolved or threw. Writers wait on it instead of polling a flag.
 */
export class SerialQueue {
  /** Settles when the last task given so far has; never rejects. */
  private tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves once every task given before this call has settled. */
  idle(): Promise<void> {
    return this.tail;
  }
}
