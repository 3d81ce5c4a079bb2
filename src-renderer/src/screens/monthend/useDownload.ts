import { useState } from 'react';
import type { GeneratedDocument } from '../../../../src-main/contract';
import { saveFile } from '../../api/client';

/** Make a document in the core and hand it to the person; remembers the last file and error. */
export function useDownload() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const run = async (key: string, make: () => Promise<GeneratedDocument>) => {
    setBusy(key);
    setError(null);
    setSaved(null);
    try {
      const doc = await make();
      await saveFile(doc);
      setSaved(doc.fileName);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, saved, run };
}

/** 'YYYY-MM' of the month before today's: month-end work is for the month just gone. */
export function lastMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** First and last day of a 'YYYY-MM'. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}
