import { describe, expect, it } from 'vitest';
import type { Meeting } from '../bindings';
import { hasMessage } from '../i18n';
import {
  ATTENDANCES,
  EMPTY_FILTER,
  MEETING_FORMATS,
  checkDraft,
  draftFromMeeting,
  filterDatesReversed,
  formatStartTime,
  fromStartTime,
  isFiltered,
  meetingFromDraft,
  newDraft,
  toMeetingFilter,
  toStartTime,
} from './meetingForm';

const NEW = '00000000-0000-0000-0000-000000000000';

describe('toMeetingFilter', () => {
  it('maps blanks to no filter', () => {
    const f = toMeetingFilter(EMPTY_FILTER);
    expect(f).toEqual({ from: null, to: null, group: null, format: null });
    expect(isFiltered(f)).toBe(false);
  });

  it('keeps real dates, a group and a known format', () => {
    const f = toMeetingFilter({ from: '2024-01-01', to: '2024-02-01', group: ' Hope ', format: 'speaker' });
    expect(f).toEqual({ from: '2024-01-01', to: '2024-02-01', group: 'Hope', format: 'speaker' });
    expect(isFiltered(f)).toBe(true);
    expect(filterDatesReversed(f)).toBe(false);
  });

  it('drops unreadable dates and unknown formats', () => {
    expect(toMeetingFilter({ from: '2024-02-30', to: 'soon', group: '', format: 'party' })).toEqual({
      from: null,
      to: null,
      group: null,
      format: null,
    });
  });

  it('notices dates the wrong way round', () => {
    expect(filterDatesReversed(toMeetingFilter({ ...EMPTY_FILTER, from: '2024-03-01', to: '2024-02-01' }))).toBe(true);
  });
});

describe('times', () => {
  it('converts between the time input and the core', () => {
    expect(toStartTime('19:30')).toBe('19:30:00');
    expect(toStartTime('07:05:09')).toBe('07:05:09');
    expect(toStartTime('')).toBeNull();
    expect(fromStartTime('19:30:00')).toBe('19:30');
    expect(fromStartTime('19:30:00.5')).toBe('19:30');
    expect(fromStartTime(null)).toBe('');
  });
});

describe('drafts', () => {
  const today = '2024-05-08';

  it('starts today at the current local time', () => {
    const d = newDraft(new Date(2024, 4, 8, 19, 5));
    expect(d.date).toBe('2024-05-08');
    expect(d.time).toBe('19:05');
    expect(d.attendance).toBe('inPerson');
  });

  it('round-trips a meeting', () => {
    const m: Meeting = {
      id: 'abc',
      date: '2024-05-01',
      startTime: '19:30:00',
      durationMinutes: 90,
      name: 'Hope at Noon',
      group: 'Hope',
      formats: ['speaker', 'open'],
      attendance: 'online',
      place: 'Hall',
      serviceRole: 'Coffee',
      shared: true,
      notes: 'n',
    };
    const back = meetingFromDraft(draftFromMeeting(m), 'abc');
    // Formats come back in the fixed order.
    expect(back).toEqual({ ...m, formats: ['open', 'speaker'] });
  });

  it('trims texts and sends no time when none was noted', () => {
    const d = { ...newDraft(new Date(2024, 4, 8, 9, 0)), name: '  Hope  ', time: '' };
    const m = meetingFromDraft(d, NEW);
    expect(m.name).toBe('Hope');
    expect(m.startTime).toBeNull();
    expect(m.id).toBe(NEW);
  });

  it('finds the first problem like the core does', () => {
    const ok = { ...newDraft(new Date(2024, 4, 8, 9, 0)), name: 'Hope' };
    expect(checkDraft(ok, today)).toBeNull();
    expect(checkDraft({ ...ok, date: '' }, today)?.field).toBe('date');
    expect(checkDraft({ ...ok, date: '2024-05-09' }, today)).toEqual({
      field: 'date',
      problem: { kind: 'futureDate' },
    });
    expect(checkDraft({ ...ok, name: '   ' }, today)).toEqual({
      field: 'name',
      problem: { kind: 'required' },
    });
    expect(checkDraft({ ...ok, place: 'x'.repeat(201) }, today)?.field).toBe('place');
    expect(checkDraft({ ...ok, durationMinutes: 0 }, today)).toEqual({
      field: 'durationMinutes',
      problem: { kind: 'outOfRange', min: 1, max: 1440 },
    });
    expect(checkDraft({ ...ok, durationMinutes: 1.5 }, today)?.field).toBe('durationMinutes');
    expect(checkDraft({ ...ok, durationMinutes: 1440 }, today)).toBeNull();
  });
});

describe('formatStartTime', () => {
  it('shows a noted time and nothing otherwise', () => {
    expect(formatStartTime('19:30:00')).toMatch(/7:30/);
    expect(formatStartTime(null)).toBe('');
  });
});

describe('locale', () => {
  it('names every format and way of attending', () => {
    for (const f of MEETING_FORMATS) expect(hasMessage(`meetings.formats.${f}`), f).toBe(true);
    for (const a of ATTENDANCES) expect(hasMessage(`meetings.attendance.${a}`), a).toBe(true);
  });
});
