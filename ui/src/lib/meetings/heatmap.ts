// The meetings calendar heatmap, laid out like a contribution graph.
// Contract:
// - `buildHeatmap(byDay, today, weeks)` returns `weeks` columns, oldest first; the last column
//   is the week (Monday to Sunday) containing `today`. Each column has 7 cells, Monday first.
// - Days after `today` are marked `future` (the screen leaves them out); every other cell has
//   the count from `byDay` (0 when missing) and a `level` 0..4 for its colour: 0 none, then
//   1, 2, 3 and 4 or more meetings.
// - `monthStarts` gives the columns where a new month begins (the month of the week's first
//   day that is in the grid), for labels above the grid.
// All dates are local 'YYYY-MM-DD' (see dates.ts).
import { addDays, parseIsoDate } from '../dates';

export interface HeatmapCell {
  date: string;
  count: number;
  level: 0 | 1 | 2 | 3 | 4;
  /** 0 = Monday … 6 = Sunday. */
  row: number;
  column: number;
  isToday: boolean;
  future: boolean;
}

export interface HeatmapGrid {
  columns: HeatmapCell[][];
  /** Cells up to today, oldest first (the ones to draw). */
  cells: HeatmapCell[];
  /** Column index and 1-based month of each column where a month begins. */
  monthStarts: { column: number; year: number; month: number }[];
  /** Meetings and days with a meeting shown in the grid. */
  total: number;
  activeDays: number;
  first: string;
  last: string;
}

export const DEFAULT_WEEKS = 26;

/** The level (0..4) for a count of meetings on one day. */
export function levelFor(count: number): HeatmapCell['level'] {
  if (count <= 0) return 0;
  if (count >= 4) return 4;
  return count as 1 | 2 | 3;
}

/** 0 for Monday … 6 for Sunday. */
export function mondayIndex(date: string): number {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError('not a YYYY-MM-DD date');
  return (d.getDay() + 6) % 7;
}

/** The Monday of the week containing `date`. */
export function weekStart(date: string): string {
  return addDays(date, -mondayIndex(date));
}

export function buildHeatmap(
  byDay: readonly (readonly [string, number])[],
  today: string,
  weeks: number = DEFAULT_WEEKS,
): HeatmapGrid {
  const counts = new Map<string, number>();
  for (const [date, count] of byDay) counts.set(date, (counts.get(date) ?? 0) + count);

  const firstMonday = addDays(weekStart(today), -7 * (weeks - 1));
  const columns: HeatmapCell[][] = [];
  const cells: HeatmapCell[] = [];
  const monthStarts: HeatmapGrid['monthStarts'] = [];
  let total = 0;
  let activeDays = 0;
  let lastMonth = '';

  for (let column = 0; column < weeks; column++) {
    const monday = addDays(firstMonday, 7 * column);
    const week: HeatmapCell[] = [];
    for (let row = 0; row < 7; row++) {
      const date = addDays(monday, row);
      const future = date > today;
      const count = future ? 0 : (counts.get(date) ?? 0);
      const cell: HeatmapCell = {
        date,
        count,
        level: levelFor(count),
        row,
        column,
        isToday: date === today,
        future,
      };
      week.push(cell);
      if (!future) {
        cells.push(cell);
        total += count;
        if (count > 0) activeDays += 1;
      }
    }
    const month = monday.slice(0, 7);
    if (month !== lastMonth) {
      monthStarts.push({ column, year: Number(monday.slice(0, 4)), month: Number(monday.slice(5, 7)) });
      lastMonth = month;
    }
    columns.push(week);
  }
  return { columns, cells, monthStarts, total, activeDays, first: firstMonday, last: today };
}
