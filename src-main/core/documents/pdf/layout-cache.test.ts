import { describe, expect, it } from 'vitest';
import { FONTS } from './fonts';
import { Pen } from './pen';
import type { EmbeddedFontLike } from './layout-cache';

type Glyph = { id: number };
const fontOf = (pen: Pen, name: string): EmbeddedFontLike => {
  pen.doc.font(name);
  return (pen.doc as unknown as { _font: EmbeddedFontLike })._font;
};
const shape = (run: ReturnType<EmbeddedFontLike['layoutRun']>) => ({
  glyphs: run.glyphs.map((g) => (g as Glyph).id),
  advances: run.positions.map((p) => [p.xAdvance, p.xOffset, p.yOffset, p.advanceWidth]),
  width: run.advanceWidth,
});

// Amounts, dates, balances and percentages as the documents print them.
const FIGURES = ['1,23,456.00', '01-04-2026', '₹', '(12.5%)', '5,000.00 ', '99/100', '+91-98765-43210', '10:45', '1,00,00,000.00'];

describe('shared layout cache', () => {
  it('builds figures from their characters exactly as fontkit shapes them, in every font', () => {
    const pen = new Pen();
    for (const name of Object.values(FONTS)) {
      const font = fontOf(pen, name);
      for (const text of FIGURES) {
        expect(shape(font.layoutCached(text)), `${name}: ${text}`).toEqual(shape(font.layoutRun(text)));
      }
    }
  });

  it('shapes words that are not figures (Hindi conjuncts, Latin letters) through fontkit', () => {
    const pen = new Pen();
    const deva = fontOf(pen, FONTS.deva);
    const word = 'क्षत्रिय ';
    expect(shape(deva.layoutCached(word))).toEqual(shape(deva.layoutRun(word)));
    // A conjunct is fewer glyphs than characters: it really went through the shaper.
    expect(deva.layoutCached(word).glyphs.length).toBeLessThan([...word].length);
    const latin = fontOf(pen, FONTS.latin);
    expect(shape(latin.layoutCached('Office '))).toEqual(shape(latin.layoutRun('Office ')));
  });

  it('keeps words across documents and stays bounded', () => {
    const first = fontOf(new Pen(), FONTS.latin);
    const run = first.layoutCached('7,77,777.77');
    // A second document finds the same run without shaping it again.
    expect(fontOf(new Pen(), FONTS.latin).layoutCached('7,77,777.77')).toBe(run);
    const font = fontOf(new Pen(), FONTS.latin);
    for (let i = 0; i < 25_000; i++) font.layoutCached(`${i}.00`);
    // Past the bound the cache starts again, so the first word is shaped anew.
    expect(font.layoutCached('7,77,777.77')).not.toBe(run);
    expect(shape(font.layoutCached('7,77,777.77'))).toEqual(shape(run));
  });
});
