// Activity pings for the shell's auto-lock timer.
// Contract: `createPinger(send, intervalMs)` returns `ping()`, which calls `send` at most once
// per `intervalMs` (the first ping always sends). Failures of `send` are swallowed: a missed
// ping only means the journal may lock a little early, which is safe.
export interface Pinger {
  ping(): void;
  /** Forget the last ping, so the next one sends at once (after unlocking). */
  reset(): void;
}

export function createPinger(
  send: () => Promise<unknown>,
  intervalMs = 30_000,
  now: () => number = Date.now,
): Pinger {
  let last = Number.NEGATIVE_INFINITY;
  return {
    ping() {
      const at = now();
      if (at - last < intervalMs) return;
      last = at;
      send().catch(() => undefined);
    },
    reset() {
      last = Number.NEGATIVE_INFINITY;
    },
  };
}

/** The DOM events that count as the member being here. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/** Whether a key event is the lock shortcut: Ctrl+L, or Cmd+L on a Mac keyboard. */
export function isLockShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'l';
}
