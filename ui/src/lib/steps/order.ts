// Ordering helpers for step records.
// Contract: pure functions that never change their input. Notes are newest first (then by
// title, as the journal sorts them); questions and inventory rows follow their `position`;
// moving an item past either end is refused (`null`).
import type { StepNote } from '../bindings';

interface WithId {
  id: string;
}

interface Positioned {
  position: number;
}

/** A copy of `items` with the item at `index` moved one place up (-1) or down (+1). */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] | null {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return null;
  const copy = items.slice();
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item as T);
  return copy;
}

/** The same items with `position` renumbered 0, 1, 2 … in their current order. */
export function renumber<T extends Positioned>(items: readonly T[]): T[] {
  return items.map((item, position) => (item.position === position ? item : { ...item, position }));
}

/** The position for an item added at the end. */
export function nextPosition(items: readonly Positioned[]): number {
  return items.reduce((max, item) => Math.max(max, item.position + 1), 0);
}

/** Sorted by position (stable for equal positions). */
export function byPosition<T extends Positioned>(items: readonly T[]): T[] {
  return items.slice().sort((a, b) => a.position - b.position);
}

/** Notes newest first; on the same day by title. */
export function sortNotes(notes: readonly StepNote[]): StepNote[] {
  return notes
    .slice()
    .sort((a, b) => (a.date === b.date ? compareText(a.title, b.title) : a.date < b.date ? 1 : -1));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `items` with `item` put in place of the one with its id, or added at the end. */
export function upsert<T extends WithId>(items: readonly T[], item: T): T[] {
  const at = items.findIndex((x) => x.id === item.id);
  if (at === -1) return [...items, item];
  const copy = items.slice();
  copy[at] = item;
  return copy;
}

/** `items` without the one with `id`. */
export function withoutId<T extends WithId>(items: readonly T[], id: string): T[] {
  return items.filter((x) => x.id !== id);
}

/** Nightly reviews newest first (same day: kept in their order). */
export function sortReviews<T extends { date: string }>(reviews: readonly T[]): T[] {
  return reviews.slice().sort((a, b) => (a.date === b.date ? 0 : a.date < b.date ? 1 : -1));
}
