/**
 * Text that cannot be stored or synced faithfully: NUL (Postgres text refuses it), other C0
 * control characters except tab, line feed and carriage return (invisible, and they break
 * printed documents), and lone UTF-16 surrogates (half of a character: JSON on the wire and
 * Postgres refuse them), and Unicode tag characters (U+E0000-U+E007F: invisible; the app's own
 * notes carry their code in them, contract/app-notes.ts, so a typed note never passes for one). A pasted name with one of these is refused at the boundary with a
 * clear message instead of wedging the sync queue later.
 */
// eslint-disable-next-line no-control-regex
const BAD_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uDB40[\uDC00-\uDC7F]/;

export function hasBadText(value: string): boolean {
  return BAD_TEXT.test(value);
}

/** The path of the first string (key or value) in `input` holding bad text, or null. */
export function findBadText(input: unknown, path: string[] = [], depth = 0): string[] | null {
  if (depth > 64) return null;
  if (typeof input === 'string') return hasBadText(input) ? path : null;
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) {
      const found = findBadText(input[i], [...path, String(i)], depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (input && typeof input === 'object') {
    for (const [key, value] of Object.entries(input)) {
      if (hasBadText(key)) return [...path, key];
      const found = findBadText(value, [...path, key], depth + 1);
      if (found) return found;
    }
  }
  return null;
}
