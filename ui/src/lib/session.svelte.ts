// The session: where the app is, and every decrypted value the UI holds.
// Contract:
// - `session.phase` says which screen family shows: loading, first run, locked, unlocked.
// - Everything read from the journal lives in `session.data` and nowhere else that outlives a
//   screen. Form fields live inside their screens, which are unmounted when the journal locks.
// - `session.clear()` drops ALL journal data in one step (`data` is replaced by a fresh empty
//   value, so a field added to `JournalData` later is cleared too), resets the view, and bumps
//   `epoch` so answers to calls started before the lock are thrown away (`isCurrent`).
// - `lockedLocally(reason)` = clear + show the unlock screen with the reason's calm words.
import type {
  CleanDate,
  Dashboard,
  DamagedRecord,
  LockReason,
  RecordKind,
  Settings,
} from './bindings';

export type Phase = 'loading' | 'firstRun' | 'locked' | 'unlocked' | 'failed';

/**
 * A request to open one record (made by search or the dashboard): the screen that shows the
 * record's kind opens it and sets `session.openRequest` back to null. Holds no content, only
 * where to go; cleared by `clear()` like everything else.
 */
export interface OpenRequest {
  kind: RecordKind;
  id: string;
  /** For step records, the step number. */
  step: number | null;
  /** The record's date, when it has one (the daily journal opens that day). */
  date: string | null;
}

/** The pages of the unlocked app. */
export type View =
  | 'dashboard'
  | 'steps'
  | 'meetings'
  | 'contacts'
  | 'journal'
  | 'search'
  | 'settings'
  /** The attendance report, reached from the meetings page. */
  | 'attendanceReport';

/** The views of the side bar, in its order (Alt+1 … Alt+7 open them: lib/shortcuts.ts). */
export const NAV_VIEWS: readonly View[] = [
  'dashboard',
  'steps',
  'meetings',
  'contacts',
  'journal',
  'search',
  'settings',
];

/** Every view, for checking a name that comes from outside (the page's address). */
export const VIEWS: readonly View[] = [...NAV_VIEWS, 'attendanceReport'];

/** Everything decrypted from the journal that the UI keeps between screens. */
export interface JournalData {
  /** The journal is open (created or unlocked) in this session. */
  open: boolean;
  dashboard: Dashboard | null;
  /** Newest first; [0] is the current clean date. */
  cleanDates: CleanDate[];
  settings: Settings | null;
  /** Records the last unlock could not read. */
  damaged: DamagedRecord[];
  /** A recovery key being shown to the member right now (once). */
  recoveryKey: string | null;
}

export function emptyJournalData(): JournalData {
  return {
    open: false,
    dashboard: null,
    cleanDates: [],
    settings: null,
    damaged: [],
    recoveryKey: null,
  };
}

class Session {
  phase = $state<Phase>('loading');
  /** Why the shell locked the journal, for the unlock screen; null after a manual lock. */
  lockReason = $state<LockReason | null>(null);
  view = $state<View>('dashboard');
  data = $state<JournalData>(emptyJournalData());
  /** Bumped by every clear; answers from an earlier epoch are dropped. */
  epoch = $state(0);
  /** A record to open on the next screen (see `OpenRequest`). */
  openRequest = $state<OpenRequest | null>(null);

  /** Drop every decrypted value the UI holds. */
  clear(): void {
    this.data = emptyJournalData();
    this.view = 'dashboard';
    this.openRequest = null;
    this.epoch += 1;
  }

  /** The journal was locked (by the member or the shell): clear and show the unlock screen. */
  lockedLocally(reason: LockReason | null): void {
    this.clear();
    this.lockReason = reason;
    this.phase = 'locked';
  }

  /** The journal is open now (just created or unlocked). */
  opened(damaged: DamagedRecord[] = []): void {
    this.clear();
    this.data.open = true;
    this.data.damaged = damaged;
    this.lockReason = null;
  }

  /** Whether an answer to a call started in `epoch` may still be used. */
  isCurrent(epoch: number): boolean {
    return epoch === this.epoch && this.data.open;
  }
}

/** The app's one session. */
export const session = new Session();

export type { Session };
