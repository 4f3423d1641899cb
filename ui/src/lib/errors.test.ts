// Kind words for errors, and validation problems placed beside their fields.
import { describe, expect, it } from 'vitest';
import type { IpcError } from './bindings';
import { errorMessage, placeError, problemMessage } from './errors';

const err = (code: IpcError['code'], validation: IpcError['validation'] = null): IpcError => ({
  code,
  message: 'fallback',
  validation,
});

describe('errors', () => {
  it('words the wrong passphrase kindly', () => {
    expect(errorMessage(err('WRONG_PASSPHRASE'))).toBe(
      "That passphrase didn't open your journal. Take your time and try again.",
    );
  });

  it('gives each file problem its own sentence, saying the file was left alone', () => {
    const codes = ['NOT_A_JOURNAL', 'CORRUPT', 'FOREIGN_DATABASE', 'EMPTY_FILE', 'NEWER_VERSION', 'KEY_SLOT_DAMAGED', 'STORAGE', 'IO', 'CRYPTO', 'INTERNAL'] as const;
    const sentences = codes.map((c) => errorMessage(err(c)));
    expect(new Set(sentences).size).toBe(codes.length);
    for (const s of sentences) expect(s).toMatch(/left (exactly )?as it was|Nothing was changed/);
  });

  it('prefers the context’s own words, then the general ones', () => {
    expect(errorMessage(err('WRONG_PASSPHRASE'), 'settings.passphrase')).toContain('current passphrase');
    expect(errorMessage(err('IO'), 'settings.passphrase')).toBe(errorMessage(err('IO')));
  });

  it('places a validation problem beside its field', () => {
    expect(placeError(err('INVALID', { field: 'date', problem: { kind: 'futureDate' } }), ['date', 'note'])).toEqual({
      field: 'date',
      message: problemMessage({ kind: 'futureDate' }),
    });
    expect(
      placeError(err('INVALID', { field: 'autoLockMinutes', problem: { kind: 'outOfRange', min: 1, max: 1440 } }), [
        'autoLockMinutes',
      ]).message,
    ).toBe('Please choose a number from 1 to 1,440.');
  });

  it('puts a problem with a field the form does not have in the form message', () => {
    const placed = placeError(err('INVALID', { field: 'other', problem: { kind: 'required' } }), ['date']);
    expect(placed).toEqual({ field: null, message: 'Please fill this in.' });
    expect(placeError(err('LOCKED'), ['date']).field).toBeNull();
  });

  it('words length limits in the singular and plural', () => {
    expect(problemMessage({ kind: 'tooLong', max: 200 })).toBe('Please keep this to 200 characters or fewer.');
    expect(problemMessage({ kind: 'tooLong', max: 1 })).toBe('Please keep this to 1 character.');
  });
});
