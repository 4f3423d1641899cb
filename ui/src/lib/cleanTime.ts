// Clean time in words, the way members count it.
// Contract: the core decides the form (`CleanTimeDisplay`): plain days up to day 90, then
// years, months and days. Here it becomes text with correct singular and plural forms:
// "45 days", "1 day", "1 year, 1 month, 4 days", "2 years, 3 days" (parts that are zero are
// left out of the sentence, never out of the separate numbers). Milestone and key-tag names
// come from the locale; from the second year on a tag is named by its year count.
import type { CleanTimeDisplay, KeyTag, Milestone } from './bindings';
import type { Translate } from './i18n';
import { tagLabelKey } from './keyTags';

export type CleanTimeParts =
  | { kind: 'days'; days: number }
  | { kind: 'yearsMonthsDays'; years: number; months: number; days: number };

/** The display as a flat, tagged value. */
export function cleanTimeParts(display: CleanTimeDisplay): CleanTimeParts {
  if ('days' in display) return { kind: 'days', days: display.days.days };
  const { years, months, days } = display.yearsMonthsDays;
  return { kind: 'yearsMonthsDays', years, months, days };
}

/** The pieces of the phrase, in order: ["1 year", "1 month", "4 days"] or ["45 days"]. */
export function cleanTimePieces(display: CleanTimeDisplay, t: Translate): string[] {
  const parts = cleanTimeParts(display);
  if (parts.kind === 'days') return [t('cleanTime.days', { count: parts.days })];
  const pieces: string[] = [];
  if (parts.years > 0) pieces.push(t('cleanTime.years', { count: parts.years }));
  if (parts.months > 0) pieces.push(t('cleanTime.months', { count: parts.months }));
  if (parts.days > 0 || pieces.length === 0) pieces.push(t('cleanTime.days', { count: parts.days }));
  return pieces;
}

/** Clean time as one phrase: "45 days" or "1 year, 1 month, 4 days". */
export function formatCleanTime(display: CleanTimeDisplay, t: Translate): string {
  return cleanTimePieces(display, t).join(t('cleanTime.separator'));
}

/** Whole years clean in this display (0 in the plain-days form). */
export function yearsIn(display: CleanTimeDisplay): number {
  const parts = cleanTimeParts(display);
  return parts.kind === 'days' ? 0 : parts.years;
}

/** The name of a key tag already earned; from two years on, "N years". */
export function keyTagLabel(tag: KeyTag, years: number, t: Translate): string {
  if (tag === 'multipleYears' && years >= 2) return t('cleanTime.years', { count: years });
  return t(tagLabelKey(tag));
}

/** The name of a milestone ahead: "90 days", "18 months", "3 years". */
export function milestoneLabel(milestone: Pick<Milestone, 'tag' | 'years'>, t: Translate): string {
  return keyTagLabel(milestone.tag, milestone.years, t);
}

/** How far a milestone is: "tomorrow" or "in 42 days". */
export function daysToGoLabel(daysToGo: number, t: Translate): string {
  return t('milestone.inDays', { count: daysToGo });
}

/** Progress through the stretch towards the next milestone, 0 to 1. */
export function stretchProgress(milestone: Pick<Milestone, 'daysInStretch' | 'daysDoneInStretch'>): number {
  if (milestone.daysInStretch <= 0) return 0;
  return Math.min(1, Math.max(0, milestone.daysDoneInStretch / milestone.daysInStretch));
}
