// Autosave for everything a member writes at length (step notes, answers, reviews, the daily
// journal): one controller for every editor.
// Contract:
// - `touch()` says "the text changed": the save runs `delayMs` (about a second) after the
//   last change. `flush()` saves now (used on blur, before closing an editor, before a lock)
//   and resolves to whether everything typed is saved.
// - Saves never overlap. The first save sends `null` as the id (a new record); once it
//   answers with the real id, every later save updates that record, so a new note is never
//   created twice however fast the member types.
// - The save function reads the CURRENT text itself, so the last word typed is what is saved.
// - A failed save keeps the text (the controller never owns it), shows `failed` with the
//   error, and is tried again on the next change or flush.
// - `markChanged()` is the same without the timer, for forms saved on Enter, blur or a button
//   (still flushed before a lock).
// - `cancel()` drops what is pending (used when the record is being deleted); `settle()`
//   waits for a save in flight. After `dispose()` nothing is scheduled any more.
// - One lifecycle for every editor (`componentAutosave`): made while the component starts,
//   registered where it must be flushed from (the step screen's registry, or before a lock),
//   and when the component goes away flushed once more (best effort), stopped, unregistered.
// Nothing here logs or keeps the text.
import { onDestroy } from 'svelte';
import type { IpcError } from './bindings';
import { toIpcError } from './ipc';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'failed'; error: IpcError };

/** Saves the current content; `id` is null for a record not saved yet. Returns the real id. */
export type SaveFn = (id: string | null) => Promise<string>;

export interface Timers {
  set: (run: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

export interface AutosaveOptions {
  save: SaveFn;
  /** The record's id when it already exists. */
  id?: string | null;
  /** Quiet time after the last change before saving. */
  delayMs?: number;
  onState?: (state: SaveState) => void;
  timers?: Timers;
}

/** About a second after typing stops. */
export const AUTOSAVE_DELAY_MS = 1000;

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Autosave {
  /** The record's id once saved (null before the first save of a new record). */
  id: string | null;
  state: SaveState = { kind: 'idle' };
  private readonly saveFn: SaveFn;
  private readonly delayMs: number;
  private readonly onState: (state: SaveState) => void;
  private readonly timers: Timers;
  private timer: unknown = null;
  private dirty = false;
  private inFlight: Promise<boolean> | null = null;
  private disposed = false;

  constructor(options: AutosaveOptions) {
    this.saveFn = options.save;
    this.id = options.id ?? null;
    this.delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
    this.onState = options.onState ?? (() => undefined);
    this.timers = options.timers ?? realTimers;
  }

  /** Whether something typed is not saved yet (waiting, saving, or after a failure). */
  get unsaved(): boolean {
    return this.dirty || this.inFlight !== null;
  }

  /** The content changed: save it after a quiet moment. */
  touch(): void {
    if (this.disposed) return;
    this.dirty = true;
    if (this.inFlight === null) this.setState({ kind: 'pending' });
    this.clearTimer();
    this.timer = this.timers.set(() => {
      this.timer = null;
      void this.flush();
    }, this.delayMs);
  }

  /**
   * The content changed but is saved only on an explicit `flush()` (Enter, blur, a Save
   * button, a lock). Used by the small forms whose saving the member starts.
   */
  markChanged(): void {
    if (this.disposed) return;
    this.dirty = true;
    if (this.inFlight === null) this.setState({ kind: 'pending' });
  }

  /** Save now if anything is unsaved; resolves to whether everything is saved. */
  async flush(): Promise<boolean> {
    this.clearTimer();
    for (;;) {
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      if (this.disposed || !this.dirty) return !this.dirty;
      const ok = await this.start();
      if (!ok) return false;
    }
  }

  /** Wait for a save in flight (if any) without starting another. */
  async settle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  /** Forget unsaved changes and stop the timer (the record is about to be deleted). */
  cancel(): void {
    this.clearTimer();
    this.dirty = false;
    if (this.inFlight === null) this.setState({ kind: 'idle' });
  }

  /** Stop for good (the editor is gone). Call `flush()` first to keep what was typed. */
  dispose(): void {
    this.clearTimer();
    this.disposed = true;
  }

  private start(): Promise<boolean> {
    this.dirty = false;
    this.setState({ kind: 'saving' });
    const run = async (): Promise<boolean> => {
      try {
        const id = await this.saveFn(this.id);
        this.id = id;
        if (!this.dirty) this.setState({ kind: 'saved' });
        else this.setState({ kind: 'pending' });
        return true;
      } catch (thrown) {
        // Keep it marked unsaved: the next change or flush tries again.
        this.dirty = true;
        this.setState({ kind: 'failed', error: toIpcError(thrown) });
        return false;
      } finally {
        this.inFlight = null;
      }
    };
    const p = run();
    this.inFlight = p;
    return p;
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      this.timers.clear(this.timer);
      this.timer = null;
    }
  }

  private setState(state: SaveState): void {
    this.state = state;
    if (!this.disposed) this.onState(state);
  }
}

/**
 * The autosaves alive on a screen, so they can all be flushed at once (before a lock,
 * before leaving a step page).
 */
export class AutosaveRegistry {
  private readonly items = new Set<Autosave>();

  add(item: Autosave): () => void {
    this.items.add(item);
    return () => {
      this.items.delete(item);
    };
  }

  get size(): number {
    return this.items.size;
  }

  /** Flush every autosave; resolves to whether all of them are saved. */
  async flushAll(): Promise<boolean> {
    const results = await Promise.all([...this.items].map((item) => item.flush()));
    return results.every(Boolean);
  }
}

/** Registers an autosave where it is flushed from; returns a function that unregisters it. */
export type AutosaveRegister = (item: Autosave) => () => void;

/**
 * An autosave registered with `register`, and `close()` for when its editor goes away: one
 * more flush (best effort), then it is stopped and unregistered.
 */
export function autosaveLifecycle(
  options: AutosaveOptions,
  register: AutosaveRegister,
): { autosave: Autosave; close: () => Promise<void> } {
  const autosave = new Autosave(options);
  const remove = register(autosave);
  const close = (): Promise<void> =>
    autosave
      .flush()
      .then(() => undefined)
      .finally(() => {
        autosave.dispose();
        remove();
      });
  return { autosave, close };
}

/**
 * `autosaveLifecycle` for the calling component: closed when the component is destroyed.
 * Call during component initialisation.
 */
export function componentAutosave(options: AutosaveOptions, register: AutosaveRegister): Autosave {
  const { autosave, close } = autosaveLifecycle(options, register);
  onDestroy(() => {
    void close().catch(() => undefined);
  });
  return autosave;
}
