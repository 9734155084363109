type Task = { id: number; at: number; run: () => Promise<void> | void; timer?: NodeJS.Timeout };

/**
 * The simulator's clock: real time plus an offset that advance() moves forward. Timers fire on
 * whichever comes first — real time passing, or advance() jumping over them — so a standalone
 * simulator retries on the real schedule while tests compress hours into milliseconds.
 */
export class SimClock {
  private offset = 0;
  private nextId = 1;
  private readonly tasks = new Map<number, Task>();
  private closed = false;

  now(): number {
    return Date.now() + this.offset;
  }

  /** Runs fn once the virtual time reaches `at` (ms since epoch); returns a cancel function. */
  schedule(at: number, run: () => Promise<void> | void): () => void {
    const task: Task = { id: this.nextId++, at, run };
    this.tasks.set(task.id, task);
    this.arm(task);
    return () => this.cancel(task.id);
  }

  after(ms: number, run: () => Promise<void> | void): () => void {
    return this.schedule(this.now() + ms, run);
  }

  /** Moves virtual time forward and runs every task that falls due, oldest first, awaiting each. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError('advance(ms) needs a non-negative number of milliseconds');
    this.offset += ms;
    for (;;) {
      const due = [...this.tasks.values()]
        .filter((t) => t.at <= this.now())
        .sort((a, b) => a.at - b.at || a.id - b.id);
      const first = due[0];
      if (!first) break;
      await this.fire(first);
    }
    for (const task of this.tasks.values()) this.arm(task);
  }

  pending(): number {
    return this.tasks.size;
  }

  close(): void {
    this.closed = true;
    for (const task of this.tasks.values()) clearTimeout(task.timer);
    this.tasks.clear();
  }

  private arm(task: Task): void {
    if (this.closed) return;
    clearTimeout(task.timer);
    // setTimeout caps at ~24.8 days; re-arm in steps for longer waits.
    const delay = Math.min(Math.max(0, task.at - this.now()), 2 ** 31 - 1);
    task.timer = setTimeout(() => {
      if (task.at <= this.now()) void this.fire(task);
      else this.arm(task);
    }, delay);
    task.timer.unref();
  }

  private cancel(id: number): void {
    const task = this.tasks.get(id);
    if (!task) return;
    clearTimeout(task.timer);
    this.tasks.delete(id);
  }

  private async fire(task: Task): Promise<void> {
    if (!this.tasks.delete(task.id)) return;
    clearTimeout(task.timer);
    try {
      await task.run();
    } catch {
      // A task reports its own failures (delivery log); the clock keeps going.
    }
  }
}
