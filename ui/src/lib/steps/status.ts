// Words for a step's status and for how much has been written on it.
// Contract: every string comes from the locale (`steps.*`); dates are the member's local
// calendar dates, shown long ("March 4, 2025"). A principle the member wrote wins over the
// usual one; an empty or blank one means the usual one.
import type { StepOverview, StepStatus, StepWork } from '../bindings';
import { formatDate } from '../dates';
import { t } from '../i18n';

export const STEP_STATUSES: readonly StepStatus[] = ['notStarted', 'working', 'done'];

/** "Not started", "Working on it", "Done". */
export function statusLabel(status: StepStatus): string {
  return t(`steps.status.${status}`);
}

/** The status with its dates: "Working on it since March 4, 2025". */
export function statusText(work: Pick<StepWork, 'status' | 'startedOn' | 'completedOn'>): string {
  switch (work.status) {
    case 'notStarted':
      return statusLabel('notStarted');
    case 'working':
      return work.startedOn
        ? t('steps.status.workingSince', { date: formatDate(work.startedOn) })
        : statusLabel('working');
    case 'done':
      if (work.completedOn && work.startedOn && work.startedOn !== work.completedOn) {
        return t('steps.status.doneBetween', {
          start: formatDate(work.startedOn),
          date: formatDate(work.completedOn),
        });
      }
      return work.completedOn
        ? t('steps.status.doneOn', { date: formatDate(work.completedOn) })
        : statusLabel('done');
  }
}

/** The principle to show, and whether it is the member's own. */
/** Our own short summary of step `number`, in the member's language. */
export function stepSummary(number: number): string {
  return t(`steps.about.${number}.summary`);
}

/** The principle usually linked with step `number`, in the member's language. */
export function usualPrinciple(number: number): string {
  return t(`steps.about.${number}.principle`);
}

export function principleOf(overview: Pick<StepOverview, 'info' | 'work'>): {
  text: string;
  own: boolean;
} {
  const own = overview.work.principle.trim();
  return own ? { text: own, own: true } : { text: usualPrinciple(overview.info.number), own: false };
}

/** "2 notes · 1 of 3 questions answered · 450 words", or "Nothing written yet". */
export function writtenText(
  overview: Pick<StepOverview, 'notes' | 'questions' | 'answered' | 'words'>,
): string {
  const parts: string[] = [];
  if (overview.notes > 0) parts.push(t('steps.written.notes', { count: overview.notes }));
  if (overview.questions > 0) {
    parts.push(
      t('steps.written.answered', { count: overview.questions, answered: overview.answered }),
    );
  }
  if (overview.words > 0) parts.push(t('steps.written.words', { count: overview.words }));
  if (parts.length === 0) return t('steps.written.nothing');
  return parts.join(t('steps.written.separator'));
}
