// The one lock guard: every IPC call a screen makes goes through `guarded`.
// Contract: `guarded(call)` runs one IPC call and returns `{ value }`, or null when the answer
// arrived after the journal locked (the session's epoch moved on, or the journal is no longer
// open: the answer is dropped and must not reach the screen). A `LOCKED` error locks the UI (the
// shell locked without the UI hearing of it); every failure is rethrown as an `IpcError` for
// kind words.
// With `{ beforeUnlock: true }` (restoring a backup from the unlock or welcome screen, where no
// journal is open) only a change of epoch drops the answer, and `LOCKED` is an ordinary error.
// Not guarded: `cancel_restore`, a clean-up that must run even after a lock and whose answer
// nobody reads, and App.svelte's start-up `app_status` (it decides whether there is a session).
// lib/journal.ts puts the session's shared data (dashboard, clean dates, settings) through it too.
import type { IpcError } from './bindings';
import { toIpcError } from './ipc';
import { session } from './session.svelte';

export interface GuardOptions {
  /** The call may be made while no journal is open (see the contract above). */
  beforeUnlock?: boolean;
}

export async function guarded<T>(
  call: () => Promise<T>,
  options: GuardOptions = {},
): Promise<{ value: T } | null> {
  const epoch = session.epoch;
  const current = (): boolean =>
    options.beforeUnlock ? session.epoch === epoch : session.isCurrent(epoch);
  try {
    const value = await call();
    return current() ? { value } : null;
  } catch (thrown) {
    const error: IpcError = toIpcError(thrown);
    if (error.code === 'LOCKED' && !options.beforeUnlock && current()) session.lockedLocally(null);
    throw error;
  }
}
