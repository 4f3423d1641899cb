// Asking first: which confirmation is open, and how a confirmed action's outcome is told.
// (The components themselves need a DOM, which these Node tests do not have.)
import { describe, expect, it } from 'vitest';
import type { IpcError } from './bindings';
import { closedKey, isOpen, runConfirmed } from './confirm';
import { errorMessage, failureWords, problemMessage } from './errors';

const err = (code: IpcError['code'], validation: IpcError['validation'] = null): IpcError => ({
  code,
  message: 'fallback',
  validation,
});

describe('which confirmation is open', () => {
  it('is the one whose key is held, and only that one', () => {
    expect(isOpen('note-1', 'note-1')).toBe(true);
    expect(isOpen('note-1', 'note-2')).toBe(false);
    expect(isOpen(null, 'note-1')).toBe(false);
  });

  it('closes only itself: another that opened meanwhile stays open', () => {
    expect(closedKey('note-1', 'note-1')).toBeNull();
    expect(closedKey('note-2', 'note-1')).toBe('note-2');
    expect(closedKey(null, 'note-1')).toBeNull();
  });
});

describe('runConfirmed', () => {
  it('says done when the action went through, running it once', async () => {
    let runs = 0;
    await expect(
      runConfirmed(async () => {
        runs += 1;
      }),
    ).resolves.toEqual({ done: true });
    expect(runs).toBe(1);
  });

  it('turns a failure into kind words instead of throwing', async () => {
    const outcome = await runConfirmed(() => Promise.reject(err('DISK_FULL')), 'meetings');
    expect(outcome).toEqual({ done: false, message: errorMessage(err('DISK_FULL')) });
  });

  it("uses the context's own wording when it has one", async () => {
    const outcome = await runConfirmed(
      () => Promise.reject(err('WRONG_PASSPHRASE')),
      'settings.passphrase',
    );
    const own = errorMessage(err('WRONG_PASSPHRASE'), 'settings.passphrase');
    expect(own).not.toBe(errorMessage(err('WRONG_PASSPHRASE')));
    expect(outcome).toEqual({ done: false, message: own });
  });

  it('never shows a raw error: something unknown gets the general words', async () => {
    const outcome = await runConfirmed(() => Promise.reject(new Error('secret internals')));
    expect(outcome.done).toBe(false);
    if (!outcome.done) {
      expect(outcome.message).toBe(errorMessage(err('INTERNAL')));
      expect(outcome.message).not.toContain('secret internals');
    }
  });
});

describe('failureWords', () => {
  it("gives a validation problem's own words, otherwise the error's sentence", () => {
    expect(failureWords(err('INVALID', { field: 'text', problem: { kind: 'required' } }))).toBe(
      problemMessage({ kind: 'required' }),
    );
    expect(failureWords(err('NOT_FOUND'), 'steps')).toBe(errorMessage(err('NOT_FOUND'), 'steps'));
  });
});
