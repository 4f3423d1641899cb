// What the step screens share while they are shown.
// Contract: `Steps.svelte` provides one `StepsContext`; it lives exactly as long as the screen
// (so it holds nothing after a lock, which unmounts every screen). It keeps the autosaves
// that are alive (flushed together before a lock and before leaving a step page) and which
// delete confirmation is open (only one at a time, so "Yes, delete" is never ambiguous: every
// ConfirmAction on the step screens binds its `openKey` to `confirming`).
import { getContext, setContext } from 'svelte';
import { AutosaveRegistry, componentAutosave, type Autosave, type AutosaveOptions } from '../autosave';

const KEY = Symbol('steps');

export class StepsContext {
  readonly autosaves = new AutosaveRegistry();
  /** The key of the delete confirmation that is open, if any. */
  confirming = $state<string | null>(null);
}

export function provideSteps(): StepsContext {
  return setContext(KEY, new StepsContext());
}

export function useSteps(): StepsContext {
  const ctx = getContext<StepsContext | undefined>(KEY);
  if (!ctx) throw new Error('step screens need the Steps context');
  return ctx;
}

/**
 * An autosave that belongs to the calling component, registered with the screen's registry
 * (see `componentAutosave`). Call during component initialisation.
 */
export function useAutosave(options: AutosaveOptions): Autosave {
  const ctx = useSteps();
  return componentAutosave(options, (item) => ctx.autosaves.add(item));
}
