import QRCode from 'qrcode';
import type { Pen } from './pen';

/**
 * Draws a QR code of `text` as vector squares (sharp at any printer resolution, thermal
 * included), `size` points wide with its top-left at x, y. Error correction M survives a
 * smudged receipt; the quiet zone of 4 modules is inside `size`.
 */
export function drawQr(pen: Pen, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  const doc = pen.doc;
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let row = 0; row < n; row++) {
    // One rectangle per run of dark modules: fewer path operations than one per module.
    let start = -1;
    for (let col = 0; col <= n; col++) {
      const dark = col < n && Boolean(qr.modules.get(row, col));
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell);
        start = -1;
      }
    }
  }
  doc.fill('#000000').restore();
}
