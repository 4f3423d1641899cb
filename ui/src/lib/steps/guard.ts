// Calls from the step screens, with the same care as journal.ts.
// Contract: `guarded(call)` runs one IPC call and resolves to `{ value }` only while the
// journal is still open in the same session epoch; an answer that arrives after a lock
// resolves to `null` and must be dropped (nothing decrypted comes back after a lock). A
// `LOCKED` error means the shell locked without the UI hearing of it: the UI locks too.
// Failures are rethrown as `IpcError`.
import { toIpcError } from '../ipc';
import { session } from '../session.svelte';

export interface Current<T> {
  value: T;
}

export async function guarded<T>(call: () => Promise<T>): Promise<Current<T> | null> {
  const epoch = session.epoch;
  try {
    const value = await call();
    if (!session.isCurrent(epoch)) return null;
    return { value };
  } catch (thrown) {
    const error = toIpcError(thrown);
    if (error.code === 'LOCKED' && session.isCurrent(epoch)) session.lockedLocally(null);
    throw error;
  }
}
