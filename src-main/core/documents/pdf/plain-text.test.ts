import { describe, expect, it } from 'vitest';
import { FONTS } from './fonts';
import { Pen } from './pen';
import { drawPlainText } from './plain-text';

/** What has been written to the current page's content stream so far. */
const content = (pen: Pen): string =>
  Buffer.concat((pen.doc as unknown as { page: { content: { buffer: Buffer[] } } }).page.content.buffer).toString('latin1');

describe('plain text straight into the content stream', () => {
  it('writes exactly what pdfkit text() writes, in every Latin font and size', () => {
    // Kerned pairs (AV, To, Wa), figures, punctuation, a long cell, and a space at the end.
    const lines = ['AVATAR To Wa', '1,23,456.00', 'Item 4471, bag of rice', 'Opening balance', '(12.5%) 01-04-2026 ', 'x'.repeat(120)];
    for (const font of [FONTS.latin, FONTS.latinBold]) {
      for (const size of [7, 9, 11.5]) {
        const byPdfkit = new Pen();
        const direct = new Pen();
        let y = 40;
        for (const line of lines) {
          byPdfkit.doc.font(font).fontSize(size).text(line, 36.25, y, { lineBreak: false });
          drawPlainText(direct.doc.font(font).fontSize(size), line, 36.25, y);
          y += 13.3;
        }
        expect(content(direct), `${font} ${size}`).toBe(content(byPdfkit));
      }
    }
  });

  it('draws nothing for empty text, as pdfkit does', () => {
    const pen = new Pen();
    const before = content(pen);
    drawPlainText(pen.doc, '', 10, 10);
    drawPlainText(pen.doc, '\n', 10, 10);
    expect(content(pen)).toBe(before);
  });
});

describe('text colour', () => {
  const fills = (pen: Pen) => content(pen).split('\n').filter((op) => / scn$/.test(op)).length;

  it('is set once for a run of cells of one colour', () => {
    const pen = new Pen();
    for (let i = 0; i < 5; i++) pen.text(`${i}`, 40, 40 + i * 12, { color: '#b42318' });
    expect(fills(pen)).toBe(1);
    pen.text('other', 40, 120);
    expect(fills(pen)).toBe(2);
  });

  it('is set again after a restore, on a new page, and after someone else set a colour', () => {
    const pen = new Pen();
    pen.doc.save();
    pen.text('inside', 40, 40, { color: '#b42318' });
    pen.doc.restore();
    // The restore undid the red in the PDF: the next red cell must say so again.
    pen.text('after', 40, 60, { color: '#b42318' });
    expect(fills(pen)).toBe(2);
    pen.doc.fillColor('#00ff00');
    pen.text('again', 40, 80, { color: '#b42318' });
    expect(fills(pen)).toBe(4);
    pen.doc.addPage();
    pen.text('new page', 40, 40, { color: '#b42318' });
    expect(fills(pen)).toBe(1);
  });
});
