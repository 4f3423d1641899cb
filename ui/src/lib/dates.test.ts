// Date helpers use the local calendar in every time zone, never UTC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  formatDate,
  formatDateWithWeekday,
  isAfter,
  isIsoDate,
  localToday,
  msUntilLocalMidnight,
  parseIsoDate,
  toIsoDate,
} from './dates';

// Node honours a change of TZ at run time; no Node types are needed for that.
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
const originalTz = env['TZ'];
afterAll(() => {
  if (originalTz === undefined) delete env['TZ'];
  else env['TZ'] = originalTz;
});

describe('local dates, never UTC', () => {
  describe('far east of Greenwich (UTC+14)', () => {
    beforeAll(() => {
      env['TZ'] = 'Pacific/Kiritimati';
    });

    it('keeps an early morning on its own day', () => {
      const early = new Date(2024, 0, 1, 0, 30);
      expect(early.toISOString().slice(0, 10)).toBe('2023-12-31'); // what UTC would say
      expect(localToday(early)).toBe('2024-01-01');
      expect(toIsoDate(early)).toBe('2024-01-01');
    });
  });

  describe('far west of Greenwich (UTC-11)', () => {
    beforeAll(() => {
      env['TZ'] = 'Pacific/Pago_Pago';
    });

    it('keeps a late evening on its own day', () => {
      const late = new Date(2024, 1, 29, 23, 45);
      expect(late.toISOString().slice(0, 10)).toBe('2024-03-01'); // what UTC would say
      expect(localToday(late)).toBe('2024-02-29');
    });

    it('formats a date as the same calendar day', () => {
      expect(formatDate('2025-03-04')).toBe('March 4, 2025');
      expect(formatDateWithWeekday('2025-03-04')).toBe('Tuesday, March 4, 2025');
    });
  });

  describe('across a daylight-saving change', () => {
    beforeAll(() => {
      env['TZ'] = 'America/Sao_Paulo';
    });

    it('adds days without skipping or repeating one', () => {
      // Brazil once moved clocks at midnight; a date at noon never slips.
      expect(addDays('2018-11-03', 1)).toBe('2018-11-04');
      expect(addDays('2018-11-04', 1)).toBe('2018-11-05');
      expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
      expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    });
  });

  it('pads years, months and days', () => {
    expect(toIsoDate(new Date(2024, 2, 5, 12))).toBe('2024-03-05');
  });
});

describe('parsing', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
    expect(isIsoDate('')).toBe(false);
    expect(isIsoDate('01/02/2024')).toBe(false);
    expect(parseIsoDate('0099-05-06')?.getFullYear()).toBe(99);
  });

  it('leaves text that is not a date unchanged when formatting', () => {
    expect(formatDate('soon')).toBe('soon');
  });

  it('compares dates as days', () => {
    expect(isAfter('2024-06-02', '2024-06-01')).toBe(true);
    expect(isAfter('2024-06-01', '2024-06-01')).toBe(false);
    expect(isAfter('2023-12-31', '2024-01-01')).toBe(false);
  });
});

describe('msUntilLocalMidnight', () => {
  it('counts to the next local midnight', () => {
    expect(msUntilLocalMidnight(new Date(2024, 4, 10, 23, 59, 0))).toBe(60_000);
    expect(msUntilLocalMidnight(new Date(2024, 4, 10, 0, 0, 0))).toBe(24 * 3600 * 1000);
  });
});
