// Locking from the UI waits for pending step autosaves first (journal.ts `onBeforeLock`).
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
vi.mock('../ipc', async (original) => {
  const real = await original<typeof import('../ipc')>();
  return {
    ...real,
    lock: () => {
      calls.push(`lock(open=${String(session.data.open)})`);
      return Promise.resolve(null);
    },
  };
});

const { session } = await import('../session.svelte');
const journal = await import('../journal');
const { Autosave, AutosaveRegistry } = await import('../autosave');

beforeEach(() => {
  calls.length = 0;
  session.opened();
  session.phase = 'unlocked';
});

describe('flush before lock', () => {
  it('saves what was typed while the journal is still open, then locks', async () => {
    const registry = new AutosaveRegistry();
    const note = new Autosave({
      save: async () => {
        calls.push(`save(open=${String(session.data.open)})`);
        return 'id';
      },
    });
    registry.add(note);
    const stop = journal.onBeforeLock(() => registry.flushAll());
    note.touch();
    await journal.lockJournal();
    stop();
    expect(calls).toEqual(['save(open=true)', 'lock(open=false)']);
    expect(session.phase).toBe('locked');
  });

  it('still locks when a save fails', async () => {
    const stop = journal.onBeforeLock(() => Promise.reject(new Error('no')));
    await journal.lockJournal();
    stop();
    expect(calls).toEqual(['lock(open=false)']);
    expect(session.phase).toBe('locked');
  });

  it('does not wait forever for a save that never answers', async () => {
    vi.useFakeTimers();
    try {
      const stop = journal.onBeforeLock(() => new Promise(() => undefined));
      const locking = journal.lockJournal();
      await vi.advanceTimersByTimeAsync(3000);
      await locking;
      stop();
      expect(session.phase).toBe('locked');
    } finally {
      vi.useRealTimers();
    }
  });

  it('unregistered flushes are not run', async () => {
    const flush = vi.fn(() => Promise.resolve());
    journal.onBeforeLock(flush)();
    await journal.lockJournal();
    expect(flush).not.toHaveBeenCalled();
  });
});
