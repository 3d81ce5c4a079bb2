// The project's JWT secret and its two API keys (anon, service_role), as hosted Supabase shows
// them in the dashboard. They are kept in the database itself, so a stand-in restarted on a kept
// data folder answers to the same anon key (a device configured against it keeps syncing),
// while a fresh folder gets a fresh secret. Keys are signed once and reused, not re-signed on
// each start: a new `iat` would make a different key from the same secret.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { signJwt, verifyJwt } from './jwt';

export interface ProjectKeys {
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
}

const TEN_YEARS_S = 10 * 365 * 24 * 3600;

// Private to the stand-in: no API role has any grant on it and PostgREST serves only `public`.
const SETUP_SQL = `
create schema if not exists lenden_local;
revoke all on schema lenden_local from public;
create table if not exists lenden_local.settings (name text primary key, value text not null);
`;

/**
 * The keys of this database: `givenSecret` when one is given, else the stored secret, else a
 * new random one; stored keys are reused while they verify with that secret.
 */
export async function loadOrCreateKeys(pool: pg.Pool, givenSecret: string | undefined): Promise<ProjectKeys> {
  const client = await pool.connect();
  try {
    await client.query(SETUP_SQL);
    await client.query('begin');
    // One writer at a time if two stand-ins share a kept cluster.
    await client.query(`select pg_advisory_xact_lock(hashtext('lenden_local.settings'))`);
    const rows = await client.query<{ name: string; value: string }>('select name, value from lenden_local.settings');
    const stored = new Map(rows.rows.map((r) => [r.name, r.value]));
    const jwtSecret = givenSecret ?? stored.get('jwt_secret') ?? randomBytes(32).toString('hex');
    const keyFor = (role: 'anon' | 'service_role'): string => {
      const kept = stored.get(`${role}_key`);
      if (kept && isValidKey(kept, jwtSecret, role)) return kept;
      const now = Math.floor(Date.now() / 1000);
      return signJwt({ iss: 'supabase-demo', role, iat: now, exp: now + TEN_YEARS_S }, jwtSecret);
    };
    const keys: ProjectKeys = { jwtSecret, anonKey: keyFor('anon'), serviceRoleKey: keyFor('service_role') };
    const values: Array<[string, string]> = [
      ['jwt_secret', keys.jwtSecret],
      ['anon_key', keys.anonKey],
      ['service_role_key', keys.serviceRoleKey],
    ];
    for (const [name, value] of values) {
      await client.query(
        'insert into lenden_local.settings (name, value) values ($1, $2) on conflict (name) do update set value = excluded.value',
        [name, value],
      );
    }
    await client.query('commit');
    return keys;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

function isValidKey(token: string, secret: string, role: string): boolean {
  try {
    return verifyJwt(token, secret).role === role;
  } catch {
    return false;
  }
}
