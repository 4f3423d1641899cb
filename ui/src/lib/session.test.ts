// The session: one clear() drops every decrypted value; a lock shows the unlock screen.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CleanDate, Dashboard, Settings } from './bindings';
import { emptyJournalData, session } from './session.svelte';

const SECRET = 'SENTINEL-private-words';

const cleanDate: CleanDate = {
  id: '11111111-1111-4111-8111-111111111111',
  date: '2024-01-02',
  note: SECRET,
  recordedOn: '2024-01-02',
};
const dashboard: Dashboard = {
  cleanTime: {
    cleanDate: '2024-01-02',
    today: '2024-03-01',
    totalDays: 59,
    display: { days: { days: 59 } },
    keyTag: 'thirtyDays',
    nextMilestone: {
      tag: 'sixtyDays',
      years: 0,
      date: '2024-03-02',
      daysToGo: 1,
      daysInStretch: 30,
      daysDoneInStretch: 29,
    },
  },
  cleanDate,
  meetingsThisWeek: 3,
  meetingsLast90Days: 20,
  ninetyInNinety: null,
  lastJournalDate: '2024-02-28',
  sponseeToCall: { id: '22222222-2222-4222-8222-222222222222', name: SECRET, lastContact: null, daysSince: null },
  damagedRecords: 1,
};
const settings: Settings = {
  autoLockMinutes: 7,
  theme: 'dark',
  ninetyStart: null,
  homeGroup: SECRET,
  backupSchedule: 'weekly',
  backupsKept: 7,
};

function fill(): void {
  session.opened([{ id: null, kind: 'journalEntry', damage: 'unreadable' }]);
  session.phase = 'unlocked';
  session.view = 'settings';
  session.data.dashboard = dashboard;
  session.data.cleanDates = [cleanDate];
  session.data.settings = settings;
  session.data.recoveryKey = `${SECRET}-ABCD-EFGH`;
}

describe('session.clear', () => {
  beforeEach(() => {
    session.lockedLocally(null);
  });

  it('drops every decrypted value in one step', () => {
    fill();
    expect(JSON.stringify(session.data)).toContain(SECRET);
    session.clear();
    expect(JSON.stringify(session.data)).not.toContain(SECRET);
    expect(session.data).toEqual(emptyJournalData());
    expect(session.data.open).toBe(false);
    expect(session.view).toBe('dashboard');
  });

  it('clears whatever was added to the data, not only the known fields', () => {
    fill();
    (session.data as unknown as Record<string, unknown>)['later'] = { text: SECRET };
    session.clear();
    expect(JSON.stringify(session.data)).not.toContain(SECRET);
    expect(Object.keys(session.data).sort()).toEqual(Object.keys(emptyJournalData()).sort());
  });

  it('makes answers to earlier calls stale', () => {
    fill();
    const before = session.epoch;
    expect(session.isCurrent(before)).toBe(true);
    session.clear();
    expect(session.isCurrent(before)).toBe(false);
  });

  it('locking shows the unlock screen with the reason and keeps nothing', () => {
    fill();
    session.lockedLocally('idle');
    expect(session.phase).toBe('locked');
    expect(session.lockReason).toBe('idle');
    expect(session.data).toEqual(emptyJournalData());
    expect(session.isCurrent(session.epoch)).toBe(false);
  });

  it('opening again forgets the last lock reason and starts empty', () => {
    session.lockedLocally('suspend');
    session.opened();
    expect(session.lockReason).toBeNull();
    expect(session.data.open).toBe(true);
    expect(session.data.dashboard).toBeNull();
  });

  it('gives each clear a fresh empty value', () => {
    const a = emptyJournalData();
    a.cleanDates.push(cleanDate);
    expect(emptyJournalData().cleanDates).toEqual([]);
  });
});
