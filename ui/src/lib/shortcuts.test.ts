// The shortcuts: Alt+1…7 by physical key, Ctrl+F, "/" and "?" only outside text fields, Ctrl+L
// as the lock; and every word the help sheet shows exists in en.json.
import { describe, expect, it } from 'vitest';
import { hasMessage } from './i18n';
import {
  isTextEntry,
  NAMED_KEYS,
  SHORTCUT_VIEWS,
  SHORTCUTS,
  shortcutFor,
  type ShortcutEvent,
} from './shortcuts';

type Mods = Partial<Omit<ShortcutEvent, 'key'>>;

function key(k: string, mods: Mods = {}): ShortcutEvent {
  return {
    key: k,
    code: '',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    target: null,
    defaultPrevented: false,
    isComposing: false,
    ...mods,
  };
}

/** A stand-in for an element: only what `isTextEntry` reads. */
function el(tagName: string, extra: Record<string, unknown> = {}): EventTarget {
  return { tagName, ...extra } as unknown as EventTarget;
}

describe('shortcutFor', () => {
  it('opens the seven pages with Alt+1 … Alt+7, by physical key', () => {
    SHORTCUT_VIEWS.forEach((view, i) => {
      const n = i + 1;
      expect(shortcutFor(key(String(n), { code: `Digit${n}`, altKey: true }))).toEqual({ kind: 'go', view });
      expect(shortcutFor(key(String(n), { code: `Numpad${n}`, altKey: true }))).toEqual({ kind: 'go', view });
    });
    // A French keyboard: the key says "&" but it is the 1 key.
    expect(shortcutFor(key('&', { code: 'Digit1', altKey: true }))).toEqual({ kind: 'go', view: 'dashboard' });
    // No code (some synthetic events): the character decides.
    expect(shortcutFor(key('3', { altKey: true }))).toEqual({ kind: 'go', view: 'meetings' });
  });

  it('works from inside a text field for Alt+digit and Ctrl+F', () => {
    const target = el('TEXTAREA');
    expect(shortcutFor(key('2', { code: 'Digit2', altKey: true, target }))).toEqual({ kind: 'go', view: 'steps' });
    expect(shortcutFor(key('f', { ctrlKey: true, target }))).toEqual({ kind: 'go', view: 'search' });
    expect(shortcutFor(key('F', { metaKey: true, target }))).toEqual({ kind: 'go', view: 'search' });
  });

  it('takes nothing else with Alt, and no other digit', () => {
    expect(shortcutFor(key('8', { code: 'Digit8', altKey: true }))).toBeNull();
    expect(shortcutFor(key('0', { code: 'Digit0', altKey: true }))).toBeNull();
    expect(shortcutFor(key('a', { code: 'KeyA', altKey: true }))).toBeNull();
    expect(shortcutFor(key('1', { code: 'Digit1', altKey: true, shiftKey: true }))).toBeNull();
    expect(shortcutFor(key('1', { code: 'Digit1', altKey: true, ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('1', { code: 'Digit1' }))).toBeNull();
    expect(shortcutFor(key('1', { code: 'Digit1', ctrlKey: true }))).toBeNull();
  });

  it('leaves text editing alone: Ctrl+A, Ctrl+C, Ctrl+Shift+F, plain letters', () => {
    for (const k of ['a', 'c', 'v', 'x', 'z', 'y']) expect(shortcutFor(key(k, { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('f', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(shortcutFor(key('f', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(key('f'))).toBeNull();
    expect(shortcutFor(key('Escape'))).toBeNull();
  });

  it('opens the help with "?" and search with "/" only when no text is being typed', () => {
    expect(shortcutFor(key('?', { shiftKey: true }))).toEqual({ kind: 'help' });
    expect(shortcutFor(key('?', { target: el('BUTTON') }))).toEqual({ kind: 'help' });
    expect(shortcutFor(key('?', { target: el('INPUT', { type: 'checkbox' }) }))).toEqual({ kind: 'help' });
    expect(shortcutFor(key('/'))).toEqual({ kind: 'go', view: 'search' });
    // "/" is Shift+7 on a German keyboard.
    expect(shortcutFor(key('/', { shiftKey: true, target: el('H1') }))).toEqual({ kind: 'go', view: 'search' });
    for (const target of [
      el('INPUT', { type: 'text' }),
      el('INPUT', { type: 'search' }),
      el('INPUT', { type: 'date' }),
      el('INPUT'),
      el('textarea'),
      el('SELECT'),
      el('DIV', { isContentEditable: true }),
    ]) {
      expect(shortcutFor(key('?', { shiftKey: true, target }))).toBeNull();
      expect(shortcutFor(key('/', { target }))).toBeNull();
    }
    expect(shortcutFor(key('?', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('/', { altKey: true }))).toBeNull();
  });

  it('is the lock for Ctrl+L and Cmd+L, anywhere', () => {
    expect(shortcutFor(key('l', { ctrlKey: true, target: el('TEXTAREA') }))).toEqual({ kind: 'lock' });
    expect(shortcutFor(key('L', { metaKey: true }))).toEqual({ kind: 'lock' });
  });

  it('ignores keys a control already handled and keys typed through an input method', () => {
    expect(shortcutFor(key('?', { defaultPrevented: true }))).toBeNull();
    expect(shortcutFor(key('2', { code: 'Digit2', altKey: true, defaultPrevented: true }))).toBeNull();
    expect(shortcutFor(key('/', { isComposing: true }))).toBeNull();
  });
});

describe('isTextEntry', () => {
  it('knows text fields from buttons', () => {
    expect(isTextEntry(null)).toBe(false);
    expect(isTextEntry(el('BUTTON'))).toBe(false);
    expect(isTextEntry(el('INPUT', { type: 'radio' }))).toBe(false);
    expect(isTextEntry(el('INPUT', { type: 'password' }))).toBe(true);
    expect(isTextEntry(el('INPUT', { type: 'number' }))).toBe(true);
  });
});

describe('the help sheet list', () => {
  it('lists every page and every shortcut once, with words in en.json', () => {
    const pages = SHORTCUTS.filter((s) => s.what === 'help.go').map((s) => s.page);
    expect(pages).toEqual([...SHORTCUT_VIEWS]);
    const combos = SHORTCUTS.map((s) => s.keys.join('+'));
    expect(new Set(combos).size).toBe(combos.length);
    for (const s of SHORTCUTS) {
      expect(hasMessage(s.what), s.what).toBe(true);
      if (s.page) expect(hasMessage(`nav.${s.page}`), s.page).toBe(true);
      for (const k of s.keys) {
        if (NAMED_KEYS.includes(k)) expect(hasMessage(`help.keys.${k}`), k).toBe(true);
        else expect(k.length, k).toBe(1);
      }
    }
  });

  it('matches what shortcutFor does', () => {
    for (const s of SHORTCUTS) {
      if (s.keys.includes('escape')) continue;
      const last = s.keys[s.keys.length - 1] ?? '';
      const digit = /^[1-7]$/.test(last) ? `Digit${last}` : '';
      const action = shortcutFor(
        key(last.toLowerCase(), { code: digit, ctrlKey: s.keys.includes('ctrl'), altKey: s.keys.includes('alt') }),
      );
      if (s.what === 'help.go') expect(action).toEqual({ kind: 'go', view: s.page });
      if (s.what === 'help.search' || s.what === 'help.searchSlash') expect(action).toEqual({ kind: 'go', view: 'search' });
      if (s.what === 'help.lock') expect(action).toEqual({ kind: 'lock' });
      if (s.what === 'help.show') expect(action).toEqual({ kind: 'help' });
    }
  });
});
