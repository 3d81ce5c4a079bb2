// Test helper: find and decode the QR code on a PDF page, as a phone camera would.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Renders page 1 at `dpi` with poppler and returns the text of the first QR code found, or null. */
export function decodeQrOnPage(pdf: Buffer, dpi = 200): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenden-qr-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')]);
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, 'page.png')));
    const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    return found ? found.data : null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
