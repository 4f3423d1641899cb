// @vitest-environment jsdom
import { render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import PageTop from './PageTop.svelte';

describe('PageTop', () => {
  it('shows the title as the page heading with its id, and the lead line', () => {
    render(PageTop, { titleId: 'p-title', title: 'People', lead: 'Who you call.' });
    const heading = screen.getByRole('heading', { level: 1, name: 'People' });
    expect(heading.id).toBe('p-title');
    expect(heading.getAttribute('tabindex')).toBe('-1');
    expect(screen.getByText('Who you call.')).toBeTruthy();
  });

  it('takes the focus when the page opens', async () => {
    render(PageTop, { titleId: 'p-title', title: 'People', lead: 'Who you call.' });
    await tick();
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 }));
  });
});
