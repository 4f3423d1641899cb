// Asking before something that cannot be undone: the logic behind ConfirmAction and
// ConfirmPanel (lib/components), kept apart from the markup so it can be tested in Node.
// Contract:
// - Which confirmation is open is one key (or null), held by the caller and shared by the
//   confirmations that must never be open together: `isOpen` tells one whether it is the open
//   one, and `closedKey` closes one without closing another that opened meanwhile.
// - `runConfirmed` runs the confirmed action once and never throws: it answers "done", or the
//   kind words for why not (`failureWords`: a validation problem's words, or the error's
//   sentence in the `context`'s own wording when it has one), so nothing is lost and the
//   question can stay open for another try.
import { failureWords } from './errors';
import { toIpcError } from './ipc';

/** How a confirmed action went. */
export type ConfirmOutcome = { readonly done: true } | { readonly done: false; readonly message: string };

/** Whether the confirmation `key` is the open one. */
export function isOpen(openKey: string | null, key: string): boolean {
  return openKey === key;
}

/** What the open key becomes when the confirmation `key` closes. */
export function closedKey(openKey: string | null, key: string): string | null {
  return openKey === key ? null : openKey;
}

/** Run the confirmed action; a failure comes back as kind words, never as a throw. */
export async function runConfirmed(
  action: () => Promise<void>,
  context?: string,
): Promise<ConfirmOutcome> {
  try {
    await action();
    return { done: true };
  } catch (thrown) {
    return { done: false, message: failureWords(toIpcError(thrown), context) };
  }
}
