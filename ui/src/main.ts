// Entry point: global styles, the language and name from the shell, then the root component.
// Contract: nothing runs before the app asks the shell for its status; no data is read from
// or written to any browser storage. The language is set before the app's own modules load
// (they are imported after it), so every word and date is in it from the first screen; the
// page title is the app's name as the shell gives it (a neutral one in discreet mode).
import { mount } from 'svelte';
import './app.css';
import { setLanguage } from './lib/i18n';
import { appStatus } from './lib/ipc';
import { setLook } from './lib/look';

async function main(): Promise<void> {
  try {
    const status = await appStatus();
    setLanguage(status.language);
    setLook(status);
  } catch {
    // The app shows its own "couldn't start" screen; English and the default name meanwhile.
  }
  const { default: App } = await import('./App.svelte');
  const target = document.getElementById('app');
  if (target) mount(App, { target });
}

void main();
