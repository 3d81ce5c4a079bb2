import { formatDate, formatPaise } from '../format';
import { Pen } from '../pdf/pen';

/**
 * A one-column report on A4: a title block, then sections of rows, each row a label and one or
 * more right-aligned amounts under the section's column heads. Used for the GSTR-3B summary
 * and profit and loss, in English or Hindi (the Pen picks Devanagari fonts for Hindi text).
 */
export interface SummaryRow {
  label: string;
  /** Amounts in paise (null: blank cell). */
  amounts: (number | null)[];
  bold?: boolean;
  /** Indent the label (a detail row under a heading row). */
  indent?: boolean;
}
export interface SummarySection {
  title: string;
  columns: string[];
  rows: SummaryRow[];
  /** Shown under the title when the section has no rows. */
  empty?: string;
}
export interface SummaryDoc {
  title: string;
  business: string;
  subtitle: string[];
  warning?: string | null;
  sections: SummarySection[];
  footer: { generated: string; on: string; page: string; of: string };
}

const PAGE = { left: 40, right: 555, top: 40, bottom: 790 };
const ROW = 15;

export async function renderSummaryPdf(d: SummaryDoc): Promise<Buffer> {
  const pen = new Pen({ info: { Title: d.title, Author: d.business } });
  let y = PAGE.top;
  pen.text(d.business, PAGE.left, y, { size: 15, bold: true, width: 300 });
  pen.text(d.title, 330, y + 1, { size: 13, bold: true, width: PAGE.right - 330, align: 'right' });
  y += 22;
  for (const line of d.subtitle) {
    pen.text(line, PAGE.left, y, { size: 9.5, color: '#333333' });
    y += 13;
  }
  if (d.warning) {
    y += 4;
    pen.fillRect(PAGE.left, y - 3, PAGE.right - PAGE.left, ROW + 3, '#fdecea');
    pen.text(d.warning, PAGE.left + 6, y, { size: 9.5, bold: true, color: '#b42318', width: PAGE.right - PAGE.left - 12 });
    y += ROW + 4;
  }
  y += 6;
  pen.line(PAGE.left, y, PAGE.right, y, '#333333', 1);
  y += 10;

  const ensure = (needed: number) => {
    if (y + needed <= PAGE.bottom) return;
    pen.doc.addPage();
    y = PAGE.top;
  };
  for (const s of d.sections) {
    const colWidth = s.columns.length > 4 ? 66 : s.columns.length > 3 ? 78 : 100;
    const labelWidth = PAGE.right - PAGE.left - colWidth * s.columns.length - 6;
    ensure(ROW * 3);
    pen.fillRect(PAGE.left, y - 3, PAGE.right - PAGE.left, ROW + 2, '#eef2f6');
    pen.text(s.title, PAGE.left + 4, y, { size: 10, bold: true, width: labelWidth });
    s.columns.forEach((c, i) => pen.text(c, PAGE.left + labelWidth + 6 + i * colWidth, y, { size: 9, bold: true, width: colWidth - 4, align: 'right' }));
    y += ROW + 3;
    if (s.rows.length === 0 && s.empty) {
      pen.text(s.empty, PAGE.left + 14, y, { size: 9, color: '#666666' });
      y += ROW;
    }
    for (const r of s.rows) {
      ensure(ROW);
      if (r.bold) pen.line(PAGE.left, y - 3, PAGE.right, y - 3, '#bbbbbb', 0.5);
      pen.text(r.label, PAGE.left + (r.indent ? 16 : 4), y, { size: 9.5, bold: r.bold, width: labelWidth - (r.indent ? 12 : 0) });
      r.amounts.forEach((a, i) => {
        if (a === null) return;
        pen.text(formatPaise(a), PAGE.left + labelWidth + 6 + i * colWidth, y, { size: 9.5, bold: r.bold, width: colWidth - 4, align: 'right' });
      });
      y += ROW;
    }
    y += 10;
  }
  const range = pen.doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pen.doc.switchToPage(i);
    pen.text(`${d.footer.generated} ${formatDate(d.footer.on)}`, PAGE.left, 815, { size: 7, color: '#777777' });
    pen.text(`${d.footer.page} ${i + 1} ${d.footer.of} ${range.count}`, 400, 815, { size: 7, width: PAGE.right - 400, align: 'right', color: '#777777' });
  }
  return pen.finish();
}
