// Words for the autosave state, and where a failure belongs.
import { describe, expect, it } from 'vitest';
import { invalid } from '../errors';
import { failureReason, fieldError, saveStateText } from './saveState';

describe('save state words', () => {
  it('says nothing before a change, then Saving…, Saved, or why not', () => {
    expect(saveStateText({ kind: 'idle' })).toBeNull();
    expect(saveStateText({ kind: 'pending' })).toBe('Saving…');
    expect(saveStateText({ kind: 'saving' })).toBe('Saving…');
    expect(saveStateText({ kind: 'saved' })).toBe('Saved');
    expect(
      saveStateText({ kind: 'failed', error: invalid('date', { kind: 'futureDate' }) }),
    ).toBe("Not saved — That day hasn't come yet. Please choose today or an earlier day.");
    expect(
      saveStateText({ kind: 'failed', error: { code: 'STORAGE', message: '', validation: null } }),
    ).toMatch(/^Not saved — Your journal couldn't be read or saved just now/);
  });

  it('puts a field problem beside its field only', () => {
    const state = { kind: 'failed', error: invalid('question', { kind: 'required' }) } as const;
    expect(fieldError(state, 'question')).toBe('Please fill this in.');
    expect(fieldError(state, 'answer')).toBeNull();
    expect(fieldError({ kind: 'saved' }, 'question')).toBeNull();
  });

  it('words a too-long text with its limit', () => {
    expect(failureReason(invalid('text', { kind: 'tooLong', max: 200000 }))).toBe(
      'Please keep this to 200,000 characters or fewer.',
    );
  });
});
