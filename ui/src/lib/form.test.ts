import { describe, expect, it } from 'vitest';
import { FormProblems } from './form.svelte';

describe('FormProblems', () => {
  it('keeps one problem beside its field and clears it (and the form message) on edit', () => {
    const problems = new FormProblems(() => null);
    problems.show('name', 'Please write a name.');
    expect(problems.of('name')).toBe('Please write a name.');
    problems.show('notes', 'Too long.');
    expect(problems.of('name')).toBeNull();
    expect(problems.of('notes')).toBe('Too long.');
    problems.formError = 'Could not save.';
    problems.clear('notes');
    expect(problems.of('notes')).toBeNull();
    expect(problems.formError).toBeNull();
  });

  it('places a failed save beside the field the core named, else on the form', () => {
    const problems = new FormProblems(() => null);
    problems.failed(
      { code: 'INVALID', message: '', validation: { field: 'name', problem: { kind: 'required' } } },
      ['name'],
    );
    expect(problems.of('name')).not.toBeNull();
    expect(problems.formError).toBeNull();
    problems.reset();
    problems.failed(new Error('boom'), ['name']);
    expect(problems.of('name')).toBeNull();
    expect(problems.formError).not.toBeNull();
  });
});
