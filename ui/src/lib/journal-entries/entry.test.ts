import { describe, expect, it } from 'vitest';
import { hasMessage } from '../i18n';
import {
  FEELINGS,
  addItem,
  cravingFrom,
  emptyEntry,
  feelingLabel,
  isBlankEntry,
  preview,
  removeAt,
  toggleItem,
} from './entry';

describe('feelings and lists', () => {
  it('toggles one of our feelings', () => {
    expect(toggleItem([], 'calm')).toEqual(['calm']);
    expect(toggleItem(['calm', 'sad'], 'calm')).toEqual(['sad']);
  });

  it('adds a written item once, trimmed', () => {
    expect(addItem([], '  a warm   meal ')).toEqual({ ok: true, list: ['a warm meal'] });
    expect(addItem(['A warm meal'], 'a wárm meal')).toEqual({ ok: false, reason: 'duplicate' });
    expect(addItem([], '   ')).toEqual({ ok: false, reason: 'blank' });
    expect(addItem([], 'x'.repeat(201))).toEqual({ ok: false, reason: 'tooLong' });
    expect(addItem(Array.from({ length: 100 }, (_, i) => `i${i}`), 'one more')).toEqual({
      ok: false,
      reason: 'tooMany',
    });
  });

  it('does not add a feeling already picked under its own word', () => {
    expect(addItem(['calm'], 'Calm')).toEqual({ ok: false, reason: 'duplicate' });
  });

  it('removes by position', () => {
    expect(removeAt(['a', 'b', 'c'], 1)).toEqual(['a', 'c']);
  });

  it('labels our feelings from the locale and keeps written ones as they are', () => {
    for (const f of FEELINGS) expect(feelingLabel(f)).not.toContain('journal.feelings');
    expect(feelingLabel('wobbly but okay')).toBe('wobbly but okay');
  });
});

describe('craving', () => {
  it('reads blank as not noted and 0..10 as a level', () => {
    expect(cravingFrom('')).toBeNull();
    expect(cravingFrom(null)).toBeNull();
    expect(cravingFrom('0')).toBe(0);
    expect(cravingFrom(10)).toBe(10);
    expect(cravingFrom('11')).toBeUndefined();
    expect(cravingFrom('-1')).toBeUndefined();
    expect(cravingFrom('2.5')).toBeUndefined();
  });
});

describe('entries', () => {
  it('knows a blank entry', () => {
    const e = emptyEntry('id', '2024-05-08');
    expect(isBlankEntry(e)).toBe(true);
    expect(isBlankEntry({ ...e, craving: 0 })).toBe(false);
    expect(isBlankEntry({ ...e, text: '  \n' })).toBe(true);
    expect(isBlankEntry({ ...e, gratitude: ['sun'] })).toBe(false);
  });

  it('previews the first line', () => {
    expect(preview('\n  Today was long.\nMore')).toBe('Today was long.');
    expect(preview('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('locale', () => {
  it('has words for every feeling we offer', () => {
    for (const f of FEELINGS) expect(hasMessage(`journal.feelings.${f}`), f).toBe(true);
  });
});
