/**
 * Shaping a word through fontkit (OpenType GSUB/GPOS) costs tens of microseconds, and pdfkit
 * shapes every word twice (measure, then draw) with a cache that dies with each document. A
 * statement is mostly words never seen before — amounts, dates, running balances — so most of
 * its time went to shaping digits.
 *
 * This keeps one cache per font across documents (a shaped run depends only on the font's
 * bytes: pdfkit reads glyph ids, advance widths and code points from it, and never changes a
 * cached run), bounded so a long-running app does not grow without end, and builds words made
 * only of figures and their punctuation from the runs of their characters instead of shaping
 * them: Noto Sans has tabular figures with no ligatures or kerning among them, so the glyphs
 * and advances are the same (a test compares both ways).
 */

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
interface ShapedRun {
  glyphs: unknown[];
  positions: Position[];
  readonly advanceWidth: number;
}
/** The part of pdfkit's EmbeddedFont this relies on (pdfkit 0.17, js/pdfkit.js). */
export interface EmbeddedFontLike {
  layoutRun(text: string, features?: unknown): ShapedRun;
  layoutCached(text: string): ShapedRun;
}

const MAX_WORDS_PER_FONT = 20_000;
/** Words built from their characters: figures, the separators of amounts and dates, and the rupee sign. */
const FIGURES = /^[0-9.,:/+\-()₹% ]+$/;

const caches = new Map<string, Map<string, ShapedRun>>();

function composed(font: EmbeddedFontLike, cache: Map<string, ShapedRun>, text: string): ShapedRun {
  const glyphs: unknown[] = [];
  const positions: Position[] = [];
  let advanceWidth = 0;
  for (const ch of text) {
    let one = cache.get(ch);
    if (!one) {
      one = font.layoutRun(ch);
      cache.set(ch, one);
    }
    glyphs.push(...one.glyphs);
    positions.push(...one.positions);
    advanceWidth += one.advanceWidth;
  }
  return { glyphs, positions, advanceWidth };
}

/** Gives a pdfkit embedded font the shared, bounded word cache kept under `key`. */
export function shareLayoutCache(font: EmbeddedFontLike, key: string): void {
  let cache = caches.get(key);
  if (!cache) {
    cache = new Map();
    caches.set(key, cache);
  }
  const words = cache;
  font.layoutCached = (text: string): ShapedRun => {
    let run = words.get(text);
    if (run) return run;
    run = FIGURES.test(text) && text.length > 1 ? composed(font, words, text) : font.layoutRun(text);
    if (words.size >= MAX_WORDS_PER_FONT) words.clear();
    words.set(text, run);
    return run;
  };
}

/** Shapes `text` with fontkit directly, bypassing every cache (for tests). */
export function shapedDirectly(font: EmbeddedFontLike, text: string): ShapedRun {
  return font.layoutRun(text);
}
