// Names, ranges and words around backups, restore, exports, the report and meeting lists.
import { describe, expect, it } from 'vitest';
import type { BackupInfo, FilePurpose, ListedMeeting } from '../bindings';
import { hasMessage } from '../i18n';
import {
  backupSummary,
  chooserWords,
  fileName,
  formatClock,
  formatSize,
  formatTimestamp,
  kindCountText,
  listedPlace,
  meetingListSummaryText,
  previousMonth,
  savesFile,
  shownCounts,
  startOfMonth,
  suggestedName,
} from './keeping';

const PURPOSES: FilePurpose[] = [
  'backup',
  'restore',
  'stepsMarkdown',
  'meetingsCsv',
  'exportJson',
  'importJson',
  'attendancePdf',
  'meetingList',
  'meetingFormats',
];

describe('suggested file names', () => {
  const today = '2026-03-04';

  it('hold dates only, in the agreed shapes', () => {
    expect(suggestedName('backup', { today })).toBe('journal-backup-2026-03-04.jbackup');
    expect(suggestedName('stepsMarkdown', { today })).toBe('step-work-2026-03-04.md');
    expect(suggestedName('stepsMarkdown', { today, step: null })).toBe('step-work-2026-03-04.md');
    expect(suggestedName('stepsMarkdown', { today, step: 4 })).toBe('step-4-2026-03-04.md');
    expect(suggestedName('meetingsCsv', { today, from: '2026-02-01', to: '2026-02-28' })).toBe(
      'meetings-2026-02-01-to-2026-02-28.csv',
    );
    expect(suggestedName('exportJson', { today })).toBe('journal-export-2026-03-04.json');
    expect(suggestedName('attendancePdf', { today, from: '2026-02-01', to: '2026-02-28' })).toBe(
      'attendance-2026-02-01-to-2026-02-28.pdf',
    );
  });

  it('are empty for files being opened', () => {
    for (const purpose of ['restore', 'importJson', 'meetingList', 'meetingFormats'] as const) {
      expect(suggestedName(purpose, { today })).toBe('');
      expect(savesFile(purpose)).toBe(false);
    }
  });
});

describe('chooser words', () => {
  it('exist for every purpose, saving or opening', () => {
    for (const purpose of PURPOSES) {
      expect(hasMessage(`keeping.chooser.${purpose}.title`), purpose).toBe(true);
      expect(hasMessage(`keeping.chooser.${purpose}.filter`), purpose).toBe(true);
      const words = chooserWords(purpose);
      expect(Object.values(words).every((w) => w.length > 0 && !w.startsWith('keeping.'))).toBe(true);
    }
    expect(chooserWords('backup').accept).toBe('Save');
    expect(chooserWords('restore').accept).toBe('Open');
  });
});

describe('report range', () => {
  it('defaults to the whole previous calendar month', () => {
    expect(previousMonth('2026-03-04')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(previousMonth('2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(previousMonth('2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(previousMonth('2026-08-01')).toEqual({ from: '2026-07-01', to: '2026-07-31' });
    expect(() => previousMonth('not a date')).toThrow(RangeError);
  });

  it('knows the first of the month', () => {
    expect(startOfMonth('2026-03-04')).toBe('2026-03-01');
  });
});

describe('words', () => {
  it('name every kind with its count', () => {
    expect(kindCountText({ kind: 'journalEntry', count: 1 })).toBe('1 journal entry');
    expect(kindCountText({ kind: 'journalEntry', count: 312 })).toBe('312 journal entries');
    expect(kindCountText({ kind: 'contact', count: 2 })).toBe('2 people');
    for (const kind of [
      'cleanDate', 'stepWork', 'stepNote', 'stepQuestion', 'inventoryRow', 'amend',
      'nightlyReview', 'meeting', 'contact', 'journalEntry', 'settings', 'listedMeeting',
    ]) {
      expect(hasMessage(`keeping.kinds.${kind}`), kind).toBe(true);
    }
  });

  it('leave settings and empty kinds out of the counts shown', () => {
    expect(
      shownCounts([
        { kind: 'meeting', count: 3 },
        { kind: 'settings', count: 1 },
        { kind: 'contact', count: 0 },
      ]),
    ).toEqual([{ kind: 'meeting', count: 3 }]);
  });

  it('give sizes in plain units', () => {
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(820)).toBe('820 bytes');
    expect(formatSize(12_345)).toBe('12.3 KB');
    expect(formatSize(3_400_000)).toBe('3.4 MB');
    expect(formatSize(Number.NaN)).toBe('0 bytes');
  });

  it('show timestamps and clock times readably, and paths by name', () => {
    expect(formatTimestamp('2026-03-04T12:00:00Z')).toMatch(/2026 at \d{1,2}:00/);
    expect(formatTimestamp('nonsense')).toBe('nonsense');
    expect(formatClock('19:30:00')).toMatch(/7:30\s?PM/);
    expect(formatClock(null)).toBe('');
    expect(fileName('/media/usb/journal-backup-2026-03-04.jbackup')).toBe(
      'journal-backup-2026-03-04.jbackup',
    );
  });
});

describe('backup summary', () => {
  const info: BackupInfo = {
    counts: [
      { kind: 'meeting', count: 40 },
      { kind: 'journalEntry', count: 271 },
      { kind: 'settings', count: 1 },
    ],
    records: 312,
    damaged: 0,
    latestDate: '2026-03-12',
    sizeBytes: 123_456,
    modified: '2026-03-13T09:00:00Z',
  };

  it('lists the counts, the total, the newest day and the file date', () => {
    const s = backupSummary(info);
    expect(s.total).toBe('312 entries in all');
    expect(s.counts).toEqual(['40 meetings', '271 journal entries']);
    expect(s.latest).toBe('The newest is about March 12, 2026.');
    expect(s.modified).toMatch(/^The file was saved on March 13, 2026 at /);
    expect(s.damaged).toBeNull();
  });

  it('says plainly when some entries cannot be read, and copes with no dates', () => {
    const s = backupSummary({ ...info, damaged: 2, latestDate: null, modified: null });
    expect(s.damaged).toMatch(/^2 entries in it can't be read/);
    expect(s.latest).toBeNull();
    expect(s.modified).toBeNull();
  });
});

describe('meeting lists', () => {
  const listed: ListedMeeting = {
    id: '1',
    sourceId: '42',
    source: 'imported',
    name: 'Just for Today',
    weekday: 1,
    startTime: '19:30:00',
    durationMinutes: 90,
    place: 'Church hall, Main St',
    onlineLink: '',
    phone: '',
    attendance: 'inPerson',
    formats: ['open'],
    formatNames: ['Open'],
    importedOn: '2026-03-01',
  };

  it('say where a meeting is, or that it is online', () => {
    expect(listedPlace(listed)).toBe('Church hall, Main St');
    expect(listedPlace({ ...listed, attendance: 'online', place: '' })).toBe('Online');
    expect(listedPlace({ ...listed, attendance: 'hybrid' })).toBe('Church hall, Main St (also online)');
  });

  it('sum up an import', () => {
    expect(
      meetingListSummaryText({ added: 12, updated: 3, unchanged: 100, removed: 1, total: 115, skippedUnpublished: 0 }),
    ).toBe('Added 12, updated 3, removed 1. Your list now has 115 meetings.');
  });
});
