// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import ConfirmAction from './ConfirmAction.svelte';

function renderConfirm(onconfirm = vi.fn(() => Promise.resolve())) {
  render(ConfirmAction, {
    key: 'note-1',
    question: 'Delete this note?',
    testid: 'note-delete',
    confirmTestid: 'note-delete-yes',
    cancelTestid: 'note-delete-keep',
    onconfirm,
  });
  return onconfirm;
}

async function settle(): Promise<void> {
  await tick();
  await tick();
}

describe('ConfirmAction', () => {
  it('asks in place and moves the focus to the safe choice', async () => {
    renderConfirm();
    await fireEvent.click(screen.getByTestId('note-delete'));
    await settle();
    expect(screen.queryByTestId('note-delete')).toBeNull();
    expect(screen.getByText('Delete this note?')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('note-delete-keep'));
  });

  it('cancels on Escape and returns the focus to the button', async () => {
    const onconfirm = renderConfirm();
    await fireEvent.click(screen.getByTestId('note-delete'));
    await settle();
    await fireEvent.keyDown(screen.getByTestId('note-delete-keep'), { key: 'Escape' });
    await settle();
    expect(screen.queryByTestId('note-delete-keep')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('note-delete'));
    expect(onconfirm).not.toHaveBeenCalled();
  });

  it('runs the action when confirmed', async () => {
    const onconfirm = renderConfirm();
    await fireEvent.click(screen.getByTestId('note-delete'));
    await settle();
    await fireEvent.click(screen.getByTestId('note-delete-yes'));
    await settle();
    expect(onconfirm).toHaveBeenCalledTimes(1);
  });
});
