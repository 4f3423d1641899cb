// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import DateField from './DateField.svelte';

function renderDate(props: Partial<{ error: string | null; max: string; hint: string }> = {}) {
  const onedit = vi.fn();
  render(DateField, {
    id: 'd-date',
    label: 'Day',
    testid: 'd-date',
    value: '2024-03-05',
    error: null,
    errorTestid: 'd-date-error',
    onedit,
    ...props,
  });
  return { onedit, input: screen.getByTestId('d-date') as HTMLInputElement };
}

describe('DateField', () => {
  it('is a labelled date input holding its value', () => {
    const { input } = renderDate({ max: '2024-12-31' });
    expect(screen.getByLabelText('Day')).toBe(input);
    expect(input.type).toBe('date');
    expect(input.id).toBe('d-date');
    expect(input.value).toBe('2024-03-05');
    expect(input.max).toBe('2024-12-31');
  });

  it('has no latest day unless given one', () => {
    const { input } = renderDate();
    expect(input.hasAttribute('max')).toBe(false);
  });

  it('reports an edit on input and on change (a day picked from the calendar)', async () => {
    const { onedit, input } = renderDate();
    await fireEvent.input(input, { target: { value: '2024-03-06' } });
    await fireEvent.change(input, { target: { value: '2024-03-07' } });
    expect(onedit).toHaveBeenCalledTimes(2);
  });

  it('shows its problem beside it and wires the input to it', () => {
    const { input } = renderDate({ error: 'Please pick a day.', hint: 'Any day.' });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('d-date-hint d-date-error');
    expect(screen.getByTestId('d-date-error').textContent).toBe('Please pick a day.');
  });
});
