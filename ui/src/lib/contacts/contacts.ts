// People: roles in the order the member reaches for them, "last talked" words, and the form.
// Contract:
// - `groupContacts` groups by role in ROLE_ORDER (sponsor first, then sponsees, home group,
//   friends, others), keeps the core's order (by name) inside each group, drops empty groups.
// - `daysBetween` counts local calendar days; `lastContactWords` says "Today", "Yesterday",
//   "3 days ago" or "Not yet" (a date after today, from a changed clock, reads as today).
// - A draft is what the form shows; `checkContact` finds the first problem the core would find
//   (same field names); `contactFromDraft` keeps the last-contact day and drops the step for
//   anyone who is not a sponsee.
import type { Contact, ContactRole, Problem } from '../bindings';
import { isIsoDate, parseIsoDate } from '../dates';
import { t } from '../i18n';

export const ROLE_ORDER: readonly ContactRole[] = [
  'sponsor',
  'sponsee',
  'homeGroupMember',
  'friend',
  'other',
];

export interface ContactGroup {
  role: ContactRole;
  contacts: Contact[];
}

export function groupContacts(list: readonly Contact[]): ContactGroup[] {
  return ROLE_ORDER.map((role) => ({ role, contacts: list.filter((c) => c.role === role) })).filter(
    (g) => g.contacts.length > 0,
  );
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole local days from `from` to `to` (negative when `to` is earlier); null if unreadable. */
export function daysBetween(from: string, to: string): number | null {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  if (!a || !b) return null;
  return Math.round((b.getTime() - a.getTime()) / DAY_MS);
}

/** "Today", "Yesterday", "3 days ago" or "Not yet". */
export function lastContactWords(lastContact: string | null, today: string): string {
  if (!lastContact) return t('contacts.lastContact.never');
  const days = daysBetween(lastContact, today);
  if (days === null) return t('contacts.lastContact.never');
  return t('contacts.lastContact.daysAgo', { count: Math.max(0, days) });
}

export const MIN_STEP = 1;
export const MAX_STEP = 12;
const SHORT_MAX = 200;
const LONG_MAX = 200_000;

export interface ContactDraft {
  name: string;
  phone: string;
  email: string;
  role: ContactRole;
  /** '' when not known. */
  cleanDate: string;
  homeGroup: string;
  serviceCommitment: string;
  serviceTermStart: string;
  serviceTermEnd: string;
  sponseeStep: number | null;
  notes: string;
}

export function newContactDraft(role: ContactRole = 'friend'): ContactDraft {
  return {
    name: '',
    phone: '',
    email: '',
    role,
    cleanDate: '',
    homeGroup: '',
    serviceCommitment: '',
    serviceTermStart: '',
    serviceTermEnd: '',
    sponseeStep: null,
    notes: '',
  };
}

export function draftFromContact(c: Contact): ContactDraft {
  return {
    name: c.name,
    phone: c.phone,
    email: c.email,
    role: c.role,
    cleanDate: c.cleanDate ?? '',
    homeGroup: c.homeGroup,
    serviceCommitment: c.serviceCommitment,
    serviceTermStart: c.serviceTermStart ?? '',
    serviceTermEnd: c.serviceTermEnd ?? '',
    sponseeStep: c.sponseeStep,
    notes: c.notes,
  };
}

const optionalDate = (v: string): string | null => (v.trim() === '' ? null : v.trim());

export function contactFromDraft(d: ContactDraft, id: string, lastContact: string | null): Contact {
  return {
    id,
    name: d.name.trim(),
    phone: d.phone.trim(),
    email: d.email.trim(),
    role: d.role,
    cleanDate: optionalDate(d.cleanDate),
    homeGroup: d.homeGroup.trim(),
    serviceCommitment: d.serviceCommitment.trim(),
    serviceTermStart: optionalDate(d.serviceTermStart),
    serviceTermEnd: optionalDate(d.serviceTermEnd),
    sponseeStep: d.role === 'sponsee' ? d.sponseeStep : null,
    lastContact,
    notes: d.notes,
  };
}

export interface FieldProblem {
  field: string;
  /** A problem the core also knows, or 'badDate' for a date that is not a whole date. */
  problem: Problem | { kind: 'badDate' };
}

export function checkContact(d: ContactDraft, today: string): FieldProblem | null {
  const long = (v: string, max: number): boolean => [...v].length > max;
  if (d.name.trim() === '') return { field: 'name', problem: { kind: 'required' } };
  for (const field of ['name', 'phone', 'email', 'homeGroup', 'serviceCommitment'] as const) {
    if (long(d[field].trim(), SHORT_MAX)) return { field, problem: { kind: 'tooLong', max: SHORT_MAX } };
  }
  if (long(d.notes, LONG_MAX)) return { field: 'notes', problem: { kind: 'tooLong', max: LONG_MAX } };
  for (const field of ['cleanDate', 'serviceTermStart', 'serviceTermEnd'] as const) {
    const v = d[field].trim();
    if (v !== '' && !isIsoDate(v)) return { field, problem: { kind: 'badDate' } };
  }
  if (d.cleanDate.trim() !== '' && d.cleanDate.trim() > today) {
    return { field: 'cleanDate', problem: { kind: 'futureDate' } };
  }
  if (d.role === 'sponsee' && d.sponseeStep !== null) {
    const s = d.sponseeStep;
    if (!Number.isInteger(s) || s < MIN_STEP || s > MAX_STEP) {
      return { field: 'sponseeStep', problem: { kind: 'outOfRange', min: MIN_STEP, max: MAX_STEP } };
    }
  }
  const start = d.serviceTermStart.trim();
  const end = d.serviceTermEnd.trim();
  if (start !== '' && end !== '' && end < start) {
    return { field: 'serviceTermEnd', problem: { kind: 'dateOrder' } };
  }
  return null;
}
