// The autosave controller: debounce, flush, no duplicate creates, failures keep the text.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, AutosaveRegistry, autosaveLifecycle, type SaveState } from './autosave';
import { invalid } from './errors';

const NEW_ID = 'id-1';

/** A fake journal: records each save's id and content, answers when told to. */
function fakeSaver() {
  const calls: Array<{ id: string | null; text: string }> = [];
  const pending: Array<{ resolve: (id: string) => void; reject: (e: unknown) => void }> = [];
  let text = '';
  let auto = true;
  let fail: unknown = null;
  return {
    calls,
    pending,
    setText: (v: string) => (text = v),
    manual: () => (auto = false),
    failWith: (e: unknown) => (fail = e),
    save: (id: string | null): Promise<string> => {
      calls.push({ id, text });
      if (fail) {
        const e = fail;
        fail = null;
        return Promise.reject(e);
      }
      if (auto) return Promise.resolve(id ?? NEW_ID);
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Autosave', () => {
  it('saves once, about a second after typing stops', async () => {
    const s = fakeSaver();
    const states: SaveState['kind'][] = [];
    const a = new Autosave({ save: s.save, onState: (st) => states.push(st.kind) });
    s.setText('a');
    a.touch();
    await vi.advanceTimersByTimeAsync(600);
    s.setText('ab');
    a.touch();
    await vi.advanceTimersByTimeAsync(600);
    expect(s.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(400);
    expect(s.calls).toEqual([{ id: null, text: 'ab' }]);
    expect(a.id).toBe(NEW_ID);
    expect(a.state.kind).toBe('saved');
    expect(states).toEqual(['pending', 'pending', 'saving', 'saved']);
  });

  it('flush saves at once and cancels the timer', async () => {
    const s = fakeSaver();
    const a = new Autosave({ save: s.save });
    s.setText('now');
    a.touch();
    expect(await a.flush()).toBe(true);
    expect(s.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(s.calls).toHaveLength(1);
  });

  it('flush with nothing changed saves nothing', async () => {
    const s = fakeSaver();
    const a = new Autosave({ save: s.save, id: 'x' });
    expect(await a.flush()).toBe(true);
    expect(s.calls).toEqual([]);
    expect(a.state.kind).toBe('idle');
  });

  it('never creates a new record twice, even when typing goes on during the first save', async () => {
    const s = fakeSaver();
    s.manual();
    const a = new Autosave({ save: s.save });
    s.setText('first');
    a.touch();
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.calls).toEqual([{ id: null, text: 'first' }]);
    // More typing while the first save is still on its way.
    s.setText('first and more');
    a.touch();
    const flushed = a.flush();
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.calls).toHaveLength(1);
    s.pending[0]?.resolve(NEW_ID);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.calls).toEqual([
      { id: null, text: 'first' },
      { id: NEW_ID, text: 'first and more' },
    ]);
    s.pending[1]?.resolve(NEW_ID);
    expect(await flushed).toBe(true);
    expect(a.state.kind).toBe('saved');
  });

  it('updates an existing record by its id', async () => {
    const s = fakeSaver();
    const a = new Autosave({ save: s.save, id: 'known' });
    a.touch();
    await a.flush();
    expect(s.calls[0]?.id).toBe('known');
  });

  it('a failure shows why, keeps the change unsaved and tries again on the next flush', async () => {
    const s = fakeSaver();
    const a = new Autosave({ save: s.save });
    s.setText('kept');
    s.failWith({ code: 'STORAGE', message: 'x', validation: null });
    a.touch();
    expect(await a.flush()).toBe(false);
    expect(a.state).toEqual({
      kind: 'failed',
      error: { code: 'STORAGE', message: 'x', validation: null },
    });
    expect(a.unsaved).toBe(true);
    expect(a.id).toBeNull();
    // Tried again without any new typing: nothing is lost.
    expect(await a.flush()).toBe(true);
    expect(s.calls.map((c) => c.text)).toEqual(['kept', 'kept']);
    expect(a.state.kind).toBe('saved');
    expect(a.unsaved).toBe(false);
  });

  it('a validation failure carries the field', async () => {
    const a = new Autosave({
      save: () => Promise.reject(invalid('date', { kind: 'futureDate' })),
    });
    a.touch();
    await a.flush();
    expect(a.state).toMatchObject({
      kind: 'failed',
      error: { code: 'INVALID', validation: { field: 'date', problem: { kind: 'futureDate' } } },
    });
  });

  it('a thrown non-error becomes INTERNAL', async () => {
    const a = new Autosave({ save: () => Promise.reject(new Error('boom')) });
    a.touch();
    await a.flush();
    expect(a.state).toMatchObject({ kind: 'failed', error: { code: 'INTERNAL' } });
  });

  it('a flush during a running save waits for it, then saves the newer change', async () => {
    const s = fakeSaver();
    s.manual();
    const a = new Autosave({ save: s.save });
    s.setText('first');
    a.touch();
    vi.advanceTimersByTime(1000);
    await Promise.resolve();
    expect(s.calls).toHaveLength(1);
    s.setText('first and more');
    a.touch();
    const flushed = a.flush();
    s.pending.shift()?.resolve(NEW_ID);
    for (let i = 0; i < 5 && s.calls.length < 2; i++) await Promise.resolve();
    expect(s.calls).toEqual([
      { id: null, text: 'first' },
      { id: NEW_ID, text: 'first and more' },
    ]);
    s.pending.shift()?.resolve(NEW_ID);
    expect(await flushed).toBe(true);
    expect(a.unsaved).toBe(false);
  });

  it('markChanged waits for an explicit flush', async () => {
    const s = fakeSaver();
    const a = new Autosave({ save: s.save });
    a.markChanged();
    expect(a.state.kind).toBe('pending');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.calls).toEqual([]);
    await a.flush();
    expect(s.calls).toHaveLength(1);
  });

  it('cancel drops what is pending; settle waits for a save in flight', async () => {
    const s = fakeSaver();
    s.manual();
    const a = new Autosave({ save: s.save });
    a.touch();
    void a.flush();
    a.touch();
    a.cancel();
    let settled = false;
    const waiting = a.settle().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    s.pending[0]?.resolve(NEW_ID);
    await waiting;
    expect(a.id).toBe(NEW_ID);
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.calls).toHaveLength(1);
  });

  it('after dispose nothing is scheduled or reported', async () => {
    const s = fakeSaver();
    const onState = vi.fn();
    const a = new Autosave({ save: s.save, onState });
    a.dispose();
    a.touch();
    await vi.advanceTimersByTimeAsync(2000);
    expect(s.calls).toEqual([]);
    expect(onState).not.toHaveBeenCalled();
  });
});

describe('AutosaveRegistry', () => {
  it('flushes every autosave and says whether all are saved', async () => {
    const r = new AutosaveRegistry();
    const ok = fakeSaver();
    const bad = fakeSaver();
    bad.failWith({ code: 'IO', message: '', validation: null });
    const a = new Autosave({ save: ok.save });
    const b = new Autosave({ save: bad.save });
    r.add(a);
    const remove = r.add(b);
    a.touch();
    b.touch();
    expect(await r.flushAll()).toBe(false);
    expect(ok.calls).toHaveLength(1);
    expect(bad.calls).toHaveLength(1);
    remove();
    expect(r.size).toBe(1);
    expect(await r.flushAll()).toBe(true);
  });
});

describe('the autosave lifecycle', () => {
  it('registers the autosave, and on close saves what is left, stops and unregisters', async () => {
    const saver = fakeSaver();
    const registry = new AutosaveRegistry();
    const { autosave, close } = autosaveLifecycle({ save: saver.save }, (item) =>
      registry.add(item),
    );
    expect(registry.size).toBe(1);
    saver.setText('last words');
    autosave.touch();
    await close();
    expect(saver.calls).toEqual([{ id: null, text: 'last words' }]);
    expect(registry.size).toBe(0);
    // Stopped: a later change schedules nothing.
    autosave.touch();
    await vi.runAllTimersAsync();
    expect(saver.calls).toHaveLength(1);
  });

  it('stays registered (so a lock waits for it) until the last save answers', async () => {
    const saver = fakeSaver();
    saver.manual();
    const registry = new AutosaveRegistry();
    const { autosave, close } = autosaveLifecycle({ save: saver.save }, (item) =>
      registry.add(item),
    );
    autosave.touch();
    const closing = close();
    await Promise.resolve();
    expect(registry.size).toBe(1);
    saver.pending[0]?.resolve(NEW_ID);
    await closing;
    expect(registry.size).toBe(0);
  });

  it('unregisters even when the last save fails', async () => {
    const saver = fakeSaver();
    const registry = new AutosaveRegistry();
    const { autosave, close } = autosaveLifecycle({ save: saver.save }, (item) =>
      registry.add(item),
    );
    saver.failWith(invalid('text', { kind: 'required' }));
    autosave.touch();
    await close();
    expect(registry.size).toBe(0);
    expect(autosave.state.kind).toBe('failed');
  });
});
