// A small debouncer for typing (search boxes).
// Contract: `debounce(fn, ms)` returns a function that calls `fn` with the latest arguments
// once `ms` have passed without another call. `cancel()` drops a pending call; `flush()` runs
// it now. Timers are injectable for tests.
export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  cancel(): void;
  flush(): void;
}

export interface Timers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function debounce<A extends unknown[]>(
  fn: (...args: A) => void,
  ms: number,
  timers: Timers = realTimers,
): Debounced<A> {
  let handle: unknown = null;
  let lastArgs: A | null = null;
  const run = (): void => {
    handle = null;
    const args = lastArgs;
    lastArgs = null;
    if (args) fn(...args);
  };
  const debounced = ((...args: A) => {
    lastArgs = args;
    if (handle !== null) timers.clearTimeout(handle);
    handle = timers.setTimeout(run, ms);
  }) as Debounced<A>;
  debounced.cancel = () => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    lastArgs = null;
  };
  debounced.flush = () => {
    if (handle === null) return;
    timers.clearTimeout(handle);
    run();
  };
  return debounced;
}
