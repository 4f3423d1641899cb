// The English locale covers every word the UI can ask for.
import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import { ERROR_CODES, type KeyTag } from './bindings';
import { hasMessage, t, type Messages } from './i18n';
import { KEY_TAGS, TAG_STYLES } from './keyTags';

const sources = import.meta.glob(['../**/*.svelte', '../**/*.ts', '!../**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** Keys passed literally to t('…'). */
function literalKeys(): Map<string, string> {
  const found = new Map<string, string>();
  for (const [file, text] of Object.entries(sources)) {
    for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_.]+)'/g)) {
      if (m[1]) found.set(m[1], file);
    }
  }
  return found;
}

function leaves(node: Messages | string, path: string[] = []): string[] {
  if (typeof node === 'string') return [path.join('.')];
  return Object.entries(node).flatMap(([k, v]) => leaves(v, [...path, k]));
}

describe('en.json', () => {
  it('has every key used literally in the source', () => {
    const keys = literalKeys();
    expect(keys.size).toBeGreaterThan(50);
    const missing = [...keys].filter(([key]) => !hasMessage(key)).map(([k, f]) => `${k} (${f})`);
    expect(missing).toEqual([]);
  });

  it('has a sentence for every error code', () => {
    for (const code of ERROR_CODES) {
      expect(hasMessage(`errors.${code}`), code).toBe(true);
      expect(t(`errors.${code}`)).not.toBe(`errors.${code}`);
    }
  });

  it('names every key tag and its colour', () => {
    for (const tag of KEY_TAGS) {
      expect(hasMessage(`keytag.${tag}`), tag).toBe(true);
      expect(hasMessage(`keytag.colour.${TAG_STYLES[tag as KeyTag].colour}`), tag).toBe(true);
    }
  });

  it('has words for every lock reason, strength level and hint', () => {
    for (const reason of ['idle', 'screenLocked', 'suspend']) {
      expect(hasMessage(`unlock.reason.${reason}`)).toBe(true);
    }
    for (const level of [0, 1, 2, 3, 4]) expect(hasMessage(`passphrase.level.${level}`)).toBe(true);
    for (const hint of ['empty', 'tooShort', 'common', 'repeated', 'sequence', 'longer', 'variety', 'good', 'strong']) {
      expect(hasMessage(`passphrase.hint.${hint}`)).toBe(true);
    }
  });

  it('never contains markup and every plural has an "other" form', () => {
    const all = leaves(en as Messages);
    for (const key of all) {
      const text = key.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], en);
      expect(String(text), key).not.toMatch(/<[a-z/]/i);
    }
    const plurals = all.filter((k) => /\.(one|=\d+)$/.test(k)).map((k) => k.replace(/\.[^.]+$/, ''));
    for (const p of plurals) expect(all, p).toContain(`${p}.other`);
  });
});
