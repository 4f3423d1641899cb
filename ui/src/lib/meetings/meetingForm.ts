// The meeting form's values, their checks, and the list filter.
// Contract:
// - A draft holds what the form shows (time as 'HH:MM', duration as a number or null). It
//   becomes a `Meeting` only through `meetingFromDraft`, which turns the time into the core's
//   'HH:MM:SS' and trims texts.
// - `checkDraft` finds the first problem the core would find (same field names, same order),
//   so most mistakes get kind words before anything is sent; the core still checks again.
// - `toMeetingFilter` maps the filter inputs to a `MeetingFilter`: blank or unreadable values
//   become null (no filter on that).
import type { Attendance, Meeting, MeetingFilter, MeetingFormat, Problem } from '../bindings';
import { isIsoDate, toIsoDate } from '../dates';
import { locale } from '../i18n';

export const MEETING_FORMATS: readonly MeetingFormat[] = [
  'open',
  'closed',
  'discussion',
  'speaker',
  'stepStudy',
  'literature',
  'newcomer',
  'candlelight',
  'other',
];

export const ATTENDANCES: readonly Attendance[] = ['inPerson', 'online', 'hybrid'];

export const SHORT_MAX = 200;
export const LONG_MAX = 200_000;
export const MIN_DURATION = 1;
export const MAX_DURATION = 1440;

export interface MeetingDraft {
  date: string;
  /** 'HH:MM', or '' when not noted. */
  time: string;
  name: string;
  group: string;
  formats: MeetingFormat[];
  attendance: Attendance;
  place: string;
  durationMinutes: number | null;
  serviceRole: string;
  shared: boolean;
  notes: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** 'HH:MM' for the local time of `now`. */
export function localTime(now: Date = new Date()): string {
  return `${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/** A blank meeting for today at the current time. */
export function newDraft(now: Date = new Date()): MeetingDraft {
  return {
    date: toIsoDate(now),
    time: localTime(now),
    name: '',
    group: '',
    formats: [],
    attendance: 'inPerson',
    place: '',
    durationMinutes: null,
    serviceRole: '',
    shared: false,
    notes: '',
  };
}

/** 'HH:MM:SS' for the core from a time input's 'HH:MM' (or 'HH:MM:SS'); null when blank. */
export function toStartTime(time: string): string | null {
  const t = time.trim();
  if (/^\d{2}:\d{2}$/.test(t)) return `${t}:00`;
  if (/^\d{2}:\d{2}:\d{2}$/.test(t)) return t;
  return null;
}

/** 'HH:MM' for a time input from the core's 'HH:MM:SS[.fff]'; '' when none. */
export function fromStartTime(time: string | null): string {
  if (!time) return '';
  const m = /^(\d{2}:\d{2})/.exec(time);
  return m?.[1] ?? '';
}

export function draftFromMeeting(m: Meeting): MeetingDraft {
  return {
    date: m.date,
    time: fromStartTime(m.startTime),
    name: m.name,
    group: m.group,
    formats: [...m.formats],
    attendance: m.attendance,
    place: m.place,
    durationMinutes: m.durationMinutes,
    serviceRole: m.serviceRole,
    shared: m.shared,
    notes: m.notes,
  };
}

export function meetingFromDraft(d: MeetingDraft, id: string): Meeting {
  return {
    id,
    date: d.date,
    startTime: toStartTime(d.time),
    durationMinutes: d.durationMinutes,
    name: d.name.trim(),
    group: d.group.trim(),
    formats: MEETING_FORMATS.filter((f) => d.formats.includes(f)),
    attendance: d.attendance,
    place: d.place.trim(),
    serviceRole: d.serviceRole.trim(),
    shared: d.shared,
    notes: d.notes,
  };
}

export interface FieldProblem {
  field: string;
  problem: Problem;
}

function tooLong(value: string, max: number): boolean {
  return [...value].length > max;
}

/** The first problem in a draft, or null. */
export function checkDraft(d: MeetingDraft, today: string): FieldProblem | null {
  if (d.date.trim() === '' || !isIsoDate(d.date)) {
    return { field: 'date', problem: { kind: 'required' } };
  }
  if (d.date > today) return { field: 'date', problem: { kind: 'futureDate' } };
  if (d.name.trim() === '') return { field: 'name', problem: { kind: 'required' } };
  for (const field of ['name', 'group', 'place', 'serviceRole'] as const) {
    if (tooLong(d[field].trim(), SHORT_MAX)) {
      return { field, problem: { kind: 'tooLong', max: SHORT_MAX } };
    }
  }
  if (tooLong(d.notes, LONG_MAX)) return { field: 'notes', problem: { kind: 'tooLong', max: LONG_MAX } };
  const minutes = d.durationMinutes;
  if (
    minutes !== null &&
    (!Number.isInteger(minutes) || minutes < MIN_DURATION || minutes > MAX_DURATION)
  ) {
    return {
      field: 'durationMinutes',
      problem: { kind: 'outOfRange', min: MIN_DURATION, max: MAX_DURATION },
    };
  }
  return null;
}

/** What the filter inputs hold. */
export interface FilterForm {
  from: string;
  to: string;
  /** '' for every group. */
  group: string;
  /** '' for every format. */
  format: string;
}

export const EMPTY_FILTER: FilterForm = { from: '', to: '', group: '', format: '' };

export function toMeetingFilter(f: FilterForm): MeetingFilter {
  const date = (v: string): string | null => (isIsoDate(v.trim()) ? v.trim() : null);
  const group = f.group.trim();
  return {
    from: date(f.from),
    to: date(f.to),
    group: group === '' ? null : group,
    format: (MEETING_FORMATS as readonly string[]).includes(f.format)
      ? (f.format as MeetingFormat)
      : null,
  };
}

/** Whether any filter is set. */
export function isFiltered(filter: MeetingFilter): boolean {
  return filter.from !== null || filter.to !== null || filter.group !== null || filter.format !== null;
}

/** Whether the filter's dates are the wrong way round. */
export function filterDatesReversed(filter: MeetingFilter): boolean {
  return filter.from !== null && filter.to !== null && filter.to < filter.from;
}

const timeFormat = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });

/** '7:30 PM' (in the UI's locale) for '19:30:00'; '' when none. */
export function formatStartTime(time: string | null): string {
  const m = /^(\d{2}):(\d{2})/.exec(time ?? '');
  if (!m) return '';
  return timeFormat.format(new Date(2000, 0, 1, Number(m[1]), Number(m[2])));
}
