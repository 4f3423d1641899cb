// The amends list's statuses and the words for an amend's date.
// Contract: a quick status change to "made" dates the amend today when it had no date or a
// date still ahead (an amend already made cannot be dated in the future); other changes keep
// the date as it is.
import type { Amend, AmendStatus } from '../bindings';
import { formatDate, isAfter } from '../dates';
import { t } from '../i18n';

export const AMEND_STATUSES: readonly AmendStatus[] = ['planned', 'made', 'notPossible'];

/** The amend with `status`, dated as the contract says. */
export function withStatus(amend: Amend, status: AmendStatus, today: string): Amend {
  if (status === 'made' && (amend.date === null || isAfter(amend.date, today))) {
    return { ...amend, status, date: today };
  }
  return { ...amend, status };
}

/** "Planned for March 4, 2025", "Made on …", or just the date; null without a date. */
export function amendDateText(amend: Pick<Amend, 'status' | 'date'>): string | null {
  if (!amend.date) return null;
  const date = formatDate(amend.date);
  switch (amend.status) {
    case 'planned':
      return t('steps.amends.plannedFor', { date });
    case 'made':
      return t('steps.amends.madeOn', { date });
    case 'notPossible':
      return date;
  }
}
