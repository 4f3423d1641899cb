import { beforeEach, describe, expect, it } from 'vitest';
import { session } from './session.svelte';
import { guarded } from './guarded';

beforeEach(() => {
  session.opened();
  session.phase = 'unlocked';
});

describe('guarded', () => {
  it('hands the answer over while the journal is open, null included', async () => {
    await expect(guarded(() => Promise.resolve(null))).resolves.toEqual({ value: null });
    await expect(guarded(() => Promise.resolve([1]))).resolves.toEqual({ value: [1] });
  });

  it('drops an answer that arrives after a lock', async () => {
    let finish: (v: string) => void = () => undefined;
    const pending = guarded(() => new Promise<string>((r) => (finish = r)));
    session.lockedLocally('idle');
    finish('private words');
    await expect(pending).resolves.toBeNull();
  });

  it('locks the UI on LOCKED and rethrows kind errors', async () => {
    await expect(
      guarded(() => Promise.reject({ code: 'LOCKED', message: '', validation: null })),
    ).rejects.toMatchObject({ code: 'LOCKED' });
    expect(session.phase).toBe('locked');
    session.opened();
    await expect(guarded(() => Promise.reject(new Error('boom')))).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });
});

describe('guarded before unlock', () => {
  it('hands the answer over while no journal is open', async () => {
    session.lockedLocally(null);
    await expect(guarded(() => Promise.resolve('file'), { beforeUnlock: true })).resolves.toEqual({
      value: 'file',
    });
  });

  it('drops an answer that arrives after the session moved on', async () => {
    let finish: (v: string) => void = () => undefined;
    const pending = guarded(() => new Promise<string>((r) => (finish = r)), { beforeUnlock: true });
    session.lockedLocally('idle');
    finish('summary');
    await expect(pending).resolves.toBeNull();
  });

  it('treats LOCKED as an ordinary error', async () => {
    await expect(
      guarded(() => Promise.reject({ code: 'LOCKED', message: '', validation: null }), {
        beforeUnlock: true,
      }),
    ).rejects.toMatchObject({ code: 'LOCKED' });
    expect(session.phase).toBe('unlocked');
  });
});
