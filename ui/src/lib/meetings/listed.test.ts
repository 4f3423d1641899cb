// Filling the meeting form from the area's list keeps what only the member knows.
import { describe, expect, it } from 'vitest';
import type { Meeting } from '../bindings';
import { applyListed } from './listed';
import { newDraft } from './meetingForm';

const prefilled: Meeting = {
  id: '00000000-0000-0000-0000-000000000000',
  date: '2026-03-02',
  startTime: '19:30:00',
  durationMinutes: 90,
  name: 'Just for Today',
  group: 'Just for Today Group',
  formats: ['open', 'discussion'],
  attendance: 'hybrid',
  place: 'Church hall',
  serviceRole: '',
  shared: false,
  notes: '',
};

describe('applyListed', () => {
  it('takes the listed details and keeps the day, notes, sharing and service', () => {
    const draft = {
      ...newDraft(new Date(2026, 2, 2, 20, 5)),
      name: 'typo',
      notes: 'Felt at home tonight.',
      shared: true,
      serviceRole: 'coffee',
    };
    const next = applyListed(draft, prefilled);
    expect(next).toMatchObject({
      date: '2026-03-02',
      time: '19:30',
      name: 'Just for Today',
      group: 'Just for Today Group',
      formats: ['open', 'discussion'],
      attendance: 'hybrid',
      place: 'Church hall',
      durationMinutes: 90,
      notes: 'Felt at home tonight.',
      shared: true,
      serviceRole: 'coffee',
    });
  });

  it('keeps the time and length typed when the list has none', () => {
    const draft = { ...newDraft(new Date(2026, 2, 2, 20, 5)), durationMinutes: 60 };
    const next = applyListed(draft, { ...prefilled, startTime: null, durationMinutes: null, group: '' });
    expect(next.time).toBe('20:05');
    expect(next.durationMinutes).toBe(60);
  });
});
