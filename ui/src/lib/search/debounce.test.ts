import { describe, expect, it, vi } from 'vitest';
import { debounce } from './debounce';
import { fold, sameText } from './fold';

describe('debounce', () => {
  it('calls once with the latest arguments after the quiet time', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 300);
    d('a');
    vi.advanceTimersByTime(200);
    d('ab');
    vi.advanceTimersByTime(299);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith('ab');
    vi.useRealTimers();
  });

  it('cancel drops a pending call and flush runs it now', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 300);
    d('x');
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
    d('y');
    d.flush();
    expect(fn).toHaveBeenCalledWith('y');
    d.flush();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });
});

describe('fold', () => {
  it('ignores case, accents and outer spaces', () => {
    expect(fold('  Café Du LUNDI ')).toBe('cafe du lundi');
    expect(sameText('Hope Group', 'hope group')).toBe(true);
    expect(sameText('Grüße', 'grusse')).toBe(false);
    expect(sameText('', '  ')).toBe(false);
  });
});
