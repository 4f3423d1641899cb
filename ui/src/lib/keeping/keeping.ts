// Keeping the journal safe and taking records along: the words and names around backups,
// restore, exports, the attendance report and area meeting lists.
// Contract:
// - Pure functions, no IPC: screens ask the shell through `ipc.ts` and use these to word and
//   name things. Every word comes from the locale ("keeping.*").
// - Suggested file names hold dates only, never journal content (they show in the chooser and
//   on a USB stick).
// - Dates are the member's local calendar ('YYYY-MM-DD', see dates.ts); timestamps from the
//   shell (RFC 3339, UTC) are shown in local time.
import type {
  Attendance,
  BackupInfo,
  ChooserWords,
  FilePurpose,
  KindCount,
  ListedMeeting,
  MeetingListSummary,
} from '../bindings';
import { formatDate, parseIsoDate, toIsoDate } from '../dates';
import { locale, t } from '../i18n';

/** The purposes whose chooser picks where to write (the others pick a file to read). */
export const SAVE_PURPOSES: readonly FilePurpose[] = [
  'backup',
  'stepsMarkdown',
  'meetingsCsv',
  'exportJson',
  'attendancePdf',
];

/** Whether the chooser for `purpose` saves a file (rather than opening one). */
export function savesFile(purpose: FilePurpose): boolean {
  return SAVE_PURPOSES.includes(purpose);
}

/** The native chooser's words for `purpose`, in the member's language. */
export function chooserWords(purpose: FilePurpose): ChooserWords {
  return {
    title: t(`keeping.chooser.${purpose}.title`),
    accept: savesFile(purpose) ? t('keeping.chooser.save') : t('keeping.chooser.open'),
    cancel: t('keeping.chooser.cancel'),
    filterName: t(`keeping.chooser.${purpose}.filter`),
    allFiles: t('keeping.chooser.allFiles'),
  };
}

/** What a suggested name may be made of. */
export interface NameParts {
  /** Today, 'YYYY-MM-DD'. */
  today: string;
  /** First day of a range ('meetingsCsv', 'attendancePdf'). */
  from?: string;
  /** Last day of a range. */
  to?: string;
  /** One step (1–12), or null/absent for all ('stepsMarkdown'). */
  step?: number | null;
}

/** The file name the chooser offers for `purpose` ('' for files being opened). */
export function suggestedName(purpose: FilePurpose, parts: NameParts): string {
  const from = parts.from ?? parts.today;
  const to = parts.to ?? parts.today;
  switch (purpose) {
    case 'backup':
      return `journal-backup-${parts.today}.jbackup`;
    case 'stepsMarkdown':
      return parts.step != null
        ? `step-${parts.step}-${parts.today}.md`
        : `step-work-${parts.today}.md`;
    case 'meetingsCsv':
      return `meetings-${from}-to-${to}.csv`;
    case 'exportJson':
      return `journal-export-${parts.today}.json`;
    case 'attendancePdf':
      return `attendance-${from}-to-${to}.pdf`;
    default:
      return '';
  }
}

/** The whole previous calendar month before `today` ('YYYY-MM-DD'), the report's default. */
export function previousMonth(today: string): { from: string; to: string } {
  const d = parseIsoDate(today);
  if (!d) throw new RangeError('not a YYYY-MM-DD date');
  const first = new Date(d.getFullYear(), d.getMonth() - 1, 1, 12);
  const last = new Date(d.getFullYear(), d.getMonth(), 0, 12);
  return { from: toIsoDate(first), to: toIsoDate(last) };
}

/** The first day of the month `today` is in. */
export function startOfMonth(today: string): string {
  return `${today.slice(0, 8)}01`;
}

/** "312 journal entries", "1 meeting", … for one kind. */
export function kindCountText(count: KindCount): string {
  return t(`keeping.kinds.${count.kind}`, { count: count.count });
}

/** The counts a member cares about, in kind order; settings are left out (always one). */
export function shownCounts(counts: readonly KindCount[]): KindCount[] {
  return counts.filter((c) => c.kind !== 'settings' && c.count > 0);
}

/** Bytes as "820 bytes", "12 KB", "3.4 MB". */
export function formatSize(bytes: number): string {
  const n = bytes;
  const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (!Number.isFinite(n) || n < 1000) return t('keeping.size.bytes', { count: Math.max(0, n || 0) });
  if (n < 1000 * 1000) return t('keeping.size.kb', { size: one.format(n / 1000) });
  if (n < 1000 * 1000 * 1000) return t('keeping.size.mb', { size: one.format(n / 1e6) });
  return t('keeping.size.gb', { size: one.format(n / 1e9) });
}

const timeFormat = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });

/** An RFC 3339 timestamp as "March 4, 2025 at 8:00 AM" in local time; as given if unreadable. */
export function formatTimestamp(timestamp: string): string {
  const d = new Date(timestamp);
  if (Number.isNaN(d.getTime())) return timestamp;
  return t('keeping.at', { date: formatDate(toIsoDate(d)), time: timeFormat.format(d) });
}

/** "9:30 AM" for the core's 'HH:MM[:SS]'; '' for none. */
export function formatClock(time: string | null): string {
  if (!time) return '';
  const m = /^(\d{2}):(\d{2})/.exec(time);
  if (!m) return time;
  return timeFormat.format(new Date(2000, 0, 1, Number(m[1]), Number(m[2])));
}

/** The last part of a path, for showing a chosen file by its name. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? path;
}

/** The lines of a backup's confirmation: what it holds, newest date, file date, damage. */
export interface BackupSummary {
  total: string;
  counts: string[];
  latest: string | null;
  modified: string | null;
  damaged: string | null;
}

export function backupSummary(info: BackupInfo): BackupSummary {
  return {
    total: t('keeping.restore.summary.total', { count: info.records }),
    counts: shownCounts(info.counts).map(kindCountText),
    latest: info.latestDate
      ? t('keeping.restore.summary.latest', { date: formatDate(info.latestDate) })
      : null,
    modified: info.modified
      ? t('keeping.restore.summary.modified', { when: formatTimestamp(info.modified) })
      : null,
    damaged:
      info.damaged > 0 ? t('keeping.restore.summary.damaged', { count: info.damaged }) : null,
  };
}

/** "Added 12, updated 3, removed 1. 140 meetings in your list now." */
export function meetingListSummaryText(s: MeetingListSummary): string {
  return t('keeping.meetingList.summary', {
    added: s.added,
    updated: s.updated,
    removed: s.removed,
    count: s.total,
  });
}

/**
 * Where a meeting was, in words: its place, or "Online" (and both for hybrid ones). The same
 * words as journal-core's `place_text`, which the printed report uses.
 */
export function placeText(attendance: Attendance, place: string): string {
  const p = place.trim();
  if (attendance === 'online' || (attendance === 'hybrid' && p === '')) {
    return t('keeping.meetingList.online');
  }
  if (attendance === 'hybrid') return t('keeping.meetingList.alsoOnline', { place: p });
  return p;
}

/** Where a listed meeting is; a listed meeting without a place meets online. */
export function listedPlace(m: ListedMeeting): string {
  return placeText(m.place.trim() === '' ? 'online' : m.attendance, m.place);
}
