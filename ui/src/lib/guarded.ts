// Every journal call a screen makes after unlock (steps, meetings, people, journal, search).
// Contract: `guarded(call)` runs one IPC call and returns `{ value }`, or null when the answer
// arrived after the journal locked (the session's epoch moved on: the answer is dropped and
// must not reach the screen). A `LOCKED` error locks the UI (the shell locked without the UI
// hearing of it); every failure is rethrown as an `IpcError` for kind words.
import type { IpcError } from './bindings';
import { toIpcError } from './ipc';
import { session } from './session.svelte';

export async function guarded<T>(call: () => Promise<T>): Promise<{ value: T } | null> {
  const epoch = session.epoch;
  try {
    const value = await call();
    return session.isCurrent(epoch) ? { value } : null;
  } catch (thrown) {
    const error: IpcError = toIpcError(thrown);
    if (error.code === 'LOCKED' && session.isCurrent(epoch)) session.lockedLocally(null);
    throw error;
  }
}
