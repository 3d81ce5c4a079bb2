import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { messages } from './resources';

const { en, hi } = messages;

const flatten = (obj: object, prefix = ''): string[] =>
  Object.entries(obj).flatMap(([key, value]) => (value && typeof value === 'object' ? flatten(value as object, `${prefix}${key}.`) : [`${prefix}${key}`]));

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });

describe('translations', () => {
  const enKeys = flatten(en).sort();
  const hiKeys = flatten(hi).sort();

  it('Hindi has exactly the English keys, none left empty', () => {
    expect(hiKeys).toEqual(enKeys);
    for (const key of hiKeys) expect(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], hi)).not.toBe('');
  });

  it('every literal key the UI asks for exists (plural keys by their _one/_other forms)', () => {
    const known = new Set(enKeys.flatMap((k) => [k, k.replace(/_(one|other)$/, '')]));
    const missing: string[] = [];
    for (const file of sources(srcDir)) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z][\w.-]*)'/g)) {
        if (!known.has(match[1]!)) missing.push(`${path.relative(srcDir, file)}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
