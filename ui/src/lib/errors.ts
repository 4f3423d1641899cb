// Kind words for errors.
// Contract: every `ErrorCode` has its own plain sentence in the locale ("errors.<CODE>"); a
// screen may give a code its own wording for that context ("<context>.errors.<CODE>") and
// falls back to the general one. A validation problem (`INVALID`) is shown beside its field
// with the words for its `problem.kind`; the member's input is kept.
import type { IpcError, Problem } from './bindings';
import { hasMessage, t } from './i18n';

/** The sentence for an error, preferring the context's own wording when it has one. */
export function errorMessage(error: IpcError, context?: string): string {
  if (context) {
    const specific = `${context}.errors.${error.code}`;
    if (hasMessage(specific)) return t(specific);
  }
  return t(`errors.${error.code}`);
}

/**
 * The kind words for why an action failed: a validation problem's own words when the core
 * named one, otherwise the error's sentence (in the context's wording when it has one).
 */
export function failureWords(error: IpcError, context?: string): string {
  if (error.code === 'INVALID' && error.validation) return problemMessage(error.validation.problem);
  return errorMessage(error, context);
}

/** The words for a field problem: "Please fill this in.", "That date is still ahead." … */
export function problemMessage(problem: Problem): string {
  switch (problem.kind) {
    case 'required':
      return t('problems.required');
    case 'tooLong':
      return t('problems.tooLong', { count: problem.max });
    case 'futureDate':
      return t('problems.futureDate');
    case 'outOfRange':
      return t('problems.outOfRange', { min: problem.min, max: problem.max });
    case 'dateOrder':
      return t('problems.dateOrder');
    case 'revealing':
      return t('problems.revealing');
  }
}

/** Where an error belongs in a form: beside one of `fields`, or in the form's own message. */
export interface PlacedError {
  field: string | null;
  message: string;
}

/**
 * Place an error for a form whose inputs are named `fields` (the core's field names).
 * A validation error for one of them goes beside it; anything else is a form message.
 */
export function placeError(error: IpcError, fields: readonly string[], context?: string): PlacedError {
  const v = error.validation;
  if (error.code === 'INVALID' && v && fields.includes(v.field)) {
    return { field: v.field, message: problemMessage(v.problem) };
  }
  if (error.code === 'INVALID' && v) {
    return { field: null, message: problemMessage(v.problem) };
  }
  return { field: null, message: errorMessage(error, context) };
}

/** A client-side validation failure in the shell's own shape, so it is shown the same way. */
export function invalid(field: string, problem: Problem): IpcError {
  return { code: 'INVALID', message: '', validation: { field, problem } };
}
