// Words for an autosave's state, and where its error belongs.
// Contract: "Saving…" while a save waits or runs, "Saved" after it, "Not saved — <reason>"
// after a failure (the reason is the field problem's words, or the error's kind sentence);
// nothing before the first change. `fieldError` gives the message to show beside one field
// when the failure is about that field.
import type { IpcError } from '../bindings';
import { failureWords, problemMessage } from '../errors';
import { t } from '../i18n';
import type { SaveState } from '../autosave';

/** The kind words for why a save failed. */
export function failureReason(error: IpcError): string {
  return failureWords(error, 'steps');
}

/** The visible save state, or null when nothing has changed yet. */
export function saveStateText(state: SaveState): string | null {
  switch (state.kind) {
    case 'idle':
      return null;
    case 'pending':
    case 'saving':
      return t('steps.save.saving');
    case 'saved':
      return t('steps.save.saved');
    case 'failed':
      return t('steps.save.failed', { reason: failureReason(state.error) });
  }
}

/** The message for `field` when the last save failed because of it. */
export function fieldError(state: SaveState, field: string): string | null {
  if (state.kind !== 'failed') return null;
  const v = state.error.validation;
  if (state.error.code !== 'INVALID' || !v || v.field !== field) return null;
  return problemMessage(v.problem);
}

/** The error for an answer that came after the journal locked (the editor is gone by then). */
export function lockedError(): IpcError {
  return { code: 'LOCKED', message: '', validation: null };
}
