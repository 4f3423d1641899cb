// The passphrase strength estimator: empty, short, common, repeated and sequential texts
// score low; sentences of ordinary words score high; scores stay within 0–4.
import { describe, expect, it } from 'vitest';
import { estimateStrength, MIN_PASSPHRASE_LENGTH } from './strength';

describe('estimateStrength', () => {
  it('says nothing is typed yet for an empty text', () => {
    expect(estimateStrength('')).toEqual({ score: 0, hint: 'empty' });
  });

  it('asks for more characters below the minimum', () => {
    expect(MIN_PASSPHRASE_LENGTH).toBe(8);
    expect(estimateStrength('Xq7#vB2')).toEqual({ score: 0, hint: 'tooShort' });
  });

  it('counts characters, not UTF-16 units', () => {
    // Seven emoji are 14 UTF-16 units but only 7 characters.
    expect(estimateStrength('🌱🌿🍀🌳🌲🌴🌵').hint).toBe('tooShort');
  });

  it.each(['password', 'Password', 'P@ssw0rd', 'password123', 'qwerty123', '12345678', 'iloveyou!', 'Serenity1'])(
    'rates the very common %s as 0',
    (text) => {
      expect(estimateStrength(text)).toEqual({ score: 0, hint: 'common' });
    },
  );

  it('keeps a common password with a little added weak', () => {
    const s = estimateStrength('Password2024!');
    expect(s.score).toBeLessThanOrEqual(1);
    expect(s.hint).toBe('common');
  });

  it('notices repeated characters', () => {
    const s = estimateStrength('aaaaaaaaaaaaaaaa');
    expect(s.score).toBeLessThanOrEqual(1);
    expect(s.hint).toBe('repeated');
  });

  it('notices sequences, forwards and backwards, letters, digits and keyboard rows', () => {
    for (const text of ['abcdefghijklmno', '98765432109876', 'asdfghjkl;poiuy']) {
      const s = estimateStrength(text);
      expect(s.score, text).toBeLessThanOrEqual(1);
      expect(s.hint, text).toBe('sequence');
    }
  });

  it('rates an ordinary word of 8 letters low and suggests more words', () => {
    const s = estimateStrength('lanterns');
    expect(s.score).toBeLessThanOrEqual(1);
    expect(s.hint).toBe('longer');
  });

  it('rates a sentence of ordinary words strong', () => {
    expect(estimateStrength('the kettle sings at dawn').score).toBe(4);
    expect(estimateStrength('the kettle sings at dawn').hint).toBe('strong');
  });

  it('caps short passwords, however varied', () => {
    expect(estimateStrength('Xq7#vB2!').score).toBeLessThanOrEqual(2);
    expect(estimateStrength('Xq7#vB2!pL9&').score).toBeLessThanOrEqual(3);
  });

  it('never gets weaker as words are added', () => {
    const words = ['river', 'stone', 'morning', 'light', 'garden', 'quiet'];
    let previous = 0;
    for (let n = 2; n <= words.length; n++) {
      const { score } = estimateStrength(words.slice(0, n).join(' '));
      expect(score).toBeGreaterThanOrEqual(previous);
      previous = score;
    }
    expect(previous).toBe(4);
  });

  it('always returns a score from 0 to 4', () => {
    for (const text of ['a', 'aB3$', 'correct horse', 'Zz'.repeat(40), 'ünïcödé pässwörd']) {
      const { score } = estimateStrength(text);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(4);
    }
  });
});
