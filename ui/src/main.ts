// Entry point: global styles, the page title, and the root component.
// Contract: nothing runs before the app asks the shell for its status; no data is read from
// or written to any browser storage.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { t } from './lib/i18n';

document.title = t('app.name');

const target = document.getElementById('app');
if (target) mount(App, { target });
