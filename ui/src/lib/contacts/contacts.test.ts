import { describe, expect, it } from 'vitest';
import type { Contact, ContactRole } from '../bindings';
import { hasMessage } from '../i18n';
import {
  ROLE_ORDER,
  checkContact,
  contactFromDraft,
  daysBetween,
  draftFromContact,
  groupContacts,
  lastContactWords,
  newContactDraft,
} from './contacts';

function person(name: string, role: ContactRole, extra: Partial<Contact> = {}): Contact {
  return {
    ...contactFromDraft({ ...newContactDraft(role), name }, name, null),
    ...extra,
  };
}

describe('groupContacts', () => {
  it('puts the sponsor first, then sponsees, and keeps the order inside a group', () => {
    const groups = groupContacts([
      person('Ann', 'friend'),
      person('Bo', 'sponsee'),
      person('Cy', 'other'),
      person('Di', 'sponsor'),
      person('Ed', 'sponsee'),
      person('Fay', 'homeGroupMember'),
    ]);
    expect(groups.map((g) => g.role)).toEqual(['sponsor', 'sponsee', 'homeGroupMember', 'friend', 'other']);
    expect(groups[1]?.contacts.map((c) => c.name)).toEqual(['Bo', 'Ed']);
  });

  it('leaves out empty groups', () => {
    expect(groupContacts([person('Ann', 'friend')]).map((g) => g.role)).toEqual(['friend']);
    expect(groupContacts([])).toEqual([]);
  });
});

describe('days since', () => {
  it('counts local calendar days, across months and daylight saving', () => {
    expect(daysBetween('2024-05-05', '2024-05-08')).toBe(3);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2024-03-30', '2024-04-01')).toBe(2);
    expect(daysBetween('2024-10-26', '2024-10-28')).toBe(2);
    expect(daysBetween('2024-05-08', '2024-05-05')).toBe(-3);
    expect(daysBetween('nope', '2024-05-05')).toBeNull();
  });

  it('says today, yesterday, days ago or not yet', () => {
    const today = '2024-05-08';
    expect(lastContactWords('2024-05-08', today)).toBe('Today');
    expect(lastContactWords('2024-05-07', today)).toBe('Yesterday');
    expect(lastContactWords('2024-05-05', today)).toBe('3 days ago');
    expect(lastContactWords(null, today)).toBe('Not yet');
    expect(lastContactWords('2024-05-09', today)).toBe('Today');
  });
});

describe('contact drafts', () => {
  const today = '2024-05-08';

  it('round-trips a contact and keeps the last-contact day', () => {
    const c = person('Sam K.', 'sponsee', {
      phone: '555 0100',
      sponseeStep: 4,
      cleanDate: '2023-01-02',
      serviceTermStart: '2024-01-01',
      serviceTermEnd: '2024-12-31',
      lastContact: '2024-05-01',
    });
    expect(contactFromDraft(draftFromContact(c), c.id, c.lastContact)).toEqual(c);
  });

  it('drops the step for anyone who is not a sponsee', () => {
    const d = { ...newContactDraft('friend'), name: 'Jo', sponseeStep: 3 };
    expect(contactFromDraft(d, 'x', null).sponseeStep).toBeNull();
  });

  it('checks fields in the order the core does', () => {
    const ok = { ...newContactDraft('sponsee'), name: 'Jo' };
    expect(checkContact(ok, today)).toBeNull();
    expect(checkContact({ ...ok, name: ' ' }, today)).toEqual({ field: 'name', problem: { kind: 'required' } });
    expect(checkContact({ ...ok, cleanDate: '2024-05-09' }, today)).toEqual({
      field: 'cleanDate',
      problem: { kind: 'futureDate' },
    });
    expect(checkContact({ ...ok, cleanDate: '2024-13-01' }, today)?.problem.kind).toBe('badDate');
    expect(checkContact({ ...ok, sponseeStep: 13 }, today)).toEqual({
      field: 'sponseeStep',
      problem: { kind: 'outOfRange', min: 1, max: 12 },
    });
    expect(checkContact({ ...ok, role: 'friend', sponseeStep: 13 }, today)).toBeNull();
    expect(checkContact({ ...ok, serviceTermStart: '2024-02-01', serviceTermEnd: '2024-01-01' }, today)).toEqual({
      field: 'serviceTermEnd',
      problem: { kind: 'dateOrder' },
    });
    expect(checkContact({ ...ok, phone: '1'.repeat(201) }, today)?.field).toBe('phone');
  });
});

describe('locale', () => {
  it('names every role and role group', () => {
    for (const r of ROLE_ORDER) {
      expect(hasMessage(`contacts.roles.${r}`), r).toBe(true);
      expect(hasMessage(`contacts.groups.${r}`), r).toBe(true);
    }
  });
});
