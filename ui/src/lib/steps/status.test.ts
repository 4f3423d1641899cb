// Words for step status, principles and how much has been written.
import { describe, expect, it } from 'vitest';
import type { StepOverview, StepWork } from '../bindings';
import { STEP_STATUSES, principleOf, statusLabel, statusText, writtenText } from './status';

const work = (over: Partial<StepWork>): StepWork => ({
  id: 'w',
  step: 1,
  status: 'notStarted',
  startedOn: null,
  completedOn: null,
  principle: '',
  ...over,
});

describe('status words', () => {
  it('names every status', () => {
    expect(STEP_STATUSES.map(statusLabel)).toEqual(['Not started', 'Working on it', 'Done']);
  });

  it('adds the dates', () => {
    expect(statusText(work({}))).toBe('Not started');
    expect(statusText(work({ status: 'working', startedOn: '2025-03-04' }))).toBe(
      'Working on it since March 4, 2025',
    );
    expect(statusText(work({ status: 'working' }))).toBe('Working on it');
    expect(
      statusText(work({ status: 'done', startedOn: '2025-03-04', completedOn: '2025-03-20' })),
    ).toBe('Done on March 20, 2025 (started March 4, 2025)');
    expect(
      statusText(work({ status: 'done', startedOn: '2025-03-20', completedOn: '2025-03-20' })),
    ).toBe('Done on March 20, 2025');
    expect(statusText(work({ status: 'done' }))).toBe('Done');
  });
});

describe('principle', () => {
  const info = { number: 1 };

  it('is the usual one unless the member wrote their own', () => {
    expect(principleOf({ info, work: work({}) })).toEqual({ text: 'Honesty', own: false });
    expect(principleOf({ info, work: work({ principle: '   ' }) })).toEqual({
      text: 'Honesty',
      own: false,
    });
    expect(principleOf({ info, work: work({ principle: ' Openness ' }) })).toEqual({
      text: 'Openness',
      own: true,
    });
  });
});

describe('written', () => {
  const counts = (notes: number, questions: number, answered: number, words: number) =>
    ({ notes, questions, answered, words }) as Pick<
      StepOverview,
      'notes' | 'questions' | 'answered' | 'words'
    >;

  it('says gently when nothing is written', () => {
    expect(writtenText(counts(0, 0, 0, 0))).toBe('Nothing written yet');
  });

  it('counts notes, answers and words with plurals', () => {
    expect(writtenText(counts(1, 1, 0, 1))).toBe('1 note · 0 of 1 question answered · 1 word');
    expect(writtenText(counts(2, 3, 1, 1450))).toBe(
      '2 notes · 1 of 3 questions answered · 1,450 words',
    );
    expect(writtenText(counts(0, 0, 0, 12))).toBe('12 words');
  });
});
