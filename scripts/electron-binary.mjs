import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);

/** The Electron binary's path, or null where it could not be installed (scripts/postinstall.mjs). */
export function electronBinary() {
  try {
    // The electron package exports the binary's path, and throws when the binary is missing.
    const p = require('electron');
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}
