// Activity pings are throttled; the lock shortcut is Ctrl+L or Cmd+L only.
import { describe, expect, it, vi } from 'vitest';
import { createPinger, isLockShortcut } from './activity';

describe('createPinger', () => {
  it('sends at most once per interval', () => {
    let clock = 1_000_000;
    const send = vi.fn(() => Promise.resolve(null));
    const pinger = createPinger(send, 30_000, () => clock);
    pinger.ping();
    pinger.ping();
    clock += 29_999;
    pinger.ping();
    expect(send).toHaveBeenCalledTimes(1);
    clock += 1;
    pinger.ping();
    expect(send).toHaveBeenCalledTimes(2);
    pinger.reset();
    pinger.ping();
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('swallows a failed ping', async () => {
    const send = vi.fn(() => Promise.reject(new Error('locked')));
    const pinger = createPinger(send, 30_000, () => 0);
    expect(() => pinger.ping()).not.toThrow();
    await Promise.resolve();
    expect(send).toHaveBeenCalledOnce();
  });
});

describe('isLockShortcut', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });

  it('is Ctrl+L or Cmd+L', () => {
    expect(isLockShortcut(key('l', { ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(key('L', { ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(key('l', { metaKey: true }))).toBe(true);
  });

  it('is not a plain L or other combinations', () => {
    expect(isLockShortcut(key('l'))).toBe(false);
    expect(isLockShortcut(key('k', { ctrlKey: true }))).toBe(false);
    expect(isLockShortcut(key('l', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isLockShortcut(key('l', { ctrlKey: true, shiftKey: true }))).toBe(false);
  });
});
