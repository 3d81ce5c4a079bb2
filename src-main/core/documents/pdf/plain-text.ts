/**
 * One line of plain text straight into the page's content stream: the same operators pdfkit's
 * text() writes for text with no wrapping, spacing, link, underline or baseline option
 * (pdfkit 0.17, js/pdfkit.js `_fragment`). A statement is thousands of short cells, and
 * pdfkit's text() spent more on options, line splitting and colour parsing for each than on
 * the text; a test compares the pages drawn both ways.
 */

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
interface FontInternals {
  id: string;
  ascender: number;
  ref(): unknown;
  encode(text: string, features?: unknown): [string[], Position[]];
}
/** The parts of a pdfkit document this writes through. */
interface DocInternals {
  page: { height: number; fonts: Record<string, unknown> };
  _font: FontInternals;
  _fontSize: number;
  addContent(data: string): unknown;
}

/** pdfkit's number format in content streams (PDFObject.number). */
const num = (n: number): number => Math.round(n * 1e6) / 1e6;

/** Draws `text` in the document's current font and size with its top at (x, y). */
export function drawPlainText(pdf: PDFKit.PDFDocument, text: string, x: number, y: number): void {
  const doc = pdf as unknown as DocInternals;
  const line = text.replace(/\n/g, '');
  if (!line) return;
  const font = doc._font;
  const size = doc._fontSize;
  // pdfkit's default baseline 'top': the line's top at y.
  const dy = (font.ascender / 1000) * size;
  let cx = x;
  const cy = doc.page.height - y - dy;
  if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
  // pdfkit writes each operator as its own chunk followed by a newline; one chunk with the
  // same lines is the same bytes. q ... Q leaves the graphics state (and pdfkit's matrix) as
  // it was, so the matrix pdfkit keeps for save/transform/restore needs no update.
  const ops = ['q', `1 0 0 -1 0 ${num(doc.page.height)} cm`, 'BT', `1 0 0 1 ${num(cx)} ${num(cy)} Tm`, `/${font.id} ${num(size)} Tf`];
  const [encoded, positions] = font.encode(line);
  const scale = size / 1000;
  let segments: string[] = [];
  let last = 0;
  let hadOffset = false;
  // A run of glyphs ends where pdfkit would end it: after a glyph with kerning, and around a
  // glyph drawn with an offset (which gets its own text matrix).
  const segmentTo = (cur: number): void => {
    if (last < cur) segments.push(`<${encoded.slice(last, cur).join('')}> ${num(-(positions[cur - 1]!.xAdvance - positions[cur - 1]!.advanceWidth))}`);
    last = cur;
  };
  const flushTo = (cur: number): void => {
    segmentTo(cur);
    if (segments.length) {
      ops.push(`[${segments.join(' ')}] TJ`);
      segments = [];
    }
  };
  let i = 0;
  for (; i < positions.length; i++) {
    const pos = positions[i]!;
    if (pos.xOffset || pos.yOffset) {
      flushTo(i);
      ops.push(`1 0 0 1 ${num(cx + pos.xOffset * scale)} ${num(cy + pos.yOffset * scale)} Tm`);
      flushTo(i + 1);
      hadOffset = true;
    } else {
      if (hadOffset) {
        ops.push(`1 0 0 1 ${num(cx)} ${num(cy)} Tm`);
        hadOffset = false;
      }
      if (pos.xAdvance - pos.advanceWidth !== 0) segmentTo(i + 1);
    }
    cx += pos.xAdvance * scale;
  }
  flushTo(i);
  ops.push('ET', 'Q');
  doc.addContent(ops.join('\n'));
}
