// The key-tag colour map: every tag, the right colour words and hues, readable text.
import { describe, expect, it } from 'vitest';
import { contrast, KEY_TAGS, luminance, TAG_STYLES, tagLabelKey, tagStyle } from './keyTags';

describe('key tag colours', () => {
  it('maps every tag to the colour the fellowship uses (the same words as the core)', () => {
    expect(Object.fromEntries(KEY_TAGS.map((tag) => [tag, tagStyle(tag).colour]))).toEqual({
      welcome: 'white',
      thirtyDays: 'orange',
      sixtyDays: 'green',
      ninetyDays: 'red',
      sixMonths: 'blue',
      nineMonths: 'yellow',
      oneYear: 'glow',
      eighteenMonths: 'gray',
      multipleYears: 'black',
    });
    expect(Object.keys(TAG_STYLES).sort()).toEqual([...KEY_TAGS].sort());
  });

  it('makes only the one-year tag glow', () => {
    expect(KEY_TAGS.filter((tag) => tagStyle(tag).glow)).toEqual(['oneYear']);
  });

  it('draws each tag in a colour that reads as its name', () => {
    const hue = (hex: string): number => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      if (max === min) return -1;
      const d = max - min;
      const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
      return (h * 60 + 360) % 360;
    };
    expect(luminance(tagStyle('welcome').fill)).toBeGreaterThan(0.9);
    expect(luminance(tagStyle('multipleYears').fill)).toBeLessThan(0.03);
    expect(hue(tagStyle('thirtyDays').fill)).toBeGreaterThan(20);
    expect(hue(tagStyle('thirtyDays').fill)).toBeLessThan(40);
    expect(hue(tagStyle('sixtyDays').fill)).toBeGreaterThan(100);
    expect(hue(tagStyle('sixtyDays').fill)).toBeLessThan(160);
    expect(hue(tagStyle('ninetyDays').fill) < 15 || hue(tagStyle('ninetyDays').fill) > 345).toBe(true);
    expect(hue(tagStyle('sixMonths').fill)).toBeGreaterThan(200);
    expect(hue(tagStyle('sixMonths').fill)).toBeLessThan(240);
    expect(hue(tagStyle('nineMonths').fill)).toBeGreaterThan(40);
    expect(hue(tagStyle('nineMonths').fill)).toBeLessThan(60);
    expect(hue(tagStyle('oneYear').fill)).toBeGreaterThan(90);
    expect(hue(tagStyle('oneYear').fill)).toBeLessThan(140);
    expect(luminance(tagStyle('oneYear').fill)).toBeGreaterThan(0.7); // pale
  });

  it('keeps text on every tag readable (WCAG AA, 4.5:1)', () => {
    for (const tag of KEY_TAGS) {
      const { fill, ink } = tagStyle(tag);
      expect(contrast(fill, ink), tag).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('computes contrast the WCAG way', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#777777')).toBe(1);
    expect(() => luminance('red')).toThrow();
  });

  it('has a locale key per tag', () => {
    expect(tagLabelKey('oneYear')).toBe('keytag.oneYear');
  });
});
