// Autosave for writing that should never be lost.
// Contract:
// - `changed()` marks unsaved changes and saves `delayMs` after the last change.
// - Saves never overlap: a change made while a save is running is saved right after it, so a
//   second save always sees what the first one returned (the new record's id — no duplicates).
// - `flush()` saves now if anything is unsaved (waiting for a running save first) and resolves
//   when everything is saved or a save failed; it never rejects.
// - A failed save keeps the changes marked unsaved; the next change or flush tries again.
// - `dispose()` stops the timer (it does not save: call `flush()` first).
// The state goes idle → pending → saving → saved (or failed), for the words beside the editor.
import type { Timers } from '../search/debounce';

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

export interface AutosaveOptions {
  /** Save what the editor holds now. */
  save: () => Promise<void>;
  onState?: (state: SaveState) => void;
  onError?: (error: unknown) => void;
  delayMs?: number;
  timers?: Timers;
}

export interface Autosave {
  changed(): void;
  flush(): Promise<void>;
  dispose(): void;
  readonly dirty: boolean;
  readonly state: SaveState;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const AUTOSAVE_DELAY_MS = 1000;

export function createAutosave(options: AutosaveOptions): Autosave {
  const timers = options.timers ?? realTimers;
  const delay = options.delayMs ?? AUTOSAVE_DELAY_MS;
  let dirty = false;
  let state: SaveState = 'idle';
  let timer: unknown = null;
  let running: Promise<void> | null = null;
  let disposed = false;

  const setState = (next: SaveState): void => {
    state = next;
    options.onState?.(next);
  };

  const stopTimer = (): void => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  /** One save of the current value; resolves after it (never rejects). */
  const saveOnce = async (): Promise<void> => {
    dirty = false;
    setState('saving');
    try {
      await options.save();
      setState(dirty ? 'pending' : 'saved');
    } catch (error) {
      dirty = true;
      setState('failed');
      options.onError?.(error);
    }
  };

  /** Save now, after any running save; returns when nothing more is running. */
  const run = async (): Promise<void> => {
    stopTimer();
    while (running) await running;
    if (!dirty) return;
    running = saveOnce();
    try {
      await running;
    } finally {
      running = null;
    }
  };

  return {
    changed() {
      if (disposed) return;
      dirty = true;
      if (state !== 'saving') setState('pending');
      stopTimer();
      timer = timers.setTimeout(() => {
        timer = null;
        void run();
      }, delay);
    },
    async flush() {
      stopTimer();
      await run();
      // A change made during that save is saved too (unless it failed).
      if (dirty && state !== 'failed') await run();
    },
    dispose() {
      disposed = true;
      stopTimer();
    },
    get dirty() {
      return dirty;
    },
    get state() {
      return state;
    },
  };
}
