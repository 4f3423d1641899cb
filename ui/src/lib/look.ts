// How the app shows itself: its name (a neutral one in discreet mode) and the member's choice.
// Contract: set once per page by main.ts from `app_status`, before the app mounts; a change of
// look (Settings or the first run) goes through `changeLook`, which stores it in the shell and
// loads the page again, so every word, date and name follows at once.
import type { AppStatus, Appearance, DataFolder } from './bindings';
import { hasMessage, t } from './i18n';
import * as ipc from './ipc';

let appName: string | null = null;
let appearance: Appearance = { language: 'system', neutralName: null };
let dataFolder: DataFolder = 'chosen';

/** Take the look the shell reported, and name the page after it. */
export function setLook(status: Pick<AppStatus, 'appName' | 'appearance' | 'dataFolder'>): void {
  appName = status.appName;
  appearance = status.appearance;
  dataFolder = status.dataFolder;
  if (typeof document !== 'undefined') document.title = status.appName;
}

/** The name the app goes by now. */
export function currentAppName(): string {
  return appName ?? t('app.name');
}

/**
 * The key to use for `key` now: in discreet mode, its plain variant (`discreet.<key>`, words
 * that never say recovery or journal) when there is one. Such messages take `{name}`.
 */
export function plainKey(key: string): string {
  return appearance.neutralName !== null && hasMessage(`discreet.${key}`) ? `discreet.${key}` : key;
}

/** The member's choice as stored. */
export function currentAppearance(): Appearance {
  return appearance;
}

/** Which folder the journal is in. */
export function currentDataFolder(): DataFolder {
  return dataFolder;
}

/** Store a new look, then load the page again (to `view`, when the journal is open). */
export async function changeLook(next: Appearance, view: string | null): Promise<void> {
  await ipc.setAppearance(next);
  const query = view ? `?view=${encodeURIComponent(view)}` : '';
  window.location.replace(`${window.location.pathname}${query}`);
}
