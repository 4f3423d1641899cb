// Generated from the Rust types and lists by `UPDATE_BINDINGS=1 cargo test -p recovery-journal bindings`.
// Do not edit: CI fails when this file and the Rust types drift apart.

/** Every error code the shell can send: the core's, then the shell's own. */
export const ERROR_CODES = [
  "WRONG_PASSPHRASE",
  "WRONG_RECOVERY_KEY",
  "RECOVERY_KEY_TYPO",
  "RECOVERY_KEY_FORMAT",
  "PASSPHRASE_TOO_SHORT",
  "INVALID",
  "NOT_FOUND",
  "JOURNAL_EXISTS",
  "NO_JOURNAL",
  "NOT_A_JOURNAL",
  "CORRUPT",
  "FOREIGN_DATABASE",
  "EMPTY_FILE",
  "NEWER_VERSION",
  "KEY_SLOT_DAMAGED",
  "DAMAGED_RECORD",
  "STORAGE",
  "IO",
  "CRYPTO",
  "BACKUP_VERIFY_FAILED",
  "BACKUP_TARGET_INVALID",
  "NOT_EMPTY",
  "IMPORT_MALFORMED",
  "IMPORT_TOO_LARGE",
  "MEETING_LIST_MALFORMED",
  "IN_USE",
  "READ_ONLY",
  "DISK_FULL",
  "LOCKED",
  "INTERNAL",
  "NO_FILE_CHOSEN",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type Problem = { "kind": "required" } | { "kind": "tooLong", 
/**
 * The limit in characters (or items for a list).
 */
max: number, } | { "kind": "futureDate" } | { "kind": "outOfRange", 
/**
 * Smallest allowed value.
 */
min: number, 
/**
 * Largest allowed value.
 */
max: number, } | { "kind": "dateOrder" } | { "kind": "revealing" };

/** Every kind of field problem (`Problem["kind"]`). */
export const PROBLEM_KINDS = [
  "required",
  "tooLong",
  "futureDate",
  "outOfRange",
  "dateOrder",
  "revealing",
] as const satisfies readonly Problem["kind"][];

export type ValidationError = { 
/**
 * The field's stable name, as the UI knows it (e.g. `name`, `cleanDate`).
 */
field: string, 
/**
 * What is wrong.
 */
problem: Problem, };

export type IpcError = { 
/**
 * Stable code.
 */
code: ErrorCode, 
/**
 * Plain fallback message, never with user content.
 */
message: string, 
/**
 * The field and problem, for form validation errors.
 */
validation: ValidationError | null, };

export type DataFolder = "standard" | "plain" | "chosen";

export type AppStatus = { 
/**
 * A journal file exists in the data directory.
 */
journalExists: boolean, 
/**
 * The journal is unlocked now.
 */
unlocked: boolean, 
/**
 * The member's choice of language and name (readable before unlock).
 */
appearance: Appearance, 
/**
 * The language in use (the choice, with "system" resolved).
 */
language: Language, 
/**
 * The name the app goes by now: the neutral name in discreet mode.
 */
appName: string, 
/**
 * Which folder the journal is in (the member may move it from the standard one to a
 * folder with a plain name).
 */
dataFolder: DataFolder, };

export type CreatedJournal = { 
/**
 * The recovery key, in groups of four characters.
 */
recoveryKey: string, };

export type NewSecrets = { 
/**
 * The new recovery key, in groups of four characters.
 */
recoveryKey: string, 
/**
 * Why the automatic backups could not be renewed (the change itself is done); the older
 * ones are then kept and still open with the old secrets.
 */
backupProblem: ErrorCode | null, };

export type UnlockReport = { 
/**
 * Records that could not be read; shown to the member, never hidden.
 */
damaged: Array<DamagedRecord>, };

export type LockReason = "idle" | "screenLocked" | "suspend" | "restoreFailed";

/** Every reason the shell locks for. */
export const LOCK_REASONS = [
  "idle",
  "screenLocked",
  "suspend",
  "restoreFailed",
] as const satisfies readonly LockReason[];

export type LockedEvent = { 
/**
 * Why.
 */
reason: LockReason, };

export type Damage = "unreadable" | "undecodable" | "unknownKind";

export type Language = "en" | "es";

export type LanguageChoice = "system" | "en" | "es";

export type Appearance = { 
/**
 * The language.
 */
language: LanguageChoice, 
/**
 * In discreet mode, the neutral name the app goes by (window title, menu entry, lock
 * screen); `None` shows the app as it is.
 */
neutralName: string | null, };

export type DamagedRecord = { 
/**
 * The record's id, when its id column is well formed.
 */
id: string | null, 
/**
 * Its kind, when known.
 */
kind: RecordKind | null, 
/**
 * What went wrong.
 */
damage: Damage, };

export type KeyTag = "welcome" | "thirtyDays" | "sixtyDays" | "ninetyDays" | "sixMonths" | "nineMonths" | "oneYear" | "eighteenMonths" | "multipleYears";

export type CleanTimeDisplay = { "days": { 
/**
 * Days since the clean date (0 on the clean date itself).
 */
days: number, } } | { "yearsMonthsDays": { 
/**
 * Whole years.
 */
years: number, 
/**
 * Whole months beyond the years (0..=11).
 */
months: number, 
/**
 * Days beyond the whole months.
 */
days: number, } };

export type Milestone = { 
/**
 * The key tag earned at this milestone.
 */
tag: KeyTag, 
/**
 * For yearly anniversaries from the second on, the year number (2, 3, ...); otherwise 0.
 */
years: number, 
/**
 * The date the milestone is reached.
 */
date: string, 
/**
 * Days from today until `date` (always at least 1).
 */
daysToGo: number, 
/**
 * Days from the previous milestone (or the clean date) to this one.
 */
daysInStretch: number, 
/**
 * Days from the previous milestone (or the clean date) to today.
 */
daysDoneInStretch: number, };

export type CleanTime = { 
/**
 * The clean date the count starts from.
 */
cleanDate: string, 
/**
 * The day the count was made for.
 */
today: string, 
/**
 * Calendar days from the clean date to today.
 */
totalDays: number, 
/**
 * The form the UI should show.
 */
display: CleanTimeDisplay, 
/**
 * The highest key tag already earned.
 */
keyTag: KeyTag, 
/**
 * The first milestone still ahead.
 */
nextMilestone: Milestone, };

export type CleanDate = { 
/**
 * Identity.
 */
id: string, 
/**
 * The first day clean, in the member's local calendar.
 */
date: string, 
/**
 * A private note, such as what the member wants to remember about this time.
 */
note: string, 
/**
 * The day the date was recorded in the app (orders dates set on the same day).
 */
recordedOn: string, };

export type NinetyInNinety = { 
/**
 * First day of the window.
 */
start: string, 
/**
 * Last day of the window: `start` + 89 days.
 */
end: string, 
/**
 * Meetings attended from `start` through the earlier of `end` and today.
 */
meetings: number, 
/**
 * Days of the window that have begun, counting today (1..=90); 0 if the window starts
 * after today.
 */
daysElapsed: number, 
/**
 * Distinct days in the window with at least one meeting.
 */
distinctDays: number, 
/**
 * Whether at least 90 meetings were attended in the window.
 */
complete: boolean, };

export type MeetingStats = { 
/**
 * Every meeting given, including any dated after today.
 */
total: number, 
/**
 * Meetings in the ISO week (Monday to Sunday) containing today, up to today.
 */
thisWeek: number, 
/**
 * Meetings in today's calendar month, up to today.
 */
thisMonth: number, 
/**
 * Meetings in the 90 days ending today, today included.
 */
last90Days: number, 
/**
 * The longest run of consecutive days with at least one meeting.
 */
longestStreakDays: number, 
/**
 * The run of consecutive days ending today, or ending yesterday if there has been no
 * meeting yet today; 0 otherwise.
 */
currentStreakDays: number, 
/**
 * Progress towards 90 meetings in 90 days, when a start date was given.
 */
ninetyInNinety: NinetyInNinety | null, 
/**
 * Meetings per ISO week, keyed by the week's Monday, oldest first; weeks without
 * meetings are left out.
 */
byWeek: Array<[string, number]>, 
/**
 * Meetings per calendar month as (year, month 1–12, count), oldest first; months
 * without meetings are left out.
 */
byMonth: Array<[number, number, number]>, 
/**
 * Meetings per day for every day with at least one, oldest first.
 */
byDay: Array<[string, number]>, };

export type SponseeToCall = { 
/**
 * The contact.
 */
id: string, 
/**
 * Their name.
 */
name: string, 
/**
 * The last day they talked, if ever recorded.
 */
lastContact: string | null, 
/**
 * Days since then (none if never recorded).
 */
daysSince: number | null, };

export type Dashboard = { 
/**
 * Clean time from the current clean date, if one is set.
 */
cleanTime: CleanTime | null, 
/**
 * The current clean date record.
 */
cleanDate: CleanDate | null, 
/**
 * Meetings this week (Monday to Sunday).
 */
meetingsThisWeek: number, 
/**
 * Meetings in the last 90 days.
 */
meetingsLast90Days: number, 
/**
 * 90-in-90 progress, if the member set a start date.
 */
ninetyInNinety: NinetyInNinety | null, 
/**
 * The date of the latest journal entry.
 */
lastJournalDate: string | null, 
/**
 * The sponsee not contacted for the longest time.
 */
sponseeToCall: SponseeToCall | null, 
/**
 * How many records could not be read.
 */
damagedRecords: number, };

export type RecordKind = "cleanDate" | "stepWork" | "stepNote" | "stepQuestion" | "inventoryRow" | "amend" | "nightlyReview" | "meeting" | "contact" | "journalEntry" | "settings" | "listedMeeting";

export type AnyRecord = { "kind": "cleanDate", "record": CleanDate } | { "kind": "stepWork", "record": StepWork } | { "kind": "stepNote", "record": StepNote } | { "kind": "stepQuestion", "record": StepQuestion } | { "kind": "inventoryRow", "record": InventoryRow } | { "kind": "amend", "record": Amend } | { "kind": "nightlyReview", "record": NightlyReview } | { "kind": "meeting", "record": Meeting } | { "kind": "contact", "record": Contact } | { "kind": "journalEntry", "record": JournalEntry } | { "kind": "settings", "record": Settings } | { "kind": "listedMeeting", "record": ListedMeeting };

export type Settings = { 
/**
 * Minutes of inactivity before the journal locks itself.
 */
autoLockMinutes: number, 
/**
 * Colour theme.
 */
theme: Theme, 
/**
 * The first day of the member's 90-in-90, if they are doing one.
 */
ninetyStart: string | null, 
/**
 * The member's home group, as they write it.
 */
homeGroup: string, 
/**
 * How often automatic backups are taken (default daily).
 */
backupSchedule: BackupSchedule, 
/**
 * How many automatic backups are kept beside the journal (default 7); older ones are
 * removed after a newer one is verified.
 */
backupsKept: number, };

export type Theme = "system" | "light" | "dark";

export type StepInfo = { 
/**
 * 1 to 12.
 */
number: number, };

export type StepStatus = "notStarted" | "working" | "done";

export type StepWork = { 
/**
 * Identity.
 */
id: string, 
/**
 * 1 to 12.
 */
step: number, 
/**
 * Status.
 */
status: StepStatus, 
/**
 * When work on the step began.
 */
startedOn: string | null, 
/**
 * When the step was marked done.
 */
completedOn: string | null, 
/**
 * The member's own principle for the step; empty means the usual one.
 */
principle: string, };

export type StepOverview = { 
/**
 * Number, summary and usual principle.
 */
info: StepInfo, 
/**
 * The member's status and dates.
 */
work: StepWork, 
/**
 * Notes written on the step.
 */
notes: number, 
/**
 * Questions on the step.
 */
questions: number, 
/**
 * Questions with an answer.
 */
answered: number, 
/**
 * Words written on the step (notes, answers and, for steps 4, 8, 9 and 10, their lists).
 */
words: number, };

export type StepPage = { 
/**
 * The step's overview line (number, summary, principle, status, counts).
 */
overview: StepOverview, 
/**
 * Notes, newest first.
 */
notes: Array<StepNote>, 
/**
 * Questions in the member's order.
 */
questions: Array<StepQuestion>, };

export type StepNote = { 
/**
 * Identity.
 */
id: string, 
/**
 * 1 to 12.
 */
step: number, 
/**
 * The day it is about.
 */
date: string, 
/**
 * An optional title.
 */
title: string, 
/**
 * The writing itself.
 */
text: string, };

export type AskedBy = "me" | "sponsor";

export type StepQuestion = { 
/**
 * Identity.
 */
id: string, 
/**
 * 1 to 12.
 */
step: number, 
/**
 * Order within the step (smaller first).
 */
position: number, 
/**
 * Who asked it.
 */
askedBy: AskedBy, 
/**
 * The question.
 */
question: string, 
/**
 * The answer so far.
 */
answer: string, };

export type InventoryRow = { 
/**
 * Identity.
 */
id: string, 
/**
 * Order in the table.
 */
position: number, 
/**
 * Who or what (a person, an institution, a principle).
 */
whoOrWhat: string, 
/**
 * What happened.
 */
whatHappened: string, 
/**
 * How it affects me.
 */
affectsMe: string, 
/**
 * My part in it.
 */
myPart: string, 
/**
 * Fears behind it.
 */
fears: string, };

export type AmendStatus = "planned" | "made" | "notPossible";

export type Amend = { 
/**
 * Identity.
 */
id: string, 
/**
 * The person, as the member writes it.
 */
person: string, 
/**
 * The harm done.
 */
harm: string, 
/**
 * Status.
 */
status: AmendStatus, 
/**
 * When it was made or is planned; may be in the future.
 */
date: string | null, 
/**
 * Notes.
 */
notes: string, };

export type NightlyReview = { 
/**
 * Identity.
 */
id: string, 
/**
 * The day reviewed.
 */
date: string, 
/**
 * What went well today.
 */
wentWell: string, 
/**
 * Where resentment, fear, selfishness or dishonesty showed up.
 */
struggles: string, 
/**
 * Anyone I owe an apology or amends.
 */
oweAmends: string, 
/**
 * What I am grateful for.
 */
gratefulFor: string, 
/**
 * What I want to do differently tomorrow.
 */
tomorrow: string, };

export type MeetingFormat = "open" | "closed" | "discussion" | "speaker" | "stepStudy" | "literature" | "newcomer" | "candlelight" | "other";

export type Attendance = "inPerson" | "online" | "hybrid";

export type Meeting = { 
/**
 * Identity.
 */
id: string, 
/**
 * The day of the meeting.
 */
date: string, 
/**
 * When it started, if the member noted it.
 */
startTime: string | null, 
/**
 * Length in minutes.
 */
durationMinutes: number | null, 
/**
 * The meeting's name.
 */
name: string, 
/**
 * The group that holds it.
 */
group: string, 
/**
 * Formats.
 */
formats: Array<MeetingFormat>, 
/**
 * In person, online or hybrid.
 */
attendance: Attendance, 
/**
 * Where it was held.
 */
place: string, 
/**
 * Service done at the meeting (chair, coffee, secretary, ...).
 */
serviceRole: string, 
/**
 * Whether the member shared.
 */
shared: boolean, 
/**
 * Notes.
 */
notes: string, };

export type MeetingFilter = { 
/**
 * First day to include.
 */
from: string | null, 
/**
 * Last day to include.
 */
to: string | null, 
/**
 * Only this group (case- and accent-insensitive).
 */
group: string | null, 
/**
 * Only meetings with this format.
 */
format: MeetingFormat | null, };

export type MeetingSuggestions = { 
/**
 * Meeting names.
 */
names: Array<string>, 
/**
 * Groups.
 */
groups: Array<string>, 
/**
 * Places.
 */
places: Array<string>, 
/**
 * Service roles.
 */
serviceRoles: Array<string>, };

export type ContactRole = "sponsor" | "sponsee" | "homeGroupMember" | "friend" | "other";

export type Contact = { 
/**
 * Identity.
 */
id: string, 
/**
 * The name as the member writes it (often a first name and an initial).
 */
name: string, 
/**
 * Phone number, as written.
 */
phone: string, 
/**
 * Email address, as written.
 */
email: string, 
/**
 * Role.
 */
role: ContactRole, 
/**
 * Their clean date, if known.
 */
cleanDate: string | null, 
/**
 * Their home group.
 */
homeGroup: string, 
/**
 * Their service commitment.
 */
serviceCommitment: string, 
/**
 * Start of the service term.
 */
serviceTermStart: string | null, 
/**
 * End of the service term.
 */
serviceTermEnd: string | null, 
/**
 * For a sponsee: the step they are working.
 */
sponseeStep: number | null, 
/**
 * The last day the member talked with them.
 */
lastContact: string | null, 
/**
 * Notes.
 */
notes: string, };

export type JournalEntry = { 
/**
 * Identity.
 */
id: string, 
/**
 * The day written about.
 */
date: string, 
/**
 * Free writing.
 */
text: string, 
/**
 * Feelings, picked or written.
 */
feelings: Array<string>, 
/**
 * Craving from 0 (none) to 10, if noted.
 */
craving: number | null, 
/**
 * Things the member is grateful for.
 */
gratitude: Array<string>, };

export type SearchHit = { 
/**
 * What kind of record it is (the UI groups by this).
 */
kind: RecordKind, 
/**
 * The record.
 */
id: string, 
/**
 * Its title.
 */
title: string, 
/**
 * Its date, if it has one.
 */
date: string | null, 
/**
 * A short piece of the text around the first match.
 */
snippet: string, 
/**
 * For step records, the step number (so the UI can open the right page).
 */
step: number | null, };

export type FilePurpose = "backup" | "restore" | "stepsMarkdown" | "meetingsCsv" | "exportJson" | "importJson" | "attendancePdf" | "meetingList" | "meetingFormats";

export type ChooserWords = { 
/**
 * Window title.
 */
title: string, 
/**
 * The button that accepts ("Save", "Open").
 */
accept: string, 
/**
 * The button that cancels.
 */
cancel: string, 
/**
 * Name of the filter showing files of the expected kind.
 */
filterName: string, 
/**
 * Name of the filter showing every file.
 */
allFiles: string, };

export type BackupSecret = { "kind": "passphrase", 
/**
 * The passphrase.
 */
passphrase: string, } | { "kind": "recoveryKey", 
/**
 * The recovery key as typed.
 */
recoveryKey: string, 
/**
 * The new passphrase.
 */
newPassphrase: string, };

export type BackupSchedule = "off" | "daily" | "weekly";

export type KindCount = { 
/**
 * The kind.
 */
kind: RecordKind, 
/**
 * How many records of it.
 */
count: number, };

export type BackupInfo = { 
/**
 * Records per kind (kinds with none are left out), in kind order.
 */
counts: Array<KindCount>, 
/**
 * All records that could be read.
 */
records: number, 
/**
 * Records that could not be read (the same ones the journal itself could not read).
 */
damaged: number, 
/**
 * The newest date any record is about (for "from <date>"), if any record has a date.
 */
latestDate: string | null, 
/**
 * The file's size in bytes.
 */
sizeBytes: number, 
/**
 * When the file was last written, as the file system says (for the confirmation).
 */
modified: string | null, };

export type BackupFile = { 
/**
 * The file's path.
 */
path: string, 
/**
 * When it was taken (from its name, UTC).
 */
takenAt: string, 
/**
 * `true` for the copy kept of a journal replaced by a restore, `false` for a scheduled one.
 */
beforeRestore: boolean, 
/**
 * The file's size in bytes.
 */
sizeBytes: number, };

export type AutomaticBackups = { 
/**
 * Newest first.
 */
files: Array<BackupFile>, 
/**
 * Why the last automatic backup failed, if it did.
 */
problem: ErrorCode | null, };

export type ImportSummary = { 
/**
 * Records written, per kind (kinds with none left out), in kind order.
 */
counts: Array<KindCount>, 
/**
 * All records written.
 */
records: number, };

export type AttendanceRow = { 
/**
 * The day.
 */
date: string, 
/**
 * The start time, if noted.
 */
startTime: string | null, 
/**
 * The meeting's name.
 */
name: string, 
/**
 * Its formats.
 */
formats: Array<MeetingFormat>, 
/**
 * Where it was held, as the member wrote it (empty for a meeting attended online); shown
 * with the attendance through [`place_text`] or the UI's same words.
 */
place: string, 
/**
 * How the member attended.
 */
attendance: Attendance, };

export type AttendanceReport = { 
/**
 * First day of the range.
 */
from: string, 
/**
 * Last day of the range.
 */
to: string, 
/**
 * Every meeting in the range, oldest first.
 */
rows: Array<AttendanceRow>, 
/**
 * How many meetings.
 */
total: number, 
/**
 * On how many different days.
 */
days: number, 
/**
 * Attended in person.
 */
inPerson: number, 
/**
 * Attended online.
 */
online: number, 
/**
 * Held both ways.
 */
hybrid: number, };

export type PaperSize = "a4" | "letter";

export type ReportOptions = { 
/**
 * Add an empty column for a chairperson's or secretary's signature.
 */
signatureColumn: boolean, 
/**
 * The member's name as it should appear on the report (none: no name line).
 */
memberName: string | null, 
/**
 * Paper size.
 */
paper: PaperSize, 
/**
 * The day the report is made, printed on it.
 */
preparedOn: string | null, };

export type ListedMeeting = { 
/**
 * Identity in this journal.
 */
id: string, 
/**
 * The meeting's id in the list it came from (BMLT `id_bigint`); reimports match on it
 * together with [`ListedMeeting::source`].
 */
sourceId: string, 
/**
 * Where the list came from: the BMLT root server id and service body when the file names
 * them, otherwise `"imported"`.
 */
source: string, 
/**
 * The meeting's name.
 */
name: string, 
/**
 * Day of the week, ISO numbering: 1 Monday to 7 Sunday.
 */
weekday: number, 
/**
 * Start time, local to the meeting.
 */
startTime: string | null, 
/**
 * Length in minutes.
 */
durationMinutes: number | null, 
/**
 * Where it is held (venue, street, town, directions), empty for online-only meetings.
 */
place: string, 
/**
 * The link to join online, if any.
 */
onlineLink: string, 
/**
 * The phone number (and code) to join by phone, if any.
 */
phone: string, 
/**
 * In person, online or hybrid.
 */
attendance: Attendance, 
/**
 * Formats this app knows, decoded from the list's codes.
 */
formats: Array<MeetingFormat>, 
/**
 * Every format of the meeting by name as the list gives it (or its code when the list's
 * formats file was not given).
 */
formatNames: Array<string>, 
/**
 * The day the list holding this meeting was imported.
 */
importedOn: string, };

export type MeetingListSummary = { 
/**
 * Meetings new to the list.
 */
added: number, 
/**
 * Meetings already listed whose details changed.
 */
updated: number, 
/**
 * Meetings already listed, unchanged.
 */
unchanged: number, 
/**
 * Meetings no longer in the file, removed from the list.
 */
removed: number, 
/**
 * Meetings in the list now.
 */
total: number, 
/**
 * Meetings in the file left out because they are not published.
 */
skippedUnpublished: number, };

/** Every command the shell registers (`src-tauri/commands.list`), by the name `invoke` takes. */
export const COMMANDS = [
  "app_status",
  "set_appearance",
  "move_to_plain_folder",
  "create_journal",
  "unlock",
  "unlock_with_recovery_key",
  "lock",
  "touch",
  "dashboard",
  "clean_dates",
  "set_clean_date",
  "get_settings",
  "save_settings",
  "change_passphrase",
  "new_recovery_key",
  "copy_to_clipboard",
  "save_record",
  "delete_record",
  "search",
  "steps_overview",
  "step_page",
  "set_step_status",
  "reorder_questions",
  "inventory",
  "amends",
  "nightly_reviews",
  "meetings",
  "meeting_stats",
  "meeting_suggestions",
  "contacts",
  "mark_contacted",
  "journal_entries",
  "journal_entry_on",
  "choose_file",
  "back_up_now",
  "automatic_backups",
  "prepare_restore",
  "confirm_restore",
  "cancel_restore",
  "export_steps",
  "export_meetings_csv",
  "export_json",
  "import_json",
  "attendance_report",
  "save_attendance_pdf",
  "import_meeting_list",
  "meeting_list",
  "meeting_list_count",
  "listed_meetings_on",
  "clear_meeting_list",
  "prefill_meeting",
] as const;

export type CommandName = (typeof COMMANDS)[number];
