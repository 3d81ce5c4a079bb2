/// <reference types="vite/client" />
import en from './en.json';
import hi from './hi.json';

export type Messages = { [key: string]: string | Messages };

// Each feature may keep its words in its own pair of files, `locales/<feature>.en.json` and
// `locales/<feature>.hi.json`, so features grow without editing one shared file.
const enParts = import.meta.glob<Messages>('./locales/*.en.json', { eager: true, import: 'default' });
const hiParts = import.meta.glob<Messages>('./locales/*.hi.json', { eager: true, import: 'default' });

function merge(base: Messages, parts: Record<string, Messages>): Messages {
  const out: Messages = structuredClone(base);
  const into = (target: Messages, source: Messages, where: string): void => {
    for (const [key, value] of Object.entries(source)) {
      const existing = target[key];
      if (typeof value === 'object' && typeof existing === 'object') into(existing, value, `${where}${key}.`);
      else if (existing !== undefined) throw new Error(`translation key ${where}${key} is defined twice`);
      else target[key] = typeof value === 'object' ? structuredClone(value) : value;
    }
  };
  for (const file of Object.keys(parts).sort()) into(out, parts[file]!, '');
  return out;
}

/** Every English and Hindi message of the UI: the base files plus every feature's own. */
export const messages: { en: Messages; hi: Messages } = { en: merge(en as Messages, enParts), hi: merge(hi as Messages, hiParts) };
