/**
 * Owns every timer the simulator starts, so stop() can clear them all and leave nothing behind.
 */
export class Scheduler {
  private readonly timeouts = new Set<NodeJS.Timeout>();
  private readonly intervals = new Set<NodeJS.Timeout>();

  after(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timeouts.delete(timer);
      fn();
    }, ms);
    this.timeouts.add(timer);
    return timer;
  }

  every(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setInterval(fn, ms);
    this.intervals.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout | undefined): void {
    if (!timer) return;
    clearTimeout(timer);
    clearInterval(timer);
    this.timeouts.delete(timer);
    this.intervals.delete(timer);
  }

  /**
   * A sleep cut short by clearAll() never settles: its only waiters are request handlers whose
   * sockets stop() destroys, and waking them would make them write into dead responses.
   */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  clearAll(): void {
    for (const timer of this.timeouts) clearTimeout(timer);
    for (const timer of this.intervals) clearInterval(timer);
    this.timeouts.clear();
    this.intervals.clear();
  }
}
