// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import FormHarness from './testing/FormHarness.svelte';

describe('Field', () => {
  it('labels its control and points aria-describedby at the hint only while all is well', () => {
    render(FormHarness);
    const name = screen.getByTestId('h-name');
    expect(screen.getByLabelText('Name')).toBe(name);
    expect(name.getAttribute('aria-invalid')).toBeNull();
    expect(name.getAttribute('aria-describedby')).toBe('h-name-hint');
    expect(screen.queryByTestId('h-name-error')).toBeNull();
    expect(screen.getByTestId('h-before').hasAttribute('aria-describedby')).toBe(false);
  });

  it('wires aria-invalid and aria-describedby to its error', async () => {
    render(FormHarness);
    await fireEvent.click(screen.getByTestId('h-save'));
    await tick();
    const name = screen.getByTestId('h-name');
    const error = screen.getByTestId('h-name-error');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe('h-name-hint h-name-error');
    expect(error.id).toBe('h-name-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('Please write a name.');
  });

  it('marks an optional field in its label', () => {
    render(FormHarness);
    expect((screen.getByTestId('h-before') as HTMLInputElement).labels?.[0]?.textContent).toMatch(/Before\s*\(.+\)/);
  });
});

describe('FormProblems', () => {
  it('focuses the field with the problem after a failed submit', async () => {
    render(FormHarness);
    screen.getByTestId('h-before').focus();
    await fireEvent.click(screen.getByTestId('h-save'));
    await tick();
    await tick();
    expect(document.activeElement).toBe(screen.getByTestId('h-name'));
  });

  it('focuses the first field marked invalid, not the first field', async () => {
    const { component } = render(FormHarness);
    component.showNotesProblem();
    await tick();
    await tick();
    expect(document.activeElement).toBe(screen.getByTestId('h-notes'));
  });

  it("clears a field's error when it is edited", async () => {
    render(FormHarness);
    await fireEvent.click(screen.getByTestId('h-save'));
    await tick();
    expect(screen.getByTestId('h-name-error')).toBeTruthy();
    await fireEvent.input(screen.getByTestId('h-name'), { target: { value: 'Sam' } });
    await tick();
    expect(screen.queryByTestId('h-name-error')).toBeNull();
    const name = screen.getByTestId('h-name');
    expect(name.getAttribute('aria-invalid')).toBeNull();
    expect(name.getAttribute('aria-describedby')).toBe('h-name-hint');
  });
});
