// A small, local passphrase strength estimator (nothing is looked up anywhere).
// Contract: `estimateStrength(text)` returns a score from 0 (very weak) to 4 (strong) and one
// hint saying what would help most. It considers length (in characters, not bytes), the kinds
// of characters used, runs of repeated or sequential characters (aaaa, 1234, qwerty, dcba),
// and a short built-in list of very common passwords. It is a guide for the member, not a
// guarantee: the journal only enforces the minimum length.

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export type StrengthHint =
  | 'empty'
  | 'tooShort'
  | 'common'
  | 'repeated'
  | 'sequence'
  | 'longer'
  | 'variety'
  | 'good'
  | 'strong';

export interface Strength {
  score: StrengthScore;
  hint: StrengthHint;
}

/** The fewest characters the journal accepts. */
export const MIN_PASSPHRASE_LENGTH = 8;

/** Very common passwords and patterns, lower case. Matched whole, and as the bulk of a longer one. */
const COMMON: ReadonlySet<string> = new Set([
  'password', 'passw0rd', 'p@ssword', 'p@ssw0rd', 'password1', 'password123', 'letmein',
  'welcome', 'welcome1', 'iloveyou', 'sunshine', 'princess', 'football', 'baseball',
  'basketball', 'soccer', 'hockey', 'dragon', 'monkey', 'master', 'shadow', 'superman',
  'batman', 'trustno1', 'whatever', 'freedom', 'starwars', 'pokemon', 'qwerty', 'qwertyuiop',
  'asdfgh', 'asdfghjkl', 'zxcvbnm', 'azerty', 'qwertz', '123456', '1234567', '12345678',
  '123456789', '1234567890', '111111', '000000', '123123', '654321', '121212', 'abc123',
  'abcdef', 'abcd1234', 'qwe123', 'qwerty123', '1q2w3e4r', '1qaz2wsx', 'zaq12wsx', 'admin',
  'administrator', 'login', 'secret', 'changeme', 'default', 'hello', 'hello123', 'charlie',
  'michael', 'jennifer', 'jordan', 'hunter', 'hunter2', 'ashley', 'daniel', 'jessica',
  'computer', 'internet', 'cookie', 'chocolate', 'flower', 'summer', 'winter', 'spring',
  'autumn', 'love', 'lovely', 'loveme', 'mustang', 'maggie', 'ginger', 'pepper', 'thomas',
  'killer', 'matrix', 'ninja', 'test', 'test123', 'guest', 'user', 'root', 'access',
  'recovery', 'recovery1', 'journal', 'myjournal', 'serenity', 'serenity1', 'cleantime',
  'onedayatatime', 'justfortoday', 'narcotics', 'sober', 'sobriety', 'clean', 'cleanandsober',
  'higherpower', 'letgoletgod', 'keepcomingback', 'easydoesit', 'godgrant', 'twelvesteps',
]);

/** Keyboard rows, for spotting walks such as "asdf" or "poiu". */
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', 'azertyuiop', 'qwertzuiop'];

/** Undo the usual character swaps ("p@ssw0rd" → "password"). */
function unleet(text: string): string {
  const swaps: Record<string, string> = {
    '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', '$': 's',
    '!': 'i', '|': 'l', '+': 't',
  };
  return [...text].map((c) => swaps[c] ?? c).join('');
}

function isCommon(lower: string): boolean {
  const squeezed = lower.replace(/[\s\-_.]+/g, '');
  const trimmed = squeezed.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const candidates = [lower, squeezed, trimmed, unleet(squeezed), unleet(trimmed)];
  return candidates.some((c) => c.length > 0 && COMMON.has(c));
}

/** Whether `b` follows `a` on the alphabet, the digits or a keyboard row (either direction). */
function isStep(a: string, b: string): boolean {
  const ca = a.codePointAt(0) ?? 0;
  const cb = b.codePointAt(0) ?? 0;
  const alnum = /[a-z0-9]/;
  if (alnum.test(a) && alnum.test(b) && Math.abs(ca - cb) === 1) return true;
  return ROWS.some((row) => {
    const i = row.indexOf(a);
    const j = row.indexOf(b);
    return i >= 0 && j >= 0 && Math.abs(i - j) === 1;
  });
}

interface Runs {
  /** Characters that only repeat the one before (beyond the first two of a run). */
  repeated: number;
  /** Characters that only continue a sequence (beyond the first two of a run). */
  sequential: number;
}

function countRuns(chars: readonly string[]): Runs {
  let repeated = 0;
  let sequential = 0;
  let repeatRun = 1;
  let stepRun = 1;
  let direction = 0;
  for (let i = 1; i < chars.length; i++) {
    const prev = chars[i - 1] ?? '';
    const cur = chars[i] ?? '';
    repeatRun = cur === prev ? repeatRun + 1 : 1;
    if (repeatRun >= 3) repeated++;
    const d = (cur.codePointAt(0) ?? 0) - (prev.codePointAt(0) ?? 0);
    if (isStep(prev, cur)) {
      const dir = Math.sign(d) || 1;
      stepRun = stepRun > 1 && dir === direction ? stepRun + 1 : 2;
      direction = dir;
    } else {
      stepRun = 1;
      direction = 0;
    }
    if (stepRun >= 3) sequential++;
  }
  return { repeated, sequential };
}

/** How many characters an attacker would have to try per position, from the kinds used. */
function poolSize(chars: readonly string[]): { pool: number; kinds: number } {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  let space = false;
  let other = false;
  for (const c of chars) {
    if (/[a-z]/.test(c)) lower = true;
    else if (/[A-Z]/.test(c)) upper = true;
    else if (/[0-9]/.test(c)) digit = true;
    else if (c === ' ') space = true;
    else if (/[\x21-\x7e]/.test(c)) symbol = true;
    else other = true;
  }
  const pool =
    (lower ? 26 : 0) +
    (upper ? 26 : 0) +
    (digit ? 10 : 0) +
    (symbol ? 33 : 0) +
    (space ? 1 : 0) +
    (other ? 100 : 0);
  const kinds = [lower, upper, digit, symbol || space, other].filter(Boolean).length;
  return { pool: Math.max(pool, 1), kinds };
}

/** Whether most of `lower` is one common password with a little added around it. */
function isMostlyCommon(lower: string): boolean {
  const letters = lower.replace(/[^a-z]/g, '');
  for (const word of COMMON) {
    if (word.length >= 6 && (lower.includes(word) || letters.includes(word))) {
      const rest = lower.length - word.length;
      if (rest <= 4) return true;
    }
  }
  return false;
}

/** Estimate how hard `text` would be to guess. */
export function estimateStrength(text: string): Strength {
  const chars = [...text];
  const length = chars.length;
  if (length === 0) return { score: 0, hint: 'empty' };
  const lower = text.toLowerCase();
  if (isCommon(lower)) return { score: 0, hint: 'common' };
  if (length < MIN_PASSPHRASE_LENGTH) return { score: 0, hint: 'tooShort' };

  const lowerChars = [...lower];
  const runs = countRuns(lowerChars);
  const unique = new Set(lowerChars).size;
  const { pool, kinds } = poolSize(chars);

  // Characters that add little: continuations of runs count a quarter each.
  const wasted = runs.repeated + runs.sequential;
  let effective = length - wasted * 0.75;
  // Very few distinct characters make even a long text easy to guess.
  if (unique <= 3) effective = Math.min(effective, unique * 2);
  const bits = effective * Math.log2(pool);

  let score: StrengthScore;
  if (bits < 30) score = 0;
  else if (bits < 42) score = 1;
  else if (bits < 56) score = 2;
  else if (bits < 72) score = 3;
  else score = 4;

  // Length matters most for something typed from memory: short ones are capped.
  if (length < 10 && score > 2) score = 2;
  if (length < 14 && score > 3) score = 3;
  if (isMostlyCommon(lower) && score > 1) score = 1;

  let hint: StrengthHint;
  if (isMostlyCommon(lower)) hint = 'common';
  else if (runs.repeated * 3 >= length || unique <= 3) hint = 'repeated';
  else if (runs.sequential * 3 >= length) hint = 'sequence';
  else if (score >= 4) hint = 'strong';
  else if (score === 3) hint = 'good';
  else if (length < 14) hint = 'longer';
  else if (kinds < 2) hint = 'variety';
  else hint = 'longer';
  if ((hint === 'repeated' || hint === 'sequence') && score > 1) score = 1;
  return { score, hint };
}
