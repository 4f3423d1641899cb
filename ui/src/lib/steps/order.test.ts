// Ordering helpers: moving questions, positions, notes newest first.
import { describe, expect, it } from 'vitest';
import type { StepNote } from '../bindings';
import {
  byPosition,
  moveItem,
  nextPosition,
  renumber,
  sortNotes,
  sortReviews,
  upsert,
  withoutId,
} from './order';

describe('moveItem', () => {
  const list = ['a', 'b', 'c'];

  it('moves up and down without changing the input', () => {
    expect(moveItem(list, 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(list, 1, 1)).toEqual(['a', 'c', 'b']);
    expect(list).toEqual(['a', 'b', 'c']);
  });

  it('refuses to move past either end', () => {
    expect(moveItem(list, 0, -1)).toBeNull();
    expect(moveItem(list, 2, 1)).toBeNull();
    expect(moveItem(list, 5, -1)).toBeNull();
    expect(moveItem([], 0, 1)).toBeNull();
  });
});

describe('positions', () => {
  it('renumbers in order and keeps unchanged items as they are', () => {
    const a = { id: 'a', position: 0 };
    const b = { id: 'b', position: 7 };
    const out = renumber([a, b]);
    expect(out).toEqual([a, { id: 'b', position: 1 }]);
    expect(out[0]).toBe(a);
  });

  it('puts a new item after the last one', () => {
    expect(nextPosition([])).toBe(0);
    expect(nextPosition([{ position: 3 }, { position: 1 }])).toBe(4);
  });

  it('sorts by position', () => {
    expect(byPosition([{ position: 2 }, { position: 0 }, { position: 1 }])).toEqual([
      { position: 0 },
      { position: 1 },
      { position: 2 },
    ]);
  });
});

describe('notes and reviews', () => {
  const note = (id: string, date: string, title = ''): StepNote => ({
    id,
    step: 1,
    date,
    title,
    text: '',
  });

  it('lists notes newest first, then by title', () => {
    const sorted = sortNotes([
      note('1', '2024-01-01'),
      note('2', '2024-03-01', 'b'),
      note('3', '2024-03-01', 'a'),
    ]);
    expect(sorted.map((n) => n.id)).toEqual(['3', '2', '1']);
  });

  it('lists reviews newest first', () => {
    const sorted = sortReviews([{ date: '2024-01-02' }, { date: '2024-05-01' }, { date: '2023-12-31' }]);
    expect(sorted.map((r) => r.date)).toEqual(['2024-05-01', '2024-01-02', '2023-12-31']);
  });

  it('upserts by id and removes by id', () => {
    const list = [note('1', '2024-01-01'), note('2', '2024-01-02')];
    const changed = note('2', '2024-02-02', 'x');
    expect(upsert(list, changed)).toEqual([list[0], changed]);
    expect(upsert(list, note('3', '2024-01-03')).map((n) => n.id)).toEqual(['1', '2', '3']);
    expect(withoutId(list, '1').map((n) => n.id)).toEqual(['2']);
    expect(list).toHaveLength(2);
  });
});
