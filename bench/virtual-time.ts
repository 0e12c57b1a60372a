/**
 * A virtual clock for a bench in one process (bench/bulk.ts): Date answers a `now` that moves only when no tracked
 * call is on the wire, jumping to the next timer; the sandbox, the signatures and the code measured read the same time.
 */
/**
 * Virtual time for everyone in this process until restore(): Date answers `now`, which moves only when no
 * tracked call is on the wire, jumping to the next timer set through after() or sleep().
 */
export function virtualTime(start: number) {
  const RealDate = Date;
  let now = start;
  let seq = 0;
  let busy = 0;
  const timers: { at: number; seq: number; fn: () => void }[] = [];
  class VirtualDate extends RealDate {
    constructor(...args: unknown[]) {
      super(...((args.length ? args : [now]) as [number]));
    }
    static override now() {
      return now;
    }
  }
  globalThis.Date = VirtualDate as DateConstructor;
  const after = (ms: number, fn: () => void) => {
    const timer = { at: now + Math.max(0, ms), seq: seq++, fn };
    timers.push(timer);
    return () => {
      const i = timers.indexOf(timer);
      if (i >= 0) timers.splice(i, 1);
    };
  };
  return {
    now: () => now,
    after,
    sleep: (ms: number) => new Promise<void>((resolve) => after(ms, resolve)),
    /** A call on the wire: time stands still until it is answered. */
    async track<T>(promise: Promise<T>): Promise<T> {
      busy++;
      try {
        return await promise;
      } finally {
        busy--;
      }
    },
    /** Runs the timers in order, each once everything before it has settled, until `finished()`. */
    async run(finished: () => boolean) {
      while (!finished()) {
        for (let idle = 0; idle < 3; ) {
          await new Promise((resolve) => setImmediate(resolve));
          idle = busy === 0 ? idle + 1 : 0;
        }
        if (finished()) break;
        if (timers.length === 0) throw new Error('nothing left to wait for, and the run is not finished');
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift()!;
        now = Math.max(now, next.at);
        next.fn();
      }
    },
    restore: () => void (globalThis.Date = RealDate),
  };
}
