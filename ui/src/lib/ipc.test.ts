// The IPC door: one wrapper for every command the shell registers, the exact argument names,
// and every failure as an IpcError.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { COMMANDS } from './bindings';

const invoke = vi.fn();
const listen = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...a: unknown[]) => invoke(...a) }));
vi.mock('@tauri-apps/api/event', () => ({ listen: (...a: unknown[]) => listen(...a) }));

const ipc = await import('./ipc');

beforeEach(() => {
  invoke.mockReset();
  listen.mockReset();
});

/** Exports of ipc.ts that are not command wrappers. */
const NOT_WRAPPERS = new Set(['toIpcError', 'isIpcError', 'onJournalLocked']);

/** `journalEntryOn` → `journal_entry_on`. */
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe('commands', () => {
  it('have one wrapper each, named after it, and no wrapper calls anything else', async () => {
    invoke.mockResolvedValue(null);
    const called: string[] = [];
    for (const [name, wrapper] of Object.entries(ipc)) {
      if (typeof wrapper !== 'function' || NOT_WRAPPERS.has(name)) continue;
      invoke.mockClear();
      await (wrapper as () => Promise<unknown>)();
      expect(invoke, name).toHaveBeenCalledOnce();
      const command: unknown = invoke.mock.calls[0]?.[0];
      expect(command, name).toBe(snake(name));
      called.push(String(command));
    }
    // COMMANDS is generated from the list the shell registers (src-tauri/commands.list).
    expect(called.sort()).toEqual([...COMMANDS].sort());
  });

  it('send the shell’s camelCase arguments', async () => {
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
    await ipc.saveSettings({
      autoLockMinutes: 5,
      theme: 'system',
      ninetyStart: null,
      homeGroup: '',
      backupSchedule: 'daily',
      backupsKept: 7,
    });
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
      [
        'save_settings',
        {
          settings: {
            autoLockMinutes: 5,
            theme: 'system',
            ninetyStart: null,
            homeGroup: '',
            backupSchedule: 'daily',
            backupsKept: 7,
          },
        },
      ],
      ['change_passphrase', { current: 'old one', new: 'new one' }],
      ['new_recovery_key', { current: 'old one' }],
      ['delete_record', { kind: 'meeting', id: '00000000-0000-0000-0000-000000000000' }],
      ['search', { query: 'hope' }],
    ]);
  });

  it('send the keeping commands’ camelCase arguments', async () => {
    invoke.mockResolvedValue(null);
    const words = { title: 'T', accept: 'Save', cancel: 'Cancel', filterName: 'F', allFiles: 'All' };
    await ipc.chooseFile('backup', words, 'journal-backup-2026-03-04.jbackup');
    await ipc.backUpNow();
    await ipc.automaticBackups();
    await ipc.prepareRestore({ kind: 'passphrase', passphrase: 'old phrase' });
    await ipc.prepareRestore({ kind: 'recoveryKey', recoveryKey: 'ABCD', newPassphrase: 'new phrase' });
    await ipc.confirmRestore();
    await ipc.cancelRestore();
    await ipc.exportSteps(null);
    await ipc.exportSteps(4);
    await ipc.exportMeetingsCsv('2026-01-01', '2026-01-31');
    await ipc.exportJson();
    await ipc.importJson();
    await ipc.attendanceReport('2026-01-01', '2026-01-31');
    const options = { signatureColumn: true, memberName: null, paper: 'a4' as const, preparedOn: '2026-02-01' };
    await ipc.saveAttendancePdf('2026-01-01', '2026-01-31', options);
    await ipc.importMeetingList();
    await ipc.meetingList('', null);
    await ipc.meetingListCount();
    await ipc.listedMeetingsOn('2026-02-02');
    await ipc.clearMeetingList();
    await ipc.prefillMeeting('11111111-1111-1111-1111-111111111111', '2026-02-02');
    expect(invoke.mock.calls).toEqual([
      ['choose_file', { purpose: 'backup', words, suggestedName: 'journal-backup-2026-03-04.jbackup' }],
      ['back_up_now', undefined],
      ['automatic_backups', undefined],
      ['prepare_restore', { secret: { kind: 'passphrase', passphrase: 'old phrase' } }],
      [
        'prepare_restore',
        { secret: { kind: 'recoveryKey', recoveryKey: 'ABCD', newPassphrase: 'new phrase' } },
      ],
      ['confirm_restore', undefined],
      ['cancel_restore', undefined],
      ['export_steps', { step: null }],
      ['export_steps', { step: 4 }],
      ['export_meetings_csv', { from: '2026-01-01', to: '2026-01-31' }],
      ['export_json', undefined],
      ['import_json', undefined],
      ['attendance_report', { from: '2026-01-01', to: '2026-01-31' }],
      ['save_attendance_pdf', { from: '2026-01-01', to: '2026-01-31', options }],
      ['import_meeting_list', undefined],
      ['meeting_list', { query: '', weekday: null }],
      ['meeting_list_count', undefined],
      ['listed_meetings_on', { date: '2026-02-02' }],
      ['clear_meeting_list', undefined],
      ['prefill_meeting', { listed: '11111111-1111-1111-1111-111111111111', date: '2026-02-02' }],
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
