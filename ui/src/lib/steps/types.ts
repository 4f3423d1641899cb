// Shapes the step screens pass between their components.
import type { StepQuestion } from '../bindings';

/** A question in the list: saved ones have an id; a new one gets it on its first save. */
export interface QuestionEntry {
  /** Stable key for the list (never changes, even when the id arrives). */
  key: string;
  id: string | null;
  /** Its place, as last sent to (or read from) the journal. */
  position: number;
  question: StepQuestion;
}
