import { describe, expect, it } from 'vitest';
import type { RecordKind, SearchHit } from '../bindings';
import { hasMessage } from '../i18n';
import { KIND_ORDER, groupHits, openRequestFor, viewForKind } from './hits';

function hit(kind: RecordKind, id: string, step: number | null = null): SearchHit {
  return { kind, id, title: id, date: '2024-05-01', snippet: '…', step };
}

describe('groupHits', () => {
  it('groups by kind in a fixed order and keeps the order inside a kind', () => {
    const groups = groupHits([
      hit('stepNote', 'n1', 3),
      hit('meeting', 'm1'),
      hit('journalEntry', 'j1'),
      hit('meeting', 'm2'),
      hit('contact', 'c1'),
      hit('cleanDate', 'd1'),
      hit('stepNote', 'n2', 4),
    ]);
    expect(groups.map((g) => g.kind)).toEqual([
      'journalEntry',
      'meeting',
      'contact',
      'stepNote',
      'cleanDate',
    ]);
    expect(groups[1]?.hits.map((h) => h.id)).toEqual(['m1', 'm2']);
    expect(groups[3]?.hits.map((h) => h.id)).toEqual(['n1', 'n2']);
  });

  it('returns nothing for no hits', () => {
    expect(groupHits([])).toEqual([]);
  });

  it('puts a kind it does not know last instead of dropping it', () => {
    const odd = { ...hit('meeting', 'x'), kind: 'somethingNew' as RecordKind };
    const groups = groupHits([odd, hit('contact', 'c')]);
    expect(groups.map((g) => g.kind)).toEqual(['contact', 'somethingNew']);
  });
});

describe('viewForKind', () => {
  it('sends every step record to the steps view', () => {
    for (const kind of ['stepWork', 'stepNote', 'stepQuestion', 'inventoryRow', 'amend', 'nightlyReview'] as const) {
      expect(viewForKind(kind)).toBe('steps');
    }
  });

  it('sends the rest to their own screens', () => {
    expect(viewForKind('meeting')).toBe('meetings');
    expect(viewForKind('contact')).toBe('contacts');
    expect(viewForKind('journalEntry')).toBe('journal');
    expect(viewForKind('cleanDate')).toBe('dashboard');
  });
});

describe('openRequestFor', () => {
  it('carries the kind, id, step and date', () => {
    expect(openRequestFor(hit('amend', 'a1', 9))).toEqual({
      kind: 'amend',
      id: 'a1',
      step: 9,
      date: '2024-05-01',
    });
  });
});

describe('locale', () => {
  it('names every kind of result', () => {
    for (const kind of KIND_ORDER) expect(hasMessage(`search.kinds.${kind}`), kind).toBe(true);
  });
});
