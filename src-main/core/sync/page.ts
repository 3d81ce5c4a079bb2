import type { SyncedTable } from '../db/schema';
import type { HistoryOp, PageTable, PulledRow, PullPage } from './wire';

const PLACEHOLDER = '"LENDEN_STAMP_PLACEHOLDER"';
const UNSTAMPED = new Set(['id', 'business_id', 'seq', 'field_stamps']);

/**
 * A compact pull page (protocol 2) as rows to merge. A row whose field stamps travelled as one
 * stamp gets them back as the JSON text the device stores (built from one template per
 * table, not parsed and re-serialized per row); the page's largest stamp is found on the way,
 * so the clock observes it once.
 */
export function decodePage(page: PullPage): { rows: PulledRow[]; maxStamp: string | null } {
  const rows: PulledRow[] = [];
  let maxStamp: string | null = null;
  for (const t of page.tables ?? []) {
    const seqAt = t.columns.indexOf('seq');
    const stampsAt = t.columns.indexOf('field_stamps');
    const parts = stampTemplate(t);
    const shape = t.columns.filter((_, i) => i !== seqAt);
    for (const values of t.rows) {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < t.columns.length; i++) if (i !== seqAt) row[t.columns[i]!] = values[i];
      const stamps = stampsAt >= 0 ? values[stampsAt] : null;
      if (typeof stamps === 'string') {
        row.field_stamps = parts.join(JSON.stringify(stamps));
        if (maxStamp === null || stamps > maxStamp) maxStamp = stamps;
      } else if (stamps && typeof stamps === 'object') {
        for (const s of Object.values(stamps as Record<string, string>)) if (typeof s === 'string' && (maxStamp === null || s > maxStamp)) maxStamp = s;
      }
      rows.push({ table: t.table as SyncedTable, seq: Number(values[seqAt]), row: row as PulledRow['row'], shape });
    }
  }
  return { rows, maxStamp };
}

/** `{"created_at":<stamp>,...}` split where the stamp goes, for every stamped column of the table. */
function stampTemplate(t: PageTable): string[] {
  const text = JSON.stringify(Object.fromEntries(t.columns.filter((c) => !UNSTAMPED.has(c)).map((c) => [c, 'LENDEN_STAMP_PLACEHOLDER'])));
  return text.split(PLACEHOLDER);
}

/** History ops as [op_id, table, row_id, device_id, user_id, stamp, fields, old_values, applied_at, seq]. */
export function decodeHistory(ops: readonly unknown[][] | null | undefined): HistoryOp[] {
  return (ops ?? []).map((o) => ({
    op_id: String(o[0]),
    table: String(o[1]),
    row_id: String(o[2]),
    device_id: String(o[3]),
    user_id: String(o[4]),
    stamp: String(o[5]),
    fields: (o[6] ?? {}) as Record<string, unknown>,
    old_values: (o[7] ?? {}) as Record<string, unknown>,
    applied_at: String(o[8]),
  }));
}
