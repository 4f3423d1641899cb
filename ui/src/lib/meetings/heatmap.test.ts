import { describe, expect, it } from 'vitest';
import { buildHeatmap, levelFor, mondayIndex, weekStart } from './heatmap';

describe('week helpers', () => {
  it('count Monday as the first day', () => {
    expect(mondayIndex('2024-05-06')).toBe(0); // a Monday
    expect(mondayIndex('2024-05-12')).toBe(6); // a Sunday
    expect(weekStart('2024-05-12')).toBe('2024-05-06');
    expect(weekStart('2024-05-06')).toBe('2024-05-06');
    expect(weekStart('2024-03-01')).toBe('2024-02-26'); // across a month (leap year)
  });
});

describe('buildHeatmap', () => {
  const today = '2024-05-08'; // a Wednesday

  it('lays out weeks as columns of Monday-to-Sunday rows ending with this week', () => {
    const grid = buildHeatmap([], today, 26);
    expect(grid.columns).toHaveLength(26);
    for (const week of grid.columns) {
      expect(week).toHaveLength(7);
      expect(mondayIndex(week[0]!.date)).toBe(0);
      expect(week.map((c) => c.row)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
    const last = grid.columns[25]!;
    expect(last[0]!.date).toBe('2024-05-06');
    expect(last[2]).toMatchObject({ date: today, isToday: true, future: false, column: 25 });
    expect(last[3]!.future).toBe(true);
    expect(grid.columns[0]![0]!.date).toBe('2023-11-13');
    expect(grid.first).toBe('2023-11-13');
    // 25 full weeks and three days of this one are drawn.
    expect(grid.cells).toHaveLength(25 * 7 + 3);
    expect(grid.cells.filter((c) => c.isToday)).toHaveLength(1);
  });

  it('puts counts on their days and skips days outside the grid', () => {
    const grid = buildHeatmap(
      [
        ['2023-01-01', 5], // too old
        ['2024-05-01', 1],
        ['2024-05-05', 2], // a Sunday
        ['2024-05-08', 3],
        ['2024-05-09', 9], // after today
      ],
      today,
      26,
    );
    const byDate = new Map(grid.cells.map((c) => [c.date, c]));
    expect(byDate.get('2024-05-01')).toMatchObject({ count: 1, level: 1, row: 2, column: 24 });
    expect(byDate.get('2024-05-05')).toMatchObject({ count: 2, level: 2, row: 6, column: 24 });
    expect(byDate.get('2024-05-08')).toMatchObject({ count: 3, level: 3 });
    expect(byDate.has('2024-05-09')).toBe(false);
    expect(byDate.get('2024-05-02')).toMatchObject({ count: 0, level: 0 });
    expect(grid.total).toBe(6);
    expect(grid.activeDays).toBe(3);
  });

  it('marks where months begin', () => {
    const grid = buildHeatmap([], today, 6);
    // Mondays: Apr 1, 8, 15, 22, 29, May 6 -> April at column 0, May at column 5.
    expect(grid.monthStarts).toEqual([
      { column: 0, year: 2024, month: 4 },
      { column: 5, year: 2024, month: 5 },
    ]);
  });

  it('has a today cell on a Sunday and a Monday too', () => {
    expect(buildHeatmap([], '2024-05-12', 2).cells).toHaveLength(14);
    expect(buildHeatmap([], '2024-05-13', 2).cells).toHaveLength(8);
  });
});

describe('levelFor', () => {
  it('steps 0, 1, 2, 3 and 4 or more', () => {
    expect([0, 1, 2, 3, 4, 7].map(levelFor)).toEqual([0, 1, 2, 3, 4, 4]);
  });
});
