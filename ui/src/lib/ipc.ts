// The one door to the Rust shell.
// Contract: the ONLY module that imports `invoke` and `listen` from @tauri-apps/api. Each
// command the shell registers (`COMMANDS`, generated from src-tauri/commands.list) has one
// typed function named after it (`journal_entry_on` → `journalEntryOn`) whose argument names
// are exactly the shell's (camelCase); a command name that is not registered does not compile.
// Every failure is thrown as an `IpcError` `{ code, message, validation }`; anything that is
// not one (a missing bridge, a thrown string) becomes `{ code: 'INTERNAL', … }`. Nothing here
// logs, stores or echoes a parameter or a result.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type {
  Amend,
  AmendStatus,
  AnyRecord,
  AppStatus,
  Appearance,
  AttendanceReport,
  AutomaticBackups,
  BackupInfo,
  BackupSecret,
  ChooserWords,
  CleanDate,
  CommandName,
  Contact,
  CreatedJournal,
  Dashboard,
  ErrorCode,
  FilePurpose,
  ImportSummary,
  InventoryRow,
  IpcError,
  JournalEntry,
  ListedMeeting,
  LockedEvent,
  LockReason,
  Meeting,
  MeetingFilter,
  MeetingListSummary,
  MeetingStats,
  MeetingSuggestions,
  NewSecrets,
  NightlyReview,
  Problem,
  RecordKind,
  ReportOptions,
  SearchHit,
  Settings,
  StepOverview,
  StepPage,
  StepStatus,
  StepWork,
  UnlockReport,
  ValidationError,
} from './bindings';
import { ERROR_CODES, LOCK_REASONS, PROBLEM_KINDS } from './bindings';

/** The id to send for a record that does not exist yet. */
export const NEW_RECORD_ID = '00000000-0000-0000-0000-000000000000';

/** The event the shell sends when it locks the journal by itself. */
export const LOCKED_EVENT = 'journal-locked';

const INTERNAL_MESSAGE = 'Something went wrong inside the app.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toValidation(value: unknown): ValidationError | null {
  if (!isRecord(value) || typeof value['field'] !== 'string') return null;
  const problem = value['problem'];
  if (!isRecord(problem) || !PROBLEM_KINDS.includes(problem['kind'] as Problem['kind'])) {
    return null;
  }
  const num = (k: string): number => (typeof problem[k] === 'number' ? problem[k] : 0);
  let p: Problem;
  switch (problem['kind'] as Problem['kind']) {
    case 'tooLong':
      p = { kind: 'tooLong', max: num('max') };
      break;
    case 'outOfRange':
      p = { kind: 'outOfRange', min: num('min'), max: num('max') };
      break;
    case 'required':
      p = { kind: 'required' };
      break;
    case 'futureDate':
      p = { kind: 'futureDate' };
      break;
    case 'dateOrder':
      p = { kind: 'dateOrder' };
      break;
    case 'revealing':
      p = { kind: 'revealing' };
      break;
  }
  return { field: value['field'], problem: p };
}

/** Turn whatever a failed call threw into an `IpcError`. */
export function toIpcError(thrown: unknown): IpcError {
  if (
    isRecord(thrown) &&
    typeof thrown['code'] === 'string' &&
    ERROR_CODES.includes(thrown['code'] as ErrorCode)
  ) {
    return {
      code: thrown['code'] as ErrorCode,
      message: typeof thrown['message'] === 'string' ? thrown['message'] : '',
      validation: toValidation(thrown['validation']),
    };
  }
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE, validation: null };
}

/** Whether `value` is already an `IpcError` as this module throws them. */
export function isIpcError(value: unknown): value is IpcError {
  return (
    isRecord(value) &&
    typeof value['code'] === 'string' &&
    ERROR_CODES.includes(value['code'] as ErrorCode) &&
    typeof value['message'] === 'string' &&
    'validation' in value
  );
}

async function call<T>(command: CommandName, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (thrown) {
    throw toIpcError(thrown);
  }
}

export const appStatus = (): Promise<AppStatus> => call('app_status');

export const setAppearance = (appearance: Appearance): Promise<AppStatus> =>
  call('set_appearance', { appearance });

export const moveToPlainFolder = (): Promise<AppStatus> => call('move_to_plain_folder');

export const createJournal = (passphrase: string): Promise<CreatedJournal> =>
  call('create_journal', { passphrase });

export const unlock = (passphrase: string): Promise<UnlockReport> =>
  call('unlock', { passphrase });

export const unlockWithRecoveryKey = (
  recoveryKey: string,
  newPassphrase: string,
): Promise<UnlockReport> => call('unlock_with_recovery_key', { recoveryKey, newPassphrase });

export const lock = (): Promise<null> => call('lock');

export const touch = (): Promise<null> => call('touch');

export const dashboard = (): Promise<Dashboard> => call('dashboard');

export const cleanDates = (): Promise<CleanDate[]> => call('clean_dates');

export const setCleanDate = (date: string, note: string): Promise<CleanDate> =>
  call('set_clean_date', { date, note });

export const getSettings = (): Promise<Settings> => call('get_settings');

export const saveSettings = (settings: Settings): Promise<Settings> =>
  call('save_settings', { settings });

export const changePassphrase = (current: string, next: string): Promise<NewSecrets> =>
  call('change_passphrase', { current, new: next });

export const newRecoveryKey = (current: string): Promise<NewSecrets> =>
  call('new_recovery_key', { current });

/** Put a phone number on the clipboard; the app takes it back after 30 s and on lock. */
export const copyToClipboard = (text: string): Promise<null> => call('copy_to_clipboard', { text });

export const saveRecord = (record: AnyRecord): Promise<AnyRecord> =>
  call('save_record', { record });

export const deleteRecord = (kind: RecordKind, id: string): Promise<null> =>
  call('delete_record', { kind, id });

export const search = (query: string): Promise<SearchHit[]> => call('search', { query });

// ----- step work -----

export const stepsOverview = (): Promise<StepOverview[]> => call('steps_overview');

export const stepPage = (step: number): Promise<StepPage> => call('step_page', { step });

export const setStepStatus = (step: number, status: StepStatus): Promise<StepWork> =>
  call('set_step_status', { step, status });

export const reorderQuestions = (step: number, ids: string[]): Promise<null> =>
  call('reorder_questions', { step, ids });

export const inventory = (): Promise<InventoryRow[]> => call('inventory');

export const amends = (status: AmendStatus | null): Promise<Amend[]> =>
  call('amends', { status });

export const nightlyReviews = (): Promise<NightlyReview[]> => call('nightly_reviews');

// ----- meetings -----

export const meetings = (filter: MeetingFilter): Promise<Meeting[]> =>
  call('meetings', { filter });

export const meetingStats = (): Promise<MeetingStats> => call('meeting_stats');

export const meetingSuggestions = (): Promise<MeetingSuggestions> => call('meeting_suggestions');

// ----- contacts -----

export const contacts = (query: string): Promise<Contact[]> => call('contacts', { query });

export const markContacted = (id: string): Promise<Contact> => call('mark_contacted', { id });

// ----- daily journal -----

export const journalEntries = (): Promise<JournalEntry[]> => call('journal_entries');

export const journalEntryOn = (date: string): Promise<JournalEntry | null> =>
  call('journal_entry_on', { date });

// ----- keeping the journal: files, backups, restore, exports, meeting lists -----
// The page never names a path: `chooseFile` asks the shell to open the native chooser and the
// shell remembers the choice for that purpose; the command that writes or reads that kind of
// file takes it from there.

/**
 * Open the native file chooser for `purpose`. The shell remembers the chosen file for the
 * command of that purpose. Resolves to the chosen path (only to show it), or null when the
 * member cancelled (an earlier choice for that purpose is forgotten then).
 * `suggestedName` is the file name offered for saving; pass '' when opening.
 */
export const chooseFile = (
  purpose: FilePurpose,
  words: ChooserWords,
  suggestedName: string,
): Promise<string | null> => call('choose_file', { purpose, words, suggestedName });

/** Write a checked backup to the file chosen for 'backup'; resolves to what it holds. */
export const backUpNow = (): Promise<BackupInfo> => call('back_up_now');

/** The automatic backups kept beside the journal (newest first), and the last problem. */
export const automaticBackups = (): Promise<AutomaticBackups> => call('automatic_backups');

/**
 * Open and check the backup chosen for 'restore' with `secret` (slow: key derivation). Works
 * while locked and before a journal exists. Nothing is replaced yet.
 */
export const prepareRestore = (secret: BackupSecret): Promise<BackupInfo> =>
  call('prepare_restore', { secret });

/**
 * Replace the journal with the checked backup (the current one is kept as a copy first). The
 * restored journal is unlocked afterwards.
 */
export const confirmRestore = (): Promise<UnlockReport> => call('confirm_restore');

/** Forget a checked backup without restoring it. */
export const cancelRestore = (): Promise<null> => call('cancel_restore');

/** Write step work as Markdown to the file chosen for 'stepsMarkdown' (null: all steps). */
export const exportSteps = (step: number | null): Promise<null> => call('export_steps', { step });

/** Write the meetings from `from` to `to` (both included) as CSV to the file chosen. */
export const exportMeetingsCsv = (from: string, to: string): Promise<null> =>
  call('export_meetings_csv', { from, to });

/** Write the whole journal as JSON to the file chosen for 'exportJson'. */
export const exportJson = (): Promise<null> => call('export_json');

/** Import the JSON export chosen for 'importJson' into this (empty) journal. */
export const importJson = (): Promise<ImportSummary> => call('import_json');

/** The meetings attended from `from` to `to`, for the attendance report. */
export const attendanceReport = (from: string, to: string): Promise<AttendanceReport> =>
  call('attendance_report', { from, to });

/** Write the attendance report as PDF to the file chosen for 'attendancePdf'. */
export const saveAttendancePdf = (
  from: string,
  to: string,
  options: ReportOptions,
): Promise<null> => call('save_attendance_pdf', { from, to, options });

/** Import the meeting list chosen for 'meetingList' (and 'meetingFormats', if chosen). */
export const importMeetingList = (): Promise<MeetingListSummary> => call('import_meeting_list');

/** Listed meetings matching `query`, on `weekday` (ISO 1 Monday … 7 Sunday) or any day. */
export const meetingList = (query: string, weekday: number | null): Promise<ListedMeeting[]> =>
  call('meeting_list', { query, weekday });

/** How many meetings the area list holds (0: no list). */
export const meetingListCount = (): Promise<number> => call('meeting_list_count');

/** Listed meetings held on the weekday of `date`. */
export const listedMeetingsOn = (date: string): Promise<ListedMeeting[]> =>
  call('listed_meetings_on', { date });

/** Remove the area meeting list; resolves to how many meetings were removed. */
export const clearMeetingList = (): Promise<number> => call('clear_meeting_list');

/** A new meeting on `date`, filled in from the listed meeting `listed` (not saved). */
export const prefillMeeting = (listed: string, date: string): Promise<Meeting> =>
  call('prefill_meeting', { listed, date });

/**
 * Call `handler` whenever the shell locks the journal (idle, screen lock, suspend).
 * Resolves to a function that stops listening. A payload of an unknown shape still counts
 * as a lock (with no reason): locking is never skipped.
 */
export async function onJournalLocked(
  handler: (reason: LockReason | null) => void,
): Promise<() => void> {
  try {
    return await listen<LockedEvent>(LOCKED_EVENT, (event) => {
      const payload: unknown = event.payload;
      const reason =
        isRecord(payload) && LOCK_REASONS.includes(payload['reason'] as LockReason)
          ? (payload['reason'] as LockReason)
          : null;
      handler(reason);
    });
  } catch (thrown) {
    throw toIpcError(thrown);
  }
}
