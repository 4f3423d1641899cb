// Translation helper.
// Contract: every word the UI shows comes from a locale file through `t(key, params)`.
// - `key` is a dot path into the locale ("unlock.submit"). A missing key returns the key
//   itself, so a gap is visible but never breaks the screen.
// - `{name}` in a message is replaced by `params.name`; numbers are formatted for the locale.
// - A message may be a plural object: `{ "one": "…", "other": "…" }` (CLDR categories for the
//   locale) with optional exact forms such as `"=0"`. The form is chosen by `params.count`.
// - The language is the shell's (`app_status`: the member's choice, or the system's). main.ts
//   calls `setLanguage` before the app's modules load, so `locale` and `t` are right from the
//   first word; a change of language reloads the page. A key missing from the language falls
//   back to English (the locale tests keep the files whole, so this is a safety net only).
// - Nothing here logs, and no message is ever treated as HTML.
// - `t` takes a `MessageKey`: the compiler reads the keys from en.json itself, so there is no
//   list to regenerate and none to drift. A literal key that en.json lacks does not compile. A
//   key built from a template (`errors.${code}`) must name at least one message: not every
//   value of a wide type is ever shown. A plain `string` key (a helper's result) is taken on
//   trust; a miss shows as the key itself.
import en from '../locales/en.json';
import es from '../locales/es.json';

export type Params = Readonly<Record<string, string | number>>;

/** A tree of messages as stored in a locale file. */
export interface Messages {
  readonly [key: string]: string | Messages;
}

export type Translate = (key: string, params?: Params) => string;

/** The forms of a plural message (CLDR categories, or an exact count such as `=0`). */
type PluralForm = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other' | `=${number}`;

/** The dot paths of a locale's messages; a plural object is one message. */
type KeysOf<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${K}`
    : keyof T[K] extends PluralForm
      ? 'other' extends keyof T[K]
        ? `${Prefix}${K}`
        : never
      : KeysOf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message the English locale has, by its dot path ("unlock.submit"). */
export type MessageKey = KeysOf<typeof en>;

/**
 * The key `t` accepts for an argument of type `K`: `K` itself when it names at least one
 * message (a `MessageKey`, a union with one, or a template such as `nav.${string}`), or when it
 * is a plain `string` (taken on trust); otherwise `MessageKey`, so the call does not compile.
 */
export type CheckedKey<K extends string> = string extends K
  ? K
  : [Extract<MessageKey, K>] extends [never]
    ? MessageKey
    : K;

function isMessages(value: unknown): value is Messages {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lookup(messages: Messages, key: string): string | Messages | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (!isMessages(node) || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

function choosePlural(
  forms: Messages,
  count: number,
  rules: Intl.PluralRules,
): string | undefined {
  const exact = forms[`=${count}`];
  if (typeof exact === 'string') return exact;
  const category = forms[rules.select(count)];
  if (typeof category === 'string') return category;
  const other = forms['other'];
  return typeof other === 'string' ? other : undefined;
}

/** Make a translator for one locale's messages; `fallback` answers keys they lack. */
export function createTranslator(
  messages: Messages,
  locale: string,
  fallback: Messages | null = null,
): Translate {
  const rules = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  return (key, params) => {
    const found = lookup(messages, key) ?? (fallback ? lookup(fallback, key) : undefined);
    let template: string | undefined;
    if (typeof found === 'string') {
      template = found;
    } else if (isMessages(found) && typeof found['other'] === 'string') {
      const count = params?.['count'];
      template = choosePlural(found, typeof count === 'number' ? count : Number.NaN, rules);
    }
    if (template === undefined) return key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params?.[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}

/** The languages the app is written in, with their messages. */
export const LANGUAGES = { en: en as Messages, es: es as Messages } as const;
export type Language = keyof typeof LANGUAGES;

/** The UI's locale ('en' until `setLanguage`). A live binding: read it, never copy it early. */
export let locale: Language = 'en';

let current: Translate = createTranslator(LANGUAGES.en, 'en');

/** Use `language` from now on (main.ts, before the app's modules load). */
export function setLanguage(language: Language): void {
  locale = language;
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  current = createTranslator(LANGUAGES[language], language, LANGUAGES.en);
}

/** Translate in the current language. */
export function t<K extends string>(key: CheckedKey<K>, params?: Params): string {
  return current(key, params);
}

/** Whether the English locale has a message at `key` (used by tests and fallbacks). */
export function hasMessage(key: string): boolean {
  return lookup(en as Messages, key) !== undefined;
}
