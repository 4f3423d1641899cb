// The daily journal entry as the editor holds it.
// Contract:
// - FEELINGS are our own plain words; a picked one is stored as its key (shown through
//   `journal.feelings.<key>`), a feeling the member adds is stored as they wrote it.
// - Lists (feelings, gratitude) hold trimmed, non-blank items, each once (ignoring case and
//   accents), at most LIST_MAX items of at most ITEM_MAX characters: the core's limits.
// - `cravingFrom` reads the craving box: '' is "not noted" (null); otherwise a whole number
//   from 0 to 10, or `undefined` when it is not one (the screen then says so).
// - An entry is blank when it has nothing at all; a blank new entry is never saved.
import type { JournalEntry } from '../bindings';
import { hasMessage, t } from '../i18n';
import { fold } from '../search/fold';

export const FEELINGS = [
  'hopeful',
  'grateful',
  'calm',
  'proud',
  'connected',
  'tired',
  'lonely',
  'anxious',
  'sad',
  'angry',
  'restless',
  'ashamed',
  'overwhelmed',
  'numb',
] as const;

export const LIST_MAX = 100;
export const ITEM_MAX = 200;
export const TEXT_MAX = 200_000;
export const CRAVING_MIN = 0;
export const CRAVING_MAX = 10;

/** Whether `word` is one of our own feelings. */
export function isKnownFeeling(word: string): boolean {
  return (FEELINGS as readonly string[]).includes(word);
}

/** The words to show for a stored feeling. */
export function feelingLabel(word: string): string {
  const key = `journal.feelings.${word}`;
  return isKnownFeeling(word) && hasMessage(key) ? t(key) : word;
}

/** Add or remove one of our feelings. */
export function toggleItem(list: readonly string[], word: string): string[] {
  return list.includes(word) ? list.filter((w) => w !== word) : [...list, word];
}

export type AddResult =
  | { ok: true; list: string[] }
  | { ok: false; reason: 'blank' | 'duplicate' | 'tooLong' | 'tooMany' };

/** Add a written item (a feeling or a thing to be grateful for). */
export function addItem(list: readonly string[], text: string): AddResult {
  const item = text.trim().replace(/\s+/g, ' ');
  if (item === '') return { ok: false, reason: 'blank' };
  if ([...item].length > ITEM_MAX) return { ok: false, reason: 'tooLong' };
  const folded = fold(item);
  if (list.some((x) => fold(x) === folded || fold(feelingLabel(x)) === folded)) {
    return { ok: false, reason: 'duplicate' };
  }
  if (list.length >= LIST_MAX) return { ok: false, reason: 'tooMany' };
  return { ok: true, list: [...list, item] };
}

export function removeAt(list: readonly string[], index: number): string[] {
  return list.filter((_, i) => i !== index);
}

/** null = not noted; a number 0..10; undefined = not a whole number in range. */
export function cravingFrom(text: string | number | null): number | null | undefined {
  if (text === null) return null;
  const s = String(text).trim();
  if (s === '') return null;
  if (!/^\d{1,2}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= CRAVING_MIN && n <= CRAVING_MAX ? n : undefined;
}

export function emptyEntry(id: string, date: string): JournalEntry {
  return { id, date, text: '', feelings: [], craving: null, gratitude: [] };
}

export function isBlankEntry(e: Pick<JournalEntry, 'text' | 'feelings' | 'craving' | 'gratitude'>): boolean {
  return e.text.trim() === '' && e.feelings.length === 0 && e.craving === null && e.gratitude.length === 0;
}

/** The first line of an entry's text, shortened, for the history list. */
export function preview(text: string, max = 80): string {
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  const chars = [...line];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : line;
}
