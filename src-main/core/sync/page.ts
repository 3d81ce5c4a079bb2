import type { SyncedTable } from '../db/schema';
import type { HistoryOp, PageTable, PulledRow, PullPage } from './wire';
import { PagePart, PageRow } from './page-row';

const PLACEHOLDER = '"LENDEN_STAMP_PLACEHOLDER"';
const UNSTAMPED = new Set(['id', 'business_id', 'seq', 'field_stamps']);

/**
 * A compact pull page (protocol 2) as rows to merge, each read in place from its page's
 * values (page-row.ts). A row whose field stamps travelled as one stamp says so (oneStamp):
 * the merge stores it short (db/stamps.ts), and only a row stored at length gets the JSON
 * text of every column's stamp, built from one template per table or per set of stamped
 * columns. The page's largest stamp is found on the way, so the clock observes it once. A
 * format 3 page leaves business_id out of its rows: they are all the page's business's.
 */
export function decodePage(page: PullPage, businessId: string): { rows: PulledRow[]; maxStamp: string | null } {
  const rows: PulledRow[] = [];
  let maxStamp: string | null = null;
  for (const t of page.tables ?? []) {
    const seqAt = t.columns.indexOf('seq');
    const stampsAt = t.columns.indexOf('field_stamps');
    const part = new PagePart(t.table as SyncedTable, t.columns, seqAt, t.columns.includes('business_id') ? null : businessId, stampsAt);
    const templates = new StampTemplates(t);
    // Rows are read where they lie (page-row.ts): only their stamps are looked at here.
    for (const values of t.rows) {
      const stamps = stampsAt >= 0 ? values[stampsAt] : null;
      let parts: readonly string[] | undefined;
      let oneStamp: PulledRow['oneStamp'];
      if (typeof stamps === 'string') {
        const every = templates.every();
        parts = every.parts;
        oneStamp = { stamp: stamps, columns: every.columns };
        if (maxStamp === null || stamps > maxStamp) maxStamp = stamps;
      } else if (Array.isArray(stamps)) {
        const [stamp, keys] = stamps as unknown[];
        const some = typeof stamp === 'string' && typeof keys === 'number' ? templates.some(keys) : null;
        // Keys that name no column stay as they came: the column rules set the row aside.
        if (some) {
          parts = some.parts;
          oneStamp = { stamp: stamp as string, columns: some.columns };
          if (maxStamp === null || (stamp as string) > maxStamp) maxStamp = stamp as string;
        }
      } else if (stamps && typeof stamps === 'object') {
        for (const s of Object.values(stamps as Record<string, string>)) if (typeof s === 'string' && (maxStamp === null || s > maxStamp)) maxStamp = s;
      }
      rows.push(new PageRow(part, values, Number(values[seqAt]), oneStamp, parts));
    }
  }
  return { rows, maxStamp };
}

/**
 * `{"created_at":<stamp>,...}` split where the stamp goes: for every stamped column of the
 * table, or for the columns whose bits are set in a row's stamp keys (format 3).
 */
class StampTemplates {
  private all: StampTemplate | null = null;
  private readonly byKeys = new Map<number, StampTemplate | null>();

  constructor(private readonly t: PageTable) {}

  every(): StampTemplate {
    this.all ??= template(this.t.columns.filter((c) => !UNSTAMPED.has(c)));
    return this.all;
  }

  /** Null when the keys name no column of the page, or a bit no column of it has. */
  some(keys: number): StampTemplate | null {
    let parts = this.byKeys.get(keys);
    if (parts === undefined) {
      parts = null;
      if (Number.isSafeInteger(keys) && keys > 0) {
        const bits = this.t.bits ?? [];
        // Bits up to 52 (the server sends no higher) are exact in a double: tested by division.
        const has = (bit: unknown) => typeof bit === 'number' && Math.floor(keys / 2 ** bit) % 2 === 1;
        const columns = this.t.columns.filter((c, i) => !UNSTAMPED.has(c) && has(bits[i]));
        const named = bits.reduce<number>((sum, bit, i) => (has(bit) && !UNSTAMPED.has(this.t.columns[i]!) ? sum + 2 ** bit! : sum), 0);
        if (columns.length && named === keys) parts = template(columns);
      }
      this.byKeys.set(keys, parts);
    }
    return parts;
  }
}

/** The stamped columns, and their stamps' JSON text split where the one stamp goes. */
interface StampTemplate {
  columns: readonly string[];
  parts: string[];
}

function template(columns: readonly string[]): StampTemplate {
  return { columns, parts: JSON.stringify(Object.fromEntries(columns.map((c) => [c, 'LENDEN_STAMP_PLACEHOLDER']))).split(PLACEHOLDER) };
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
