// Moves journal data between the shell and the session.
// Contract: screens call these instead of putting IPC answers into state themselves.
// - An answer that arrives after the journal was locked (the session's epoch moved on) is
//   dropped, so nothing decrypted comes back after a lock.
// - A `LOCKED` error means the shell locked without the UI hearing of it: the UI locks too.
// - `lockJournal()` clears the UI first, then asks the shell to lock. Before that it waits (a few
//   seconds at most) for the autosaves registered with `onBeforeLock` (see below).
// Every function rethrows failures as `IpcError` for the screen to word kindly.
import type { CleanDate, DamagedRecord, Settings } from './bindings';
import { guarded } from './guarded';
import * as ipc from './ipc';
import { session } from './session.svelte';

async function fetchInto<T>(fetch: () => Promise<T>, put: (value: T) => void): Promise<T | null> {
  const answer = await guarded(fetch);
  if (!answer) return null;
  put(answer.value);
  return answer.value;
}

export function refreshDashboard(): Promise<unknown> {
  return fetchInto(ipc.dashboard, (d) => {
    session.data.dashboard = d;
  });
}

export function refreshCleanDates(): Promise<unknown> {
  return fetchInto(ipc.cleanDates, (list) => {
    session.data.cleanDates = list;
  });
}

export async function loadSettings(): Promise<Settings | null> {
  return fetchInto(ipc.getSettings, (s) => {
    session.data.settings = s;
  });
}

export async function saveSettings(settings: Settings): Promise<Settings | null> {
  return fetchInto(
    () => ipc.saveSettings(settings),
    (s) => {
      session.data.settings = s;
    },
  );
}

/** Set a (new) clean date, then refresh what shows it. Earlier dates stay in the history. */
export async function setCleanDate(date: string, note: string): Promise<CleanDate | null> {
  const saved = await fetchInto(
    () => ipc.setCleanDate(date, note),
    () => undefined,
  );
  if (saved) {
    await Promise.allSettled([refreshDashboard(), refreshCleanDates()]);
  }
  return saved;
}

/** Open the journal with the passphrase. */
export async function unlock(passphrase: string): Promise<void> {
  const report = await ipc.unlock(passphrase);
  opened(report.damaged);
}

/** Open the journal with the recovery key, setting a new passphrase. */
export async function unlockWithRecoveryKey(key: string, newPassphrase: string): Promise<void> {
  const report = await ipc.unlockWithRecoveryKey(key, newPassphrase);
  opened(report.damaged);
}

/**
 * Replace the journal with the backup checked by `ipc.prepareRestore` (the shell keeps the
 * current journal as a copy first). The restored journal is open afterwards: the app goes to
 * the dashboard exactly as after an unlock, with its damaged records, and loads its settings.
 */
export async function confirmRestore(): Promise<void> {
  const report = await ipc.confirmRestore();
  opened(report.damaged);
  loadSettings().catch(() => undefined);
}

function opened(damaged: DamagedRecord[]): void {
  session.opened(damaged);
  session.phase = 'unlocked';
  session.view = 'dashboard';
}

/** Create the journal; it is open afterwards and its recovery key is in the session. */
export async function createJournal(passphrase: string): Promise<void> {
  const created = await ipc.createJournal(passphrase);
  session.opened();
  session.data.recoveryKey = created.recoveryKey;
}

// ----- flush before lock (added for the step-work screens' autosave) -----
// A screen with autosave registers a flush here so that `lockJournal()` (lock button, Ctrl+L)
// saves what was just typed before the journal closes. A lock made by the shell itself (idle,
// screen lock, suspend: the `journal-locked` event) cannot wait for it: the journal is already
// locked when the UI hears of it. That is accepted: autosave runs about a second after typing
// stops, so at most that last second of typing can be lost there.
const beforeLock = new Set<() => Promise<unknown>>();
/** Locking never waits longer than this for those saves. */
const BEFORE_LOCK_TIMEOUT_MS = 3000;

/** Have `lockJournal()` run and await `flush` first. Returns a function that unregisters it. */
export function onBeforeLock(flush: () => Promise<unknown>): () => void {
  beforeLock.add(flush);
  return () => {
    beforeLock.delete(flush);
  };
}

async function flushBeforeLock(): Promise<void> {
  if (beforeLock.size === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, BEFORE_LOCK_TIMEOUT_MS);
  });
  const flushes = [...beforeLock].map((flush) => Promise.resolve().then(flush));
  await Promise.race([Promise.allSettled(flushes), timeout]);
  clearTimeout(timer);
}

/** Lock now: every decrypted value leaves the UI, then the shell drops its keys. */
export async function lockJournal(): Promise<void> {
  await flushBeforeLock();
  session.lockedLocally(null);
  try {
    await ipc.lock();
  } catch {
    // The UI holds nothing any more; the shell's own auto-lock still applies.
  }
}
