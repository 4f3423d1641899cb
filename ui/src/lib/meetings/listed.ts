// Filling the meeting form from a meeting on the area's list.
// Contract: the listed meeting's details (name, time, length, formats, attendance, place, group)
// replace the form's; what only the member can know stays as they typed it: the day, notes,
// whether they shared, and a service role. A listed meeting with no start time keeps the time
// in the form.
import type { Meeting } from '../bindings';
import { draftFromMeeting, type MeetingDraft } from './meetingForm';

export function applyListed(draft: MeetingDraft, prefilled: Meeting): MeetingDraft {
  const from = draftFromMeeting(prefilled);
  return {
    ...from,
    date: draft.date,
    time: from.time !== '' ? from.time : draft.time,
    group: from.group.trim() !== '' ? from.group : draft.group,
    durationMinutes: from.durationMinutes ?? draft.durationMinutes,
    notes: draft.notes,
    shared: draft.shared,
    serviceRole: draft.serviceRole,
  };
}
