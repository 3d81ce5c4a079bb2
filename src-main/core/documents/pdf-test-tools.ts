// Test helpers: read a PDF back with poppler (pdftotext, pdftoppm), as a person would see it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const OUT_DIR = path.resolve('test-results/documents');

function withFile<T>(pdf: Buffer, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the PDF: 'layout' keeps each printed row on one line, 'raw' keeps drawing order. */
export const pdfText = (pdf: Buffer, mode: 'layout' | 'raw' = 'layout'): string =>
  withFile(pdf, (file) => execFileSync('pdftotext', [`-${mode}`, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));

export const pdfPageCount = (pdf: Buffer): number =>
  withFile(pdf, (file) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0));

/** Saves the PDF and a PNG of page 1 to test-results/documents/<name>.{pdf,png} for a human look. */
export function savePreview(pdf: Buffer, name: string): string {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const pdfFile = path.join(OUT_DIR, `${name}.pdf`);
  fs.writeFileSync(pdfFile, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', '-singlefile', pdfFile, path.join(OUT_DIR, name)]);
  return path.join(OUT_DIR, `${name}.png`);
}

/** Fonts of the PDF as pdffonts lists them: name, whether embedded and whether subset. */
export const pdfFonts = (pdf: Buffer): { name: string; embedded: boolean; subset: boolean }[] =>
  withFile(pdf, (file) =>
    execFileSync('pdffonts', [file], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((line) => {
        const cols = line.trim().split(/\s+/);
        // name type... encoding emb sub uni object ID: emb/sub/uni are the 5th-3rd columns from the end
        return { name: cols[0]!, embedded: cols[cols.length - 5] === 'yes', subset: cols[cols.length - 4] === 'yes' };
      }),
  );
