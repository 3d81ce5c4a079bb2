import type { Sqlite } from '../db/open';
import { BALANCES_HELD, fixLastEntryDates, mark } from '../db/party-balances';

/**
 * The entries a bulk page inserted, summed per party as the per-row balance trigger would
 * have added them (drizzle 0010_bulk_pull), and added to the balances in one upsert per party.
 */
export class BalanceDeltas {
  private readonly parties = new Map<string, PartyDelta>();

  get size(): number {
    return this.parties.size;
  }

  /** An inserted entry; `value` reads its columns (page-row.ts: a pulled row need not be an object). */
  add(value: (column: string) => unknown): void {
    const deletedAt = value('deleted_at');
    if (deletedAt !== null && deletedAt !== undefined) return;
    const amount = Number(value('amount_paise'));
    const direction = value('direction');
    const gave = direction === 'gave';
    const p = this.party(String(value('party_id')), value('business_id'), value('party_type'));
    p.balance += gave ? amount : -amount;
    if (gave) p.gave += amount;
    else if (direction === 'got') p.got += amount;
    p.count += 1;
    const entryDate = value('entry_date');
    const date = typeof entryDate === 'string' ? entryDate : null;
    if (date !== null && (p.last === null || date > p.last)) p.last = date;
  }

  /** Adds another page's sums to these (every part of a balance is a sum, or a latest date). */
  merge(other: BalanceDeltas): void {
    for (const [id, o] of other.parties) {
      const p = this.party(id, o.business, o.type);
      p.balance += o.balance;
      p.gave += o.gave;
      p.got += o.got;
      p.count += o.count;
      if (o.last !== null && (p.last === null || o.last > p.last)) p.last = o.last;
    }
  }

  store(db: Sqlite): void {
    if (!this.parties.size) return;
    const upsert = db.prepare(
      `INSERT INTO party_balances (party_id, business_id, party_type, balance_paise, gave_paise, got_paise, entry_count, last_entry_date)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(party_id) DO UPDATE SET
         balance_paise = balance_paise + excluded.balance_paise,
         gave_paise = gave_paise + excluded.gave_paise,
         got_paise = got_paise + excluded.got_paise,
         entry_count = entry_count + excluded.entry_count,
         last_entry_date = CASE WHEN last_entry_date IS NULL OR excluded.last_entry_date > last_entry_date
                                THEN excluded.last_entry_date ELSE last_entry_date END`,
    );
    for (const [id, p] of this.parties) upsert.run(id, p.business, p.type, p.balance, p.gave, p.got, p.count, p.last);
  }

  /** The parties these sums are of. */
  partyIds(): IterableIterator<string> {
    return this.parties.keys();
  }

  /**
   * Gives each party of these sums its row in party_balances (zeros), as a party's own insert
   * does, unless it is in `known`. While the sums are held, a pulled edit of one of their
   * entries subtracts its old amount from that row: with no row there, the subtraction would
   * be lost (a party renamed lately arrives after its entries).
   */
  ensureRows(db: Sqlite, known: ReadonlySet<string>): void {
    const make = db.prepare(
      `INSERT OR IGNORE INTO party_balances (party_id, business_id, party_type, balance_paise, gave_paise, got_paise, entry_count, last_entry_date)
       VALUES (?, ?, ?, 0, 0, 0, 0, NULL)`,
    );
    for (const [id, p] of this.parties) if (!known.has(id)) make.run(id, p.business, p.type);
  }

  private party(id: string, business: unknown, type: unknown): PartyDelta {
    let p = this.parties.get(id);
    if (!p) this.parties.set(id, (p = { business, type, balance: 0, gave: 0, got: 0, count: 0, last: null }));
    return p;
  }
}

interface PartyDelta {
  business: unknown;
  type: unknown;
  balance: number;
  gave: number;
  got: number;
  count: number;
  last: string | null;
}

/** How long a pull holds its new entries' balances back, at most, between two additions. */
const HOLD_MS = 1_000;

/**
 * A pull's bulk pages add their new entries to the parties' balances about once a second, not
 * page by page. A page of 2,500 entries moves the balances of up to 2,500 parties: upserting
 * them at every page cost a new device's first sync about a tenth of its time, and every commit
 * wrote those balance pages to the WAL again. The screens show balances at most that second
 * behind while a large pull runs (they are partial until it ends anyway).
 *
 * Every part of a balance is a sum (or a latest date), so the entries' triggers that run
 * meanwhile (a pulled edit, a sale made at the counter) add to the same rows in any order. A
 * page's transaction records that balances are held (BALANCES_HELD) and the addition forgets
 * it in its own: if the app stops in between, the next start rebuilds the balances from the
 * entries (db/party-balances.ts).
 *
 * One per database (heldBalancesOf): "Sync now" starts a new round while the one it abandoned
 * is still on its way out, so two pulls can overlap for a moment. Both hold into the same sums,
 * and a pull rebuilds from the entries only when nothing is held in this process: a rebuild
 * while another pull's sums were held would count their entries twice.
 */
export class HeldBalances {
  private held = new BalanceDeltas();
  private since = performance.now();
  /** Parties whose balance row is known to be there since the last addition. */
  private rowed = new Set<string>();

  constructor(private readonly db: Sqlite) {}

  /** Whether sums of committed pages wait to be added. */
  get holding(): boolean {
    return this.held.size > 0;
  }

  /** Inside a page's transaction, whose sums `page` are: the mark goes in with the page. */
  holdIn(page: BalanceDeltas): void {
    if (!page.size) return;
    page.ensureRows(this.db, this.rowed);
    mark(this.db, BALANCES_HELD);
  }

  /** That page has committed: its sums are held from now on. */
  taken(page: BalanceDeltas): void {
    if (!page.size) return;
    if (!this.holding) this.since = performance.now();
    this.held.merge(page);
    for (const id of page.partyIds()) this.rowed.add(id);
  }

  /**
   * Adds what is held to the balances once it has waited `everyMs` (always, with `now`); true
   * when it did. If the addition fails, the sums stay held (its transaction left nothing).
   */
  release(now = false, everyMs: number = HOLD_MS): boolean {
    if (!this.holding || (!now && performance.now() - this.since < everyMs)) return false;
    this.db.transaction(() => {
      this.held.store(this.db);
      fixLastEntryDates(this.db, this.held.partyIds());
      this.db.prepare('DELETE FROM sync_state WHERE key = ?').run(BALANCES_HELD);
    })();
    this.held = new BalanceDeltas();
    this.rowed = new Set();
    return true;
  }
}

const perDatabase = new WeakMap<Sqlite, HeldBalances>();

/** The held balances of this database (one per database, whichever pull holds into them). */
export function heldBalancesOf(db: Sqlite): HeldBalances {
  let held = perDatabase.get(db);
  if (!held) perDatabase.set(db, (held = new HeldBalances(db)));
  return held;
}
