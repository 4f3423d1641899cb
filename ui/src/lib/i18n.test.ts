// The translator: dot paths, parameters, plural forms (CLDR and exact), number formatting,
// and the missing-key fallback.
import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import type { ErrorCode, MeetingFormat } from './bindings';
import { createTranslator, hasMessage, t, type Messages } from './i18n';

const messages: Messages = {
  greet: 'Hello, {name}.',
  plain: 'Just words.',
  nested: { deeper: { leaf: 'Found me' } },
  apples: { one: '{count} apple', other: '{count} apples' },
  calls: { '=0': 'No calls yet', one: 'One call', other: '{count} calls' },
  broken: { one: 'only one form' },
};
const tr = createTranslator(messages, 'en');

describe('t', () => {
  it('looks up dot paths', () => {
    expect(tr('plain')).toBe('Just words.');
    expect(tr('nested.deeper.leaf')).toBe('Found me');
  });

  it('fills in parameters and leaves unknown placeholders visible', () => {
    expect(tr('greet', { name: 'Sam' })).toBe('Hello, Sam.');
    expect(tr('greet')).toBe('Hello, {name}.');
  });

  it('chooses singular and plural by count', () => {
    expect(tr('apples', { count: 1 })).toBe('1 apple');
    expect(tr('apples', { count: 0 })).toBe('0 apples');
    expect(tr('apples', { count: 2 })).toBe('2 apples');
    expect(tr('apples', { count: 21 })).toBe('21 apples');
  });

  it('prefers an exact form over the plural category', () => {
    expect(tr('calls', { count: 0 })).toBe('No calls yet');
    expect(tr('calls', { count: 1 })).toBe('One call');
    expect(tr('calls', { count: 7 })).toBe('7 calls');
  });

  it('formats numbers for the locale', () => {
    expect(tr('apples', { count: 1461 })).toBe('1,461 apples');
  });

  it('falls back to the key when the message is missing', () => {
    expect(tr('no.such.key')).toBe('no.such.key');
    expect(tr('nested.deeper')).toBe('nested.deeper');
    expect(tr('plain.deeper')).toBe('plain.deeper');
    expect(tr('broken', { count: 2 })).toBe('broken');
  });

  it('does not find inherited object properties', () => {
    expect(tr('constructor')).toBe('constructor');
    expect(tr('nested.toString')).toBe('nested.toString');
  });

  it('uses the English locale file', () => {
    expect(t('app.name')).toBe((en as { app: { name: string } }).app.name);
    expect(t('cleanTime.days', { count: 1 })).toBe('1 day');
    expect(t('cleanTime.days', { count: 45 })).toBe('45 days');
    expect(hasMessage('app.name')).toBe(true);
    expect(hasMessage('app.nope')).toBe(false);
  });
});

// The key checks are the compiler's: svelte-check fails when an `@ts-expect-error` below is not
// needed any more, or when a call without one stops compiling.
describe('message keys', () => {
  it('take every key of en.json, and a template that names one', () => {
    const code = 'IN_USE' as ErrorCode;
    const format: MeetingFormat = 'open';
    const anyName: string = 'dashboard';
    expect(t('unlock.submit')).toBe((en as { unlock: { submit: string } }).unlock.submit);
    expect(t('cleanTime.days', { count: 2 })).toBe('2 days');
    expect(t(`errors.${code}`)).not.toBe(`errors.${code}`);
    expect(t(`meetings.formats.${format}`)).not.toBe(`meetings.formats.${format}`);
    expect(t(`nav.${anyName}`)).not.toBe(`nav.${anyName}`);
    // A plain string is taken on trust; a miss shows as the key.
    expect(t(anyName)).toBe('dashboard');
  });

  it('refuse a key en.json lacks', () => {
    const anyName: string = 'dashboard';
    // @ts-expect-error: not a key of en.json
    expect(t('unlock.no.such.key')).toBe('unlock.no.such.key');
    // @ts-expect-error: one form of a plural is not a message of its own
    t('cleanTime.days.one');
    // @ts-expect-error: a template that names no message
    expect(t(`nowhere.${anyName}`)).toBe('nowhere.dashboard');
  });
});
