// Clean time in words: plain days up to 90, then years, months and days, with correct
// singular and plural; milestone names and progress.
import { describe, expect, it } from 'vitest';
import type { CleanTimeDisplay } from './bindings';
import {
  cleanTimeParts,
  cleanTimePieces,
  daysToGoLabel,
  formatCleanTime,
  keyTagLabel,
  milestoneLabel,
  stretchProgress,
  yearsIn,
} from './cleanTime';
import { t } from './i18n';

const days = (n: number): CleanTimeDisplay => ({ days: { days: n } });
const ymd = (years: number, months: number, d: number): CleanTimeDisplay => ({
  yearsMonthsDays: { years, months, days: d },
});

describe('formatCleanTime', () => {
  it('says plain days up to 90', () => {
    expect(formatCleanTime(days(0), t)).toBe('0 days');
    expect(formatCleanTime(days(1), t)).toBe('1 day');
    expect(formatCleanTime(days(2), t)).toBe('2 days');
    expect(formatCleanTime(days(45), t)).toBe('45 days');
    expect(formatCleanTime(days(90), t)).toBe('90 days');
  });

  it('says years, months and days after that, with singular and plural', () => {
    expect(formatCleanTime(ymd(1, 1, 4), t)).toBe('1 year, 1 month, 4 days');
    expect(formatCleanTime(ymd(0, 3, 1), t)).toBe('3 months, 1 day');
    expect(formatCleanTime(ymd(2, 11, 30), t)).toBe('2 years, 11 months, 30 days');
    expect(formatCleanTime(ymd(12, 0, 0), t)).toBe('12 years');
    expect(formatCleanTime(ymd(2, 0, 3), t)).toBe('2 years, 3 days');
    expect(formatCleanTime(ymd(1, 6, 0), t)).toBe('1 year, 6 months');
  });

  it('joins the pieces with the separator', () => {
    expect(cleanTimePieces(ymd(1, 1, 4), t)).toEqual(['1 year', '1 month', '4 days']);
    expect(cleanTimePieces(days(45), t)).toEqual(['45 days']);
  });

  it('never gives an empty phrase', () => {
    expect(formatCleanTime(ymd(0, 0, 0), t)).toBe('0 days');
  });
});

describe('cleanTimeParts', () => {
  it('flattens both forms', () => {
    expect(cleanTimeParts(days(12))).toEqual({ kind: 'days', days: 12 });
    expect(cleanTimeParts(ymd(3, 0, 9))).toEqual({ kind: 'yearsMonthsDays', years: 3, months: 0, days: 9 });
    expect(yearsIn(days(80))).toBe(0);
    expect(yearsIn(ymd(4, 2, 1))).toBe(4);
  });
});

describe('milestones and tags', () => {
  it('names tags, and years from the second on', () => {
    expect(keyTagLabel('welcome', 0, t)).toBe('Welcome');
    expect(keyTagLabel('oneYear', 1, t)).toBe('1 year');
    expect(keyTagLabel('eighteenMonths', 1, t)).toBe('18 months');
    expect(keyTagLabel('multipleYears', 5, t)).toBe('5 years');
    expect(milestoneLabel({ tag: 'multipleYears', years: 2 }, t)).toBe('2 years');
    expect(milestoneLabel({ tag: 'sixMonths', years: 0 }, t)).toBe('6 months');
  });

  it('counts down kindly', () => {
    expect(daysToGoLabel(1, t)).toBe('tomorrow');
    expect(daysToGoLabel(42, t)).toBe('in 42 days');
  });

  it('measures progress through the stretch, clamped', () => {
    expect(stretchProgress({ daysInStretch: 30, daysDoneInStretch: 15 })).toBe(0.5);
    expect(stretchProgress({ daysInStretch: 30, daysDoneInStretch: 0 })).toBe(0);
    expect(stretchProgress({ daysInStretch: 0, daysDoneInStretch: 0 })).toBe(0);
    expect(stretchProgress({ daysInStretch: 10, daysDoneInStretch: 12 })).toBe(1);
  });
});
