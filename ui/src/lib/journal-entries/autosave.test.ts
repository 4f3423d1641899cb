import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAutosave, type SaveState } from './autosave';

/** A save that the test finishes by hand. */
function manualSave() {
  const finishers: Array<(ok: boolean) => void> = [];
  const save = vi.fn(
    () =>
      new Promise<void>((resolve, reject) => {
        finishers.push((ok) => (ok ? resolve() : reject(new Error('no'))));
      }),
  );
  return { save, finish: (ok = true) => finishers.shift()?.(ok) };
}

const tick = () => new Promise<void>((r) => queueMicrotask(r)).then(() => Promise.resolve());

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('autosave', () => {
  it('saves once, a second after typing stops', async () => {
    const states: SaveState[] = [];
    const save = vi.fn(() => Promise.resolve());
    const a = createAutosave({ save, onState: (s) => states.push(s) });
    a.changed();
    vi.advanceTimersByTime(500);
    a.changed();
    vi.advanceTimersByTime(999);
    expect(save).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    await vi.runAllTimersAsync();
    expect(save).toHaveBeenCalledTimes(1);
    expect(a.state).toBe('saved');
    expect(a.dirty).toBe(false);
    expect(states).toEqual(['pending', 'pending', 'saving', 'saved']);
  });

  it('never runs two saves at once: a change during a save is saved after it', async () => {
    const m = manualSave();
    const a = createAutosave({ save: m.save });
    a.changed();
    vi.advanceTimersByTime(1000);
    await tick();
    expect(m.save).toHaveBeenCalledTimes(1);
    expect(a.state).toBe('saving');
    a.changed();
    vi.advanceTimersByTime(1000);
    await tick();
    // Still only one: the second waits for the first (which returns the new id).
    expect(m.save).toHaveBeenCalledTimes(1);
    m.finish();
    await vi.runAllTimersAsync();
    expect(m.save).toHaveBeenCalledTimes(2);
    m.finish();
    await vi.runAllTimersAsync();
    expect(a.state).toBe('saved');
  });

  it('flush saves now and waits for it', async () => {
    const save = vi.fn(() => Promise.resolve());
    const a = createAutosave({ save });
    a.changed();
    await a.flush();
    expect(save).toHaveBeenCalledTimes(1);
    expect(a.state).toBe('saved');
    vi.advanceTimersByTime(5000);
    expect(save).toHaveBeenCalledTimes(1);
    // Nothing unsaved: flush does nothing.
    await a.flush();
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('flush during a running save waits, then saves the newer change', async () => {
    const m = manualSave();
    const a = createAutosave({ save: m.save });
    a.changed();
    vi.advanceTimersByTime(1000);
    await tick();
    a.changed();
    const flushed = a.flush();
    m.finish();
    await tick();
    await tick();
    expect(m.save).toHaveBeenCalledTimes(2);
    m.finish();
    await flushed;
    expect(a.dirty).toBe(false);
  });

  it('keeps changes unsaved after a failure and tries again on the next change', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const save = vi.fn(() => (fail ? Promise.reject(new Error('x')) : Promise.resolve()));
    const a = createAutosave({ save, onError: (e) => errors.push(e) });
    a.changed();
    await a.flush();
    expect(a.state).toBe('failed');
    expect(a.dirty).toBe(true);
    expect(errors).toHaveLength(1);
    fail = false;
    a.changed();
    await vi.runAllTimersAsync();
    expect(a.state).toBe('saved');
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('stops after dispose', async () => {
    const save = vi.fn(() => Promise.resolve());
    const a = createAutosave({ save });
    a.changed();
    a.dispose();
    await vi.runAllTimersAsync();
    expect(save).not.toHaveBeenCalled();
    a.changed();
    await vi.runAllTimersAsync();
    expect(save).not.toHaveBeenCalled();
  });
});
