import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

/**
 * Noto Sans (latin subset) for Latin text and digits, Noto Sans Devanagari (devanagari
 * subset) for Hindi and the ₹ sign, which only that subset carries. pdfkit embeds them
 * (subset) through fontkit and shapes Devanagari with fontkit's Indic shaper.
 */
export const FONTS = {
  latin: 'lenden-latin',
  latinBold: 'lenden-latin-bold',
  deva: 'lenden-deva',
  devaBold: 'lenden-deva-bold',
} as const;

const require = createRequire(import.meta.url);
const fontFile = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'files', file);

/**
 * Unpacks a WOFF 1.0 file into the plain TrueType/OpenType font it wraps. fontkit reads WOFF
 * too, but inflates it in JavaScript for every document (about 0.2 s); node's zlib does it
 * once per process here.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : raw;
    if (data.length !== origLength) throw new Error('corrupt WOFF table');
    return { tag: woff.subarray(at, at + 4), checksum: woff.readUInt32BE(at + 16), data };
  });
  const log2 = Math.floor(Math.log2(numTables));
  const header = Buffer.alloc(12 + numTables * 16);
  woff.copy(header, 0, 4, 8); // flavor
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(2 ** log2 * 16, 6);
  header.writeUInt16BE(log2, 8);
  header.writeUInt16BE(numTables * 16 - 2 ** log2 * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const rec = 12 + i * 16;
    t.tag.copy(header, rec);
    header.writeUInt32BE(t.checksum, rec + 4);
    header.writeUInt32BE(offset, rec + 8);
    header.writeUInt32BE(t.data.length, rec + 12);
    const padded = (t.data.length + 3) & ~3;
    parts.push(t.data, Buffer.alloc(padded - t.data.length));
    offset += padded;
  });
  return Buffer.concat(parts);
}

let cache: Record<keyof typeof FONTS, Buffer> | null = null;

/** The fonts as TrueType bytes, read and unpacked once per process. */
export function fontData(): Record<keyof typeof FONTS, Buffer> {
  const load = (pkg: string, file: string) => woffToSfnt(fs.readFileSync(fontFile(pkg, file)));
  cache ??= {
    latin: load('@fontsource/noto-sans', 'noto-sans-latin-400-normal.woff'),
    latinBold: load('@fontsource/noto-sans', 'noto-sans-latin-700-normal.woff'),
    deva: load('@fontsource/noto-sans-devanagari', 'noto-sans-devanagari-devanagari-400-normal.woff'),
    devaBold: load('@fontsource/noto-sans-devanagari', 'noto-sans-devanagari-devanagari-700-normal.woff'),
  };
  return cache;
}

/**
 * Characters drawn with the Devanagari font: the Devanagari blocks, Vedic extensions,
 * the joiners that steer conjuncts, and ₹. Everything else uses the Latin font; spaces
 * stay with the run they are in, since both fonts have them.
 */
export const isDevanagari = (cp: number): boolean =>
  (cp >= 0x0900 && cp <= 0x097f) || (cp >= 0xa8e0 && cp <= 0xa8ff) || (cp >= 0x1cd0 && cp <= 0x1cff) || cp === 0x20b9 || cp === 0x200c || cp === 0x200d;
