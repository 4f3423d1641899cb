// The one way a form keeps its problems: one message per field, and one for the whole form.
// Contract:
// - `show(field, message)` puts one problem beside its field (the others go) and moves focus
//   to the first field marked aria-invalid inside the form (`root()`), after the DOM updates,
//   so the problem is seen and heard (with no `root`, the focus stays where it is). With a null
//   field the message is the form's own.
// - `clear(field)` is for the field's edit: its problem and the form's message go.
// - `failed(thrown, fields)` places a failed save's error (see `placeError`): beside its field
//   when the core named one of `fields`, else as the form's message.
// - `reset()` forgets every problem (before a new check).
// A Svelte module (.svelte.ts) because the problems are state the form shows.
import { tick } from 'svelte';
import { placeError } from './errors';
import { toIpcError } from './ipc';

export class FormProblems {
  errors = $state<Record<string, string>>({});
  formError = $state<string | null>(null);

  /** `root` gives the form element (focus stays inside it); without it, focus is not moved. */
  constructor(private readonly root?: () => HTMLElement | null | undefined) {}

  /** The field's problem, or null. */
  of(field: string): string | null {
    return this.errors[field] ?? null;
  }

  reset(): void {
    this.errors = {};
    this.formError = null;
  }

  clear(field: string): void {
    if (this.errors[field]) {
      const next = { ...this.errors };
      delete next[field];
      this.errors = next;
    }
    this.formError = null;
  }

  show(field: string | null, message: string): void {
    if (field === null) {
      this.formError = message;
      return;
    }
    this.errors = { [field]: message };
    if (this.root) void this.focusFirst();
  }

  failed(thrown: unknown, fields: readonly string[]): void {
    const placed = placeError(toIpcError(thrown), fields);
    this.show(placed.field, placed.message);
  }

  /** Move to the first field with a problem. */
  async focusFirst(): Promise<void> {
    await tick();
    this.root?.()?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }
}
