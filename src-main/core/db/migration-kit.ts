import fs from 'node:fs';
import path from 'node:path';
import type { Sqlite } from './open';
import { repoMigrationsFolder } from './paths';

// For the migration tests: a database is brought to the schema before a migration by running
// the earlier migration files exactly as drizzle runs them, then filled with data, then upgraded.

const folder = repoMigrationsFolder();

/** The SQLite migrations in the order they run (drizzle's journal). */
export const migrationTags: string[] = (JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] }).entries
  .sort((a, b) => a.idx - b.idx)
  .map((e) => e.tag);

/** Runs one migration file as drizzle does: its statements, in one transaction. */
export function applyMigration(db: Sqlite, tag: string): void {
  db.transaction(() =>
    fs
      .readFileSync(path.join(folder, `${tag}.sql`), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter(Boolean)
      .forEach((s) => db.exec(s)),
  )();
}

/** Every row of these tables, by table: what a migration that changes no data must leave as it found. */
export function rowsOf(db: Sqlite, tables: readonly string[]): Record<string, unknown[]> {
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).all()]));
}
