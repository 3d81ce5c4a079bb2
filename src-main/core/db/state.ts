import type { Sqlite } from './open';

/** Small key/value store of this device's sync and identity state (table sync_state). */
export class DeviceState {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Sqlite) {
    this.getStmt = db.prepare('SELECT value FROM sync_state WHERE key = ?');
    this.setStmt = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  get(key: string): string | null {
    const row = this.getStmt.get(key) as { value: string } | undefined;
    return row ? row.value : null;
  }

  set(key: string, value: string): void {
    this.setStmt.run(key, value);
  }
}
