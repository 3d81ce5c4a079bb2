import { createRequire } from 'node:module';
import type PDFDocumentClass from 'pdfkit';
import { FONTS, fontData, isDevanagari } from './fonts';
import { shareLayoutCache, type EmbeddedFontLike } from './layout-cache';
import { drawPlainText } from './plain-text';

// pdfkit takes about a second to load (its font metrics): loaded with the first document, not
// when the app starts.
let PDFDocument: typeof PDFDocumentClass | undefined;
export const loadPdfkit = (): typeof PDFDocumentClass => (PDFDocument ??= createRequire(import.meta.url)('pdfkit') as typeof PDFDocumentClass);

export interface Run {
  text: string;
  deva: boolean;
}

export interface DrawOptions {
  size?: number;
  bold?: boolean;
  /** Box width for right/centre alignment and truncation; text longer than it is cut with "...". */
  width?: number;
  align?: 'left' | 'right' | 'center';
  color?: string;
}

/** Whether any character of text is drawn with the Devanagari font (all of them are in the BMP). */
function hasDevanagari(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isDevanagari(text.charCodeAt(i))) return true;
  return false;
}

/** Splits text into runs of one script; a space joins the run it follows. */
export function splitRuns(text: string): Run[] {
  // Most cells (figures, dates, English words) are one Latin run.
  if (!hasDevanagari(text)) return text ? [{ text, deva: false }] : [];
  const runs: Run[] = [];
  for (const ch of text) {
    const last = runs[runs.length - 1];
    const deva = ch === ' ' ? (last?.deva ?? false) : isDevanagari(ch.codePointAt(0)!);
    if (last && last.deva === deva) last.text += ch;
    else runs.push({ text: ch, deva });
  }
  return runs;
}

// Shaped Devanagari glyphs come in visual order (ि before its consonant), so runs with
// Devanagari letters carry ActualText. Poppler places ActualText words at a mirrored height
// under pdfkit's flipped page matrix (its -layout output lists them last); -raw keeps order.
const NEEDS_ACTUAL_TEXT = /[\u0900-\u097f]/;

type FontWithAscender = { _font: { ascender: number } };

/**
 * Draws mixed Latin/Devanagari text on a pdfkit document: each script run with its own font,
 * on one shared baseline, Devanagari runs tagged with ActualText so copying and text
 * extraction give the logical (typed) order rather than the shaped glyph order.
 */
export class Pen {
  readonly doc: PDFKit.PDFDocument;
  private readonly ascender = new Map<string, number>();
  private fill: { color: string; page: unknown; state: unknown } | null = null;

  constructor(opts: PDFKit.PDFDocumentOptions = {}) {
    const Pdf = loadPdfkit();
    this.doc = new Pdf({ size: 'A4', margin: 36, bufferPages: true, ...opts });
    // A restore takes the PDF's colour back to what it was before the save: forget ours.
    const restore = this.doc.restore.bind(this.doc);
    this.doc.restore = () => {
      this.fill = null;
      return restore();
    };
    const data = fontData();
    for (const key of Object.keys(FONTS) as (keyof typeof FONTS)[]) {
      this.doc.registerFont(FONTS[key], data[key]);
      this.doc.font(FONTS[key]);
      const font = (this.doc as unknown as FontWithAscender)._font;
      shareLayoutCache(font as unknown as EmbeddedFontLike, key);
      this.ascender.set(FONTS[key], font.ascender);
    }
  }

  /**
   * Sets the text colour only when it changed: thousands of cells share one colour, and each
   * setting is parsed and written again. What was set stays true until a restore (which
   * undoes it in the PDF), a new page, or someone else setting a colour.
   */
  private useFill(color: string): void {
    const doc = this.doc as unknown as { _fillColor?: unknown; page: unknown };
    if (this.fill && this.fill.color === color && this.fill.page === doc.page && this.fill.state === doc._fillColor) return;
    this.doc.fillColor(color);
    this.fill = { color, page: doc.page, state: doc._fillColor };
  }

  private fontOf(run: Run, bold: boolean): string {
    if (run.deva) return bold ? FONTS.devaBold : FONTS.deva;
    return bold ? FONTS.latinBold : FONTS.latin;
  }

  width(text: string, size = 9, bold = false): number {
    return this.measure(text, size, bold).total;
  }

  /** Cuts text to fit `width`, ending in "...". */
  fit(text: string, width: number, size = 9, bold = false): string {
    if (this.width(text, size, bold) <= width) return text;
    const chars = [...text];
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.width(`${chars.slice(0, mid).join('')}...`, size, bold) <= width) lo = mid;
      else hi = mid - 1;
    }
    return `${chars.slice(0, lo).join('').trimEnd()}...`;
  }

  /** Word-wraps text into lines no wider than `width` (a single over-long word is cut). */
  wrap(text: string, width: number, size = 9, bold = false): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const next = line ? `${line} ${word}` : word;
        if (this.width(next, size, bold) <= width || !line) line = next;
        else {
          lines.push(line);
          line = word;
        }
      }
      lines.push(line);
    }
    return lines.map((l) => this.fit(l, width, size, bold));
  }

  /** Splits into runs and measures each once. */
  private measure(text: string, size: number, bold: boolean): { runs: (Run & { font: string; w: number })[]; total: number } {
    let total = 0;
    const runs = splitRuns(text).map((run) => {
      const font = this.fontOf(run, bold);
      const w = this.doc.font(font).fontSize(size).widthOfString(run.text);
      total += w;
      return { ...run, font, w };
    });
    return { runs, total };
  }

  /** Draws one line of text with its top at y; returns the width drawn. */
  text(text: string, x: number, y: number, opts: DrawOptions = {}): number {
    const size = opts.size ?? 9;
    const bold = opts.bold ?? false;
    let m = this.measure(text, size, bold);
    if (opts.width !== undefined && m.total > opts.width) m = this.measure(this.fit(text, opts.width, size, bold), size, bold);
    let cx = x;
    if (opts.width !== undefined && opts.align === 'right') cx = x + opts.width - m.total;
    if (opts.width !== undefined && opts.align === 'center') cx = x + (opts.width - m.total) / 2;
    const baselineAscender = this.ascender.get(FONTS.latin)!;
    this.useFill(opts.color ?? '#111111');
    for (const run of m.runs) {
      // pdfkit places text by the top of each font's ascender; shift so all runs share a baseline.
      const dy = ((baselineAscender - this.ascender.get(run.font)!) / 1000) * size;
      this.doc.font(run.font).fontSize(size);
      const tagged = run.deva && NEEDS_ACTUAL_TEXT.test(run.text);
      if (tagged) {
        this.doc.markContent('Span', { actual: run.text });
        this.doc.text(run.text, cx, y + dy, { lineBreak: false });
        this.doc.endMarkedContent();
      } else {
        drawPlainText(this.doc, run.text, cx, y + dy);
      }
      cx += run.w;
    }
    return m.total;
  }

  line(x1: number, y1: number, x2: number, y2: number, color = '#999999', width = 0.5): void {
    this.doc.save().moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).strokeColor(color).stroke().restore();
  }

  fillRect(x: number, y: number, w: number, h: number, color: string): void {
    this.doc.save().rect(x, y, w, h).fill(color).restore();
  }

  /** Finishes the document and returns its bytes. */
  finish(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.doc.on('data', (c: Buffer) => chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
      this.doc.end();
    });
  }
}
