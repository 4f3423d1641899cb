// The IPC door: exact command and argument names, and every failure as an IpcError.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
const listen = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...a: unknown[]) => invoke(...a) }));
vi.mock('@tauri-apps/api/event', () => ({ listen: (...a: unknown[]) => listen(...a) }));

const ipc = await import('./ipc');

beforeEach(() => {
  invoke.mockReset();
  listen.mockReset();
});

describe('commands', () => {
  it('send exactly the shell’s names and camelCase arguments', async () => {
    invoke.mockResolvedValue(null);
    await ipc.appStatus();
    await ipc.createJournal('pass phrase');
    await ipc.unlock('pass phrase');
    await ipc.unlockWithRecoveryKey('ABCD-EFGH', 'new phrase');
    await ipc.lock();
    await ipc.touch();
    await ipc.dashboard();
    await ipc.cleanDates();
    await ipc.setCleanDate('2024-05-06', 'note');
    await ipc.getSettings();
    await ipc.saveSettings({ autoLockMinutes: 5, theme: 'system', ninetyStart: null, homeGroup: '' });
    await ipc.changePassphrase('old one', 'new one');
    await ipc.newRecoveryKey('old one');
    await ipc.deleteRecord('meeting', ipc.NEW_RECORD_ID);
    await ipc.search('hope');
    expect(invoke.mock.calls).toEqual([
      ['app_status', undefined],
      ['create_journal', { passphrase: 'pass phrase' }],
      ['unlock', { passphrase: 'pass phrase' }],
      ['unlock_with_recovery_key', { recoveryKey: 'ABCD-EFGH', newPassphrase: 'new phrase' }],
      ['lock', undefined],
      ['touch', undefined],
      ['dashboard', undefined],
      ['clean_dates', undefined],
      ['set_clean_date', { date: '2024-05-06', note: 'note' }],
      ['get_settings', undefined],
      ['save_settings', { settings: { autoLockMinutes: 5, theme: 'system', ninetyStart: null, homeGroup: '' } }],
      ['change_passphrase', { current: 'old one', new: 'new one' }],
      ['new_recovery_key', { current: 'old one' }],
      ['delete_record', { kind: 'meeting', id: '00000000-0000-0000-0000-000000000000' }],
      ['search', { query: 'hope' }],
    ]);
  });

  it('pass IpcErrors through', async () => {
    invoke.mockRejectedValue({
      code: 'INVALID',
      message: 'The field date needs attention.',
      validation: { field: 'date', problem: { kind: 'futureDate' } },
    });
    await expect(ipc.setCleanDate('2999-01-01', '')).rejects.toEqual({
      code: 'INVALID',
      message: 'The field date needs attention.',
      validation: { field: 'date', problem: { kind: 'futureDate' } },
    });
  });

  it.each([
    ['a string', 'boom'],
    ['an Error', new Error('bridge missing')],
    ['an unknown code', { code: 'SOMETHING_NEW', message: 'x', validation: null }],
    ['nothing', undefined],
  ])('turn %s into INTERNAL', async (_what, thrown) => {
    invoke.mockRejectedValue(thrown);
    const error = await ipc.touch().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INTERNAL', validation: null });
    expect(ipc.isIpcError(error)).toBe(true);
  });

  it('keep only well-formed validation details', () => {
    expect(
      ipc.toIpcError({ code: 'INVALID', message: 'm', validation: { field: 'x', problem: { kind: 'weird' } } })
        .validation,
    ).toBeNull();
    expect(
      ipc.toIpcError({
        code: 'INVALID',
        message: 'm',
        validation: { field: 'autoLockMinutes', problem: { kind: 'outOfRange', min: 1, max: 1440 } },
      }).validation,
    ).toEqual({ field: 'autoLockMinutes', problem: { kind: 'outOfRange', min: 1, max: 1440 } });
  });
});

describe('journal-locked', () => {
  it('passes the reason on, and still locks on an odd payload', async () => {
    const unlisten = vi.fn();
    let deliver: (e: { payload: unknown }) => void = () => undefined;
    listen.mockImplementation((name: string, cb: (e: { payload: unknown }) => void) => {
      expect(name).toBe('journal-locked');
      deliver = cb;
      return Promise.resolve(unlisten);
    });
    const reasons: unknown[] = [];
    const stop = await ipc.onJournalLocked((r) => reasons.push(r));
    deliver({ payload: { reason: 'screenLocked' } });
    deliver({ payload: { reason: 'aliens' } });
    deliver({ payload: null });
    expect(reasons).toEqual(['screenLocked', null, null]);
    stop();
    expect(unlisten).toHaveBeenCalledOnce();
  });
});
