// Colour theme on <html>.
// Contract: `applyTheme('light' | 'dark')` sets `data-theme`; 'system' or null removes it so
// the stylesheet follows `prefers-color-scheme`. Nothing is stored anywhere: before unlock
// (and after a lock) the system's preference is used.
import type { Theme } from './bindings';

export function applyTheme(theme: Theme | null, root: HTMLElement = document.documentElement): void {
  if (theme === 'light' || theme === 'dark') root.setAttribute('data-theme', theme);
  else root.removeAttribute('data-theme');
}
