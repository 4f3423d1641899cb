// Amends: statuses, dating a quick "made", and the words for the date.
import { describe, expect, it } from 'vitest';
import type { Amend } from '../bindings';
import { AMEND_STATUSES, amendDateText, withStatus } from './amends';

const amend = (over: Partial<Amend>): Amend => ({
  id: 'a',
  person: 'Sam',
  harm: '',
  status: 'planned',
  date: null,
  notes: '',
  ...over,
});

describe('amends', () => {
  it('has the three statuses', () => {
    expect(AMEND_STATUSES).toEqual(['planned', 'made', 'notPossible']);
  });

  it('dates a quick "made" today when it had no date or one still ahead', () => {
    expect(withStatus(amend({}), 'made', '2025-05-01').date).toBe('2025-05-01');
    expect(withStatus(amend({ date: '2025-06-01' }), 'made', '2025-05-01').date).toBe('2025-05-01');
    expect(withStatus(amend({ date: '2025-04-01' }), 'made', '2025-05-01').date).toBe('2025-04-01');
    expect(withStatus(amend({ date: '2025-06-01' }), 'notPossible', '2025-05-01')).toMatchObject({
      status: 'notPossible',
      date: '2025-06-01',
    });
  });

  it('words the date by status', () => {
    expect(amendDateText(amend({}))).toBeNull();
    expect(amendDateText(amend({ date: '2025-03-04' }))).toBe('Planned for March 4, 2025');
    expect(amendDateText(amend({ status: 'made', date: '2025-03-04' }))).toBe('Made on March 4, 2025');
    expect(amendDateText(amend({ status: 'notPossible', date: '2025-03-04' }))).toBe('March 4, 2025');
  });
});
