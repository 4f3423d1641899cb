// Keyboard shortcuts of the open journal, and the list the help sheet shows.
// Contract: `shortcutFor(event)` maps a key event to what it asks for, or null. It is pure: it
// reads only the event (key, code, modifiers, target), so it is tested without a page; the
// frame (screens/AppFrame.svelte) carries the action out.
// - Alt+1 … Alt+7: the seven pages, in the side bar's order. Matched by the physical key
//   (`code` Digit1…Digit7 or the numpad), so they work whatever the keyboard layout; Alt+digit
//   types nothing and WebKitGTK passes it to the page (the window has no menu bar).
// - Ctrl+F (Cmd+F): Search, from anywhere, text fields included.
// - "/" (Search) and "?" (this list): ordinary characters, so only while no text is being
//   typed (the focus is not in a text field, a select or an editable element).
// - Ctrl+L (Cmd+L): lock; `isLockShortcut` (activity.ts) decides, and App.svelte locks, also
//   during the first run. It is listed here so the help sheet shows it.
// - An event a control has already handled (`defaultPrevented`), or typed through an input
//   method (`isComposing`), is never a shortcut.
import { isLockShortcut } from './activity';
import { NAV_VIEWS, type View } from './session.svelte';

export type ShortcutAction = { kind: 'go'; view: View } | { kind: 'help' } | { kind: 'lock' };

/** The pages Alt+1 … Alt+7 open: the side bar's, in its order. */
export const SHORTCUT_VIEWS: readonly View[] = NAV_VIEWS;

/** What `shortcutFor` reads of a KeyboardEvent. */
export type ShortcutEvent = Pick<
  KeyboardEvent,
  'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target' | 'defaultPrevented' | 'isComposing'
>;

/** Input types that take no typed text: a "?" pressed on them is a shortcut. */
const NOT_TEXT = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit']);

/** Whether typing a character at `target` would enter text (or choose in a select). */
export function isTextEntry(target: EventTarget | null): boolean {
  if (target === null || typeof target !== 'object') return false;
  const el = target as { tagName?: unknown; type?: unknown; isContentEditable?: unknown };
  if (el.isContentEditable === true) return true;
  const tag = typeof el.tagName === 'string' ? el.tagName.toUpperCase() : '';
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NOT_TEXT.has(typeof el.type === 'string' ? el.type.toLowerCase() : 'text');
  return false;
}

/** The page number 1…7 of Alt+digit (by physical key), else null. */
function digitOf(e: ShortcutEvent): number | null {
  const m = /^(?:Digit|Numpad)([1-7])$/.exec(e.code);
  if (m?.[1]) return Number(m[1]);
  // Some synthetic events carry no code: fall back to the character.
  if (!e.code && /^[1-7]$/.test(e.key)) return Number(e.key);
  return null;
}

/** What the key event asks for, or null when it is not a shortcut. */
export function shortcutFor(e: ShortcutEvent): ShortcutAction | null {
  if (e.defaultPrevented || e.isComposing) return null;
  if (isLockShortcut(e)) return { kind: 'lock' };
  const command = e.ctrlKey || e.metaKey;
  if (e.altKey && !command && !e.shiftKey) {
    const n = digitOf(e);
    const view = n === null ? undefined : SHORTCUT_VIEWS[n - 1];
    return view ? { kind: 'go', view } : null;
  }
  if (command && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f') {
    return { kind: 'go', view: 'search' };
  }
  if (command || e.altKey || isTextEntry(e.target)) return null;
  if (e.key === '?') return { kind: 'help' };
  if (e.key === '/') return { kind: 'go', view: 'search' };
  return null;
}

/** One line of the help sheet. */
export interface ShortcutHelp {
  /** Keys pressed together. `ctrl`, `alt` and `escape` are named in the locale
   *  (`help.keys.*`); any other key is shown as it is printed on the keyboard. */
  keys: readonly string[];
  /** What it does: a locale key, with `page` naming a page (`nav.*`) for `help.go`. */
  what: string;
  page?: View;
}

/** Every shortcut, in the order the help sheet lists them. */
export const SHORTCUTS: readonly ShortcutHelp[] = [
  ...SHORTCUT_VIEWS.map((view, i) => ({ keys: ['alt', String(i + 1)], what: 'help.go', page: view })),
  { keys: ['ctrl', 'F'], what: 'help.search' },
  { keys: ['/'], what: 'help.searchSlash' },
  { keys: ['ctrl', 'L'], what: 'help.lock' },
  { keys: ['?'], what: 'help.show' },
  { keys: ['escape'], what: 'help.closeList' },
];

/** The modifier and special keys named in the locale (`help.keys.<name>`). */
export const NAMED_KEYS: readonly string[] = ['ctrl', 'alt', 'escape'];
