import { SYNCED_TABLES } from '../db/schema';
import type { SyncContext } from './context';
import { FIRST_PULL } from './first-pull';
import { heldBalancesOf } from './held-balances';
import { decodeHistory, decodePage } from './page';
import { applyPage, historyCursor } from './store-page';
import type { PageTable, PullPage } from './wire';

/**
 * A small push's page, sent by the server with its poke (20261214000000_poke_page): exactly the
 * page a pull from `since` would return right after that push, rows and edit history, format 3.
 */
export interface PokedPage {
  since: number;
  page: PullPage;
}

const TABLES: ReadonlySet<string> = new Set(SYNCED_TABLES);
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The page a broadcast carries, or null when it is not one this device can store as it is: a
 * page of another business, another format, more to come, or anything malformed. A null costs
 * nothing: the poke that follows the page makes the device pull, as without pages. The rows'
 * values are checked later, like any pulled row's (column-rules.ts).
 */
export function readPokedPage(message: unknown, businessId: string): PokedPage | null {
  if (!message || typeof message !== 'object') return null;
  const m = message as Record<string, unknown>;
  if (m.business_id !== businessId || !isSeq(m.since) || !m.page || typeof m.page !== 'object') return null;
  const page = m.page as Record<string, unknown>;
  const since = m.since;
  const last = page.last_seq;
  if (page.format !== 3 || page.more !== false || !isSeq(last) || last <= since || !isSeq(page.head_seq) || page.head_seq < last) return null;
  if (!Array.isArray(page.tables) || !page.tables.every((t) => isTable(t, since, last))) return null;
  // The history is required: storing the page moves the history cursor with the rows.
  const history = page.history;
  if (!Array.isArray(history) || !history.every((o) => Array.isArray(o) && o.length >= 9 && typeof o[0] === 'string')) return null;
  return { since, page: page as unknown as PullPage };
}

function isTable(t: unknown, since: number, last: number): t is PageTable {
  if (!t || typeof t !== 'object') return false;
  const { table, columns, bits, rows } = t as Record<string, unknown>;
  if (typeof table !== 'string' || !TABLES.has(table)) return false;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string') || new Set(columns).size !== columns.length) return false;
  const seqAt = columns.indexOf('seq');
  if (seqAt < 0 || !columns.includes('id')) return false;
  if (bits !== undefined && bits !== null && !(Array.isArray(bits) && bits.length === columns.length && bits.every((b) => b === null || (Number.isInteger(b) && b >= 0 && b <= 52)))) return false;
  if (!Array.isArray(rows)) return false;
  return rows.every((r) => Array.isArray(r) && r.length === columns.length && isSeq(r[seqAt]) && r[seqAt] > since && r[seqAt] <= last);
}

/**
 * Store a poked page if it continues this device's rows exactly where they stand: its cursor
 * is where the page starts, the edit history is caught up to there (the page carries the
 * history too), and no first pull is half done or holding balances back. Stored like a pulled
 * page: rows, history and cursor in one transaction. False when it was not stored (the poke
 * then makes the device pull).
 */
export function storePokedPage(ctx: SyncContext, message: unknown): boolean {
  const poked = readPokedPage(message, ctx.core.businessId);
  return poked ? storeReadPage(ctx, poked) : false;
}

/** storePokedPage for a page already read (readPokedPage). */
export function storeReadPage(ctx: SyncContext, poked: PokedPage): boolean {
  const { core } = ctx;
  const cursor = Number(core.state.get('pull_cursor') ?? '0');
  if (poked.since !== cursor || cursor === 0 || historyCursor(ctx) < cursor) return false;
  if (core.state.get(FIRST_PULL) === '1' || heldBalancesOf(core.db).holding) return false;
  const { page } = poked;
  const { rows, maxStamp } = decodePage(page, core.businessId);
  applyPage(ctx, { rows, history: decodeHistory(page.history), last_seq: page.last_seq, head_seq: page.head_seq, more: false }, maxStamp, true);
  return true;
}
