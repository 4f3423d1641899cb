// Search results, grouped for the search screen, and where each one opens.
// Contract:
// - `groupHits` keeps the core's order inside each kind and orders the kinds as the member
//   meets them most (journal, meetings, people, then step work, then clean dates); a kind the
//   UI does not know yet comes last rather than being dropped.
// - `viewForKind` names the screen that shows a kind; every step record opens the steps view.
// - `openRequestFor` is what the search screen hands to that screen (`session.openRequest`).
import type { RecordKind, SearchHit } from '../bindings';
import type { OpenRequest, View } from '../session.svelte';

/** The order of the groups on the search screen. */
export const KIND_ORDER: readonly RecordKind[] = [
  'journalEntry',
  'meeting',
  'contact',
  'stepWork',
  'stepNote',
  'stepQuestion',
  'inventoryRow',
  'amend',
  'nightlyReview',
  'cleanDate',
  'settings',
];

/** Kinds whose records live on the steps screen. */
export const STEP_KINDS: readonly RecordKind[] = [
  'stepWork',
  'stepNote',
  'stepQuestion',
  'inventoryRow',
  'amend',
  'nightlyReview',
];

export interface HitGroup {
  kind: RecordKind;
  hits: SearchHit[];
}

export function groupHits(hits: readonly SearchHit[]): HitGroup[] {
  const byKind = new Map<RecordKind, SearchHit[]>();
  for (const hit of hits) {
    const list = byKind.get(hit.kind);
    if (list) list.push(hit);
    else byKind.set(hit.kind, [hit]);
  }
  const rank = (kind: RecordKind): number => {
    const i = KIND_ORDER.indexOf(kind);
    return i === -1 ? KIND_ORDER.length : i;
  };
  return [...byKind.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([kind, list]) => ({ kind, hits: list }));
}

export function viewForKind(kind: RecordKind): View {
  if (STEP_KINDS.includes(kind)) return 'steps';
  switch (kind) {
    case 'meeting':
      return 'meetings';
    case 'contact':
      return 'contacts';
    case 'journalEntry':
      return 'journal';
    case 'settings':
      return 'settings';
    default:
      return 'dashboard';
  }
}

export function openRequestFor(hit: SearchHit): OpenRequest {
  return { kind: hit.kind, id: hit.id, step: hit.step, date: hit.date };
}
