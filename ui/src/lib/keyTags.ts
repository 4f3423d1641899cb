// Key tags: the coloured tags members are given at meetings for clean-time milestones.
// Contract: one entry per `KeyTag` from bindings.ts, in the order they are earned, with the
// tag's colour word (the same words the Rust core uses: white, orange, green, red, blue,
// yellow, glow, gray, black), the colours to draw it with, and whether it glows (the one-year
// tag is glow-in-the-dark). Text drawn on a tag uses `ink`, chosen for contrast with `fill`.
import type { KeyTag } from './bindings';

export type TagColour =
  | 'white'
  | 'orange'
  | 'green'
  | 'red'
  | 'blue'
  | 'yellow'
  | 'glow'
  | 'gray'
  | 'black';

export interface TagStyle {
  /** The colour's word, matching the core's `KeyTag::colour`. */
  colour: TagColour;
  /** Body of the tag. */
  fill: string;
  /** Outline, so pale tags show on a light page and dark tags on a dark one. */
  edge: string;
  /** Text and marks drawn on the tag. */
  ink: string;
  /** Whether the tag glows softly. */
  glow: boolean;
}

/** Every key tag, lowest first. */
export const KEY_TAGS: readonly KeyTag[] = [
  'welcome',
  'thirtyDays',
  'sixtyDays',
  'ninetyDays',
  'sixMonths',
  'nineMonths',
  'oneYear',
  'eighteenMonths',
  'multipleYears',
];

export const TAG_STYLES: Readonly<Record<KeyTag, TagStyle>> = {
  welcome: { colour: 'white', fill: '#fbfbf8', edge: '#a9a99f', ink: '#3a3a36', glow: false },
  thirtyDays: { colour: 'orange', fill: '#f28c28', edge: '#b9631a', ink: '#2b1600', glow: false },
  sixtyDays: { colour: 'green', fill: '#23793f', edge: '#17592d', ink: '#ffffff', glow: false },
  ninetyDays: { colour: 'red', fill: '#c9302c', edge: '#8f1f1c', ink: '#ffffff', glow: false },
  sixMonths: { colour: 'blue', fill: '#2d62c4', edge: '#1d4590', ink: '#ffffff', glow: false },
  nineMonths: { colour: 'yellow', fill: '#f5d02e', edge: '#b59714', ink: '#2e2600', glow: false },
  oneYear: { colour: 'glow', fill: '#d4f7c9', edge: '#8fd77c', ink: '#1f4a17', glow: true },
  eighteenMonths: { colour: 'gray', fill: '#8b9099', edge: '#5f646c', ink: '#111317', glow: false },
  multipleYears: { colour: 'black', fill: '#1c1c1f', edge: '#6b6b73', ink: '#f4f4f5', glow: false },
};

/** How to draw `tag`. */
export function tagStyle(tag: KeyTag): TagStyle {
  return TAG_STYLES[tag];
}

/** The locale key of the tag's name ("keytag.oneYear"). */
export function tagLabelKey(tag: KeyTag): string {
  return `keytag.${tag}`;
}

/** WCAG relative luminance of a '#rrggbb' colour. */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError('not a #rrggbb colour');
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h ?? '0', 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two '#rrggbb' colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
