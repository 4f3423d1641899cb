// The Spanish locale keeps step with the English one: the same keys, the same placeholders,
// no empty message and no sentence left in English by mistake.
import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import es from '../locales/es.json';
import { createTranslator, type Messages } from './i18n';

/** A message as the translator sees it: a string, or a plural object (form → text). */
type Message = string | Readonly<Record<string, string>>;

/** CLDR plural categories, in any locale. */
const CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);
/** The categories Spanish uses (`many` is for large round numbers such as 1 000 000). */
const SPANISH_CATEGORIES = new Set(['one', 'many', 'other']);
const EXACT = /^=\d+$/;

/**
 * Keys whose Spanish text may read exactly like the English one. Keep this short: each entry
 * says why the words are the same in both languages.
 */
const SAME_IN_BOTH = new Set([
  'keeping.size.bytes', // "{count} bytes": "byte" is the Spanish word too
  'keeping.size.kb', // "{size} KB": a unit symbol
  'keeping.size.mb', // "{size} MB": a unit symbol
  'keeping.size.gb', // "{size} GB": a unit symbol
]);

function isPlural(node: unknown): node is Readonly<Record<string, string>> {
  if (typeof node !== 'object' || node === null) return false;
  const entries = Object.entries(node);
  return (
    entries.length > 0 &&
    'other' in node &&
    entries.every(([k, v]) => typeof v === 'string' && (CATEGORIES.has(k) || EXACT.test(k)))
  );
}

/** Every message by its dot path; a plural object counts as one message. */
function flatten(
  node: Messages,
  path: string[] = [],
  out = new Map<string, Message>(),
): Map<string, Message> {
  for (const [key, value] of Object.entries(node)) {
    const here = [...path, key];
    if (typeof value === 'string' || isPlural(value)) out.set(here.join('.'), value);
    else flatten(value, here, out);
  }
  return out;
}

/** The texts of a message: one for a string, one per form for a plural. */
function texts(message: Message): string[] {
  return typeof message === 'string' ? [message] : Object.values(message);
}

/** The `{name}` placeholders a message can use, sorted (all forms together for a plural). */
function placeholders(message: Message): string[] {
  const names = new Set<string>();
  for (const text of texts(message)) {
    for (const m of text.matchAll(/\{(\w+)\}/g)) if (m[1]) names.add(m[1]);
  }
  return [...names].sort();
}

const english = flatten(en as Messages);
const spanish = flatten(es as Messages);

describe('es.json against en.json', () => {
  it('has the same keys as English, no more and no fewer', () => {
    expect(english.size).toBeGreaterThan(800);
    const missing = [...english.keys()].filter((k) => !spanish.has(k));
    const extra = [...spanish.keys()].filter((k) => !english.has(k));
    expect({ missing, extra }, 'missing: in en.json only; extra: in es.json only').toEqual({
      missing: [],
      extra: [],
    });
  });

  it('keeps plurals plural, with the forms Spanish needs and every exact form English has', () => {
    const problems: string[] = [];
    for (const [key, enMsg] of english) {
      const esMsg = spanish.get(key);
      if (esMsg === undefined) continue;
      if (typeof enMsg === 'string' || typeof esMsg === 'string') {
        if (typeof enMsg !== typeof esMsg) problems.push(`${key}: plural in one file, text in the other`);
        continue;
      }
      for (const form of ['one', 'other']) {
        if (!(form in esMsg)) problems.push(`${key}: no "${form}" form`);
      }
      for (const form of Object.keys(enMsg).filter((f) => EXACT.test(f))) {
        if (!(form in esMsg)) problems.push(`${key}: English has "${form}", Spanish does not`);
      }
      for (const form of Object.keys(esMsg)) {
        if (!SPANISH_CATEGORIES.has(form) && !EXACT.test(form)) {
          problems.push(`${key}: "${form}" is not a Spanish plural form`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses the same placeholders as English in every message', () => {
    const differ: string[] = [];
    for (const [key, enMsg] of english) {
      const esMsg = spanish.get(key);
      if (esMsg === undefined) continue;
      const enNames = placeholders(enMsg).join(', ');
      const esNames = placeholders(esMsg).join(', ');
      if (enNames !== esNames) differ.push(`${key}: [${enNames}] in English, [${esNames}] in Spanish`);
    }
    expect(differ).toEqual([]);
  });

  it('never has an empty message or markup', () => {
    for (const [key, message] of spanish) {
      for (const text of texts(message)) {
        expect(text.trim(), key).not.toBe('');
        expect(text, key).not.toMatch(/<[a-z/]/i);
      }
    }
  });

  it('translates every message longer than one word', () => {
    const untranslated: string[] = [];
    for (const [key, enMsg] of english) {
      const esMsg = spanish.get(key);
      if (esMsg === undefined || SAME_IN_BOTH.has(key)) continue;
      // Pair each English text with the Spanish text of the same form.
      const pairs: [string, string | undefined][] =
        typeof enMsg === 'string'
          ? [[enMsg, typeof esMsg === 'string' ? esMsg : undefined]]
          : Object.entries(enMsg).map(([form, text]) => [text, typeof esMsg === 'string' ? undefined : esMsg[form]]);
      for (const [enText, esText] of pairs) {
        const words = enText.trim().split(/\s+/).length;
        if (words > 1 && esText === enText) untranslated.push(`${key}: "${enText}"`);
      }
    }
    expect(untranslated).toEqual([]);
  });

  it('reads as Spanish through the translator, plural forms included', () => {
    const t = createTranslator(es as Messages, 'es');
    expect(t('dashboard.meetings.count', { count: 1 })).toBe('1 reunión');
    expect(t('dashboard.meetings.count', { count: 3 })).toBe('3 reuniones');
    // 1 000 000 is "many" in Spanish; without that form the "other" form answers.
    expect(t('cleanTime.days', { count: 1_000_000 })).toMatch(/días$/);
    expect(t('contacts.lastContact.daysAgo', { count: 0 })).toBe('Hoy');
  });
});

// Every word a screen shows comes from the locale files: no markup holds words of its own.
const markup = import.meta.glob('../**/*.svelte', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** Words written straight into a component's markup (text, or a label-like attribute). */
function wordsInMarkup(source: string): string[] {
  const template = source
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  // Drop every {expression}: what it shows comes from t() or from the member.
  let outside = '';
  let depth = 0;
  for (const c of template) {
    if (c === '{') depth += 1;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) outside += c;
  }
  const attributes = [
    ...outside.matchAll(/\s(aria-label|aria-description|title|placeholder|alt)="([^"]*[A-Za-z][^"]*)"/g),
  ].map((m) => `${m[1]}="${m[2]}"`);
  const text = outside
    .replace(/<[^>]*>/g, ' ')
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w));
  return [...attributes, ...text];
}

describe('the screens', () => {
  it('show no words that are not in the locale files', () => {
    expect(Object.keys(markup).length).toBeGreaterThan(30);
    const found = Object.entries(markup)
      .map(([file, source]) => [file, wordsInMarkup(source)] as const)
      .filter(([, words]) => words.length > 0)
      .map(([file, words]) => `${file}: ${words.join(' ')}`);
    expect(found).toEqual([]);
  });

  it('would notice a word written into the markup', () => {
    expect(wordsInMarkup('<p>{t("a.b")}</p><button aria-label="Close">×</button>')).toEqual([
      'aria-label="Close"',
    ]);
    expect(wordsInMarkup('<script>const x = "Hello";</script><h1>Hello {name}</h1>')).toEqual(['Hello']);
  });
});
