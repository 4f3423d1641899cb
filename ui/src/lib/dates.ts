// Date helpers for the member's own calendar.
// Contract: dates cross IPC as 'YYYY-MM-DD' strings in the member's LOCAL calendar. Nothing
// here uses UTC (`toISOString` would move a late evening to the next day east of Greenwich,
// or an early morning to the previous day west of it). Parsed dates are placed at local noon
// so daylight-saving changes never shift them to another day.
import { locale } from './i18n';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The local calendar date of `date` as 'YYYY-MM-DD'. */
export function toIsoDate(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
}

/** Today in the member's local calendar, as 'YYYY-MM-DD'. */
export function localToday(now: Date = new Date()): string {
  return toIsoDate(now);
}

/** Parse 'YYYY-MM-DD' into a local Date at noon; `null` when it is not a real calendar date. */
export function parseIsoDate(text: string): Date | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const date = new Date(year, month - 1, day, 12, 0, 0, 0);
  // new Date(y, m, d) treats years 0–99 as 1900–1999; set the year explicitly.
  date.setFullYear(year);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
    return null;
  }
  return date;
}

/** Whether `text` is a real 'YYYY-MM-DD' date. */
export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== null;
}

/** Whether the 'YYYY-MM-DD' date `date` is after `today` (both local). */
export function isAfter(date: string, today: string): boolean {
  return date > today;
}

/** Add whole days to a 'YYYY-MM-DD' date, in the local calendar. */
export function addDays(date: string, days: number): string {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError('not a YYYY-MM-DD date');
  d.setDate(d.getDate() + days);
  return toIsoDate(d);
}

const longFormat = new Intl.DateTimeFormat(locale, {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});
const fullFormat = new Intl.DateTimeFormat(locale, {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** 'March 4, 2025' for '2025-03-04'; the text unchanged if it is not a date. */
export function formatDate(iso: string): string {
  const d = parseIsoDate(iso);
  return d ? longFormat.format(d) : iso;
}

/** 'Tuesday, March 4, 2025' for '2025-03-04'; the text unchanged if it is not a date. */
export function formatDateWithWeekday(iso: string): string {
  const d = parseIsoDate(iso);
  return d ? fullFormat.format(d) : iso;
}

/** Milliseconds from `now` until the next local midnight (at least 1). */
export function msUntilLocalMidnight(now: Date = new Date()): number {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 0, 0);
  return Math.max(1, next.getTime() - now.getTime());
}
