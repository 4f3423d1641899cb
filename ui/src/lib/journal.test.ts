// Journal actions: answers after a lock are dropped; LOCKED locks the UI; lock clears first.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard } from './bindings';

const calls: string[] = [];
const pending: Array<(v: unknown) => void> = [];
vi.mock('./ipc', async (original) => {
  const real = await original<typeof import('./ipc')>();
  return {
    ...real,
    dashboard: () => {
      calls.push('dashboard');
      return new Promise((resolve) => pending.push(resolve));
    },
    cleanDates: () => {
      calls.push('clean_dates');
      return Promise.reject({ code: 'LOCKED', message: 'The journal is locked.', validation: null });
    },
    confirmRestore: () => {
      calls.push('confirm_restore');
      return Promise.resolve({ damaged: [{ id: null, kind: 'meeting', damage: 'unreadable' }] });
    },
    getSettings: () => {
      calls.push('get_settings');
      return new Promise(() => undefined);
    },
    lock: () => {
      calls.push(`lock(open=${String(session.data.open)})`);
      return Promise.resolve(null);
    },
  };
});

const { session } = await import('./session.svelte');
const journal = await import('./journal');

const dashboard = { damagedRecords: 0 } as Dashboard;

beforeEach(() => {
  calls.length = 0;
  pending.length = 0;
  session.opened();
  session.phase = 'unlocked';
});

describe('journal actions', () => {
  it('drop an answer that arrives after the journal locked', async () => {
    const loading = journal.refreshDashboard();
    session.lockedLocally('idle');
    pending[0]?.(dashboard);
    await loading;
    expect(session.data.dashboard).toBeNull();
  });

  it('keep an answer that arrives while the journal is open', async () => {
    const loading = journal.refreshDashboard();
    pending[0]?.(dashboard);
    await loading;
    expect(session.data.dashboard).toEqual(dashboard);
  });

  it('lock the UI when the shell says it is locked', async () => {
    session.data.cleanDates = [{ id: 'x', date: '2024-01-01', note: 'n', recordedOn: '2024-01-01' }];
    await expect(journal.refreshCleanDates()).rejects.toMatchObject({ code: 'LOCKED' });
    expect(session.phase).toBe('locked');
    expect(session.data.cleanDates).toEqual([]);
  });

  it('clear the UI before asking the shell to lock', async () => {
    session.data.recoveryKey = 'ABCD';
    await journal.lockJournal();
    expect(calls).toEqual(['lock(open=false)']);
    expect(session.phase).toBe('locked');
    expect(session.lockReason).toBeNull();
    expect(session.data.recoveryKey).toBeNull();
  });

  it('open the restored journal on the dashboard, as after an unlock, damaged records shown', async () => {
    session.lockedLocally(null);
    session.view = 'settings';
    await journal.confirmRestore();
    expect(session.phase).toBe('unlocked');
    expect(session.view).toBe('dashboard');
    expect(session.data.open).toBe(true);
    expect(session.data.damaged).toHaveLength(1);
    expect(calls).toEqual(['confirm_restore', 'get_settings']);
  });
});
