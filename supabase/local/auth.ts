// Auth, shaped like GoTrue's /auth/v1 as supabase-js uses it: sign-up, the password and
// refresh-token grants (with rotation and GoTrue's reuse interval), the user, sign-out.
// Users, sessions and refresh tokens live in the `auth` schema (bootstrap.ts); access tokens
// are HS256 JWTs with the project's secret, so PostgREST and Realtime accept them.
import type http from 'node:http';
import { randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { signJwt, verifyJwt, type JwtClaims } from './jwt';
import { HttpError, readJson, sendJson } from './util';

interface UserRow {
  id: string;
  email: string;
  encrypted_password: string;
  created_at: Date;
  updated_at: Date;
  email_confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
}

export interface Auth {
  /** Answers one /auth/v1 request; `route` is the path after /auth/v1. Throws HttpError. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, route: string, query: URLSearchParams): Promise<void>;
  createUser(email: string, password: string): Promise<{ id: string }>;
  /** The `iss` of access tokens: the gateway's URL, known once it listens. */
  setIssuer(iss: string): void;
}

function scrypt(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, 64, { N: 16384, r: 8, p: 1 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt);
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

async function checkPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  const key = await scrypt(password, salt);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

function userJson(u: UserRow): Record<string, unknown> {
  return {
    id: u.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: u.email,
    email_confirmed_at: u.email_confirmed_at?.toISOString() ?? null,
    confirmed_at: u.email_confirmed_at?.toISOString() ?? null,
    phone: '',
    last_sign_in_at: u.last_sign_in_at?.toISOString() ?? null,
    app_metadata: u.raw_app_meta_data ?? { provider: 'email', providers: ['email'] },
    user_metadata: u.raw_user_meta_data ?? {},
    identities: [],
    created_at: u.created_at.toISOString(),
    updated_at: u.updated_at.toISOString(),
    is_anonymous: false,
  };
}

function bearer(req: http.IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h);
  return m?.[1]?.trim();
}

export function createAuth(deps: { pool: pg.Pool; jwtSecret: string; jwtExpiry: number }): Auth {
  const { pool, jwtSecret, jwtExpiry } = deps;
  let issuer = '';

  async function createUser(email: string, password: string, meta: Record<string, unknown> = {}): Promise<{ id: string }> {
    const normalized = String(email).trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalized)) throw new HttpError(400, 'validation_failed', 'Unable to validate email address: invalid format');
    if (typeof password !== 'string' || password.length < 6) {
      throw new HttpError(422, 'weak_password', 'Password should be at least 6 characters.');
    }
    const hash = await hashPassword(password);
    try {
      const r = await pool.query<{ id: string }>(
        'insert into auth.users (email, encrypted_password, raw_user_meta_data) values ($1, $2, $3) returning id',
        [normalized, hash, meta],
      );
      return { id: r.rows[0]!.id };
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new HttpError(422, 'user_already_exists', 'User already registered');
      throw err;
    }
  }

  async function issueSession(user: UserRow, sessionId?: string): Promise<Record<string, unknown>> {
    const sid = sessionId ?? randomUUID();
    if (!sessionId) await pool.query('insert into auth.sessions (id, user_id) values ($1, $2)', [sid, user.id]);
    const refresh = randomBytes(18).toString('base64url');
    await pool.query('insert into auth.refresh_tokens (token, user_id, session_id) values ($1, $2, $3)', [refresh, user.id, sid]);
    return sessionJson(user, sid, refresh);
  }

  function sessionJson(user: UserRow, sid: string, refresh: string): Record<string, unknown> {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + jwtExpiry;
    const accessToken = signJwt(
      {
        iss: issuer,
        sub: user.id,
        aud: 'authenticated',
        exp,
        iat,
        email: user.email,
        phone: '',
        app_metadata: user.raw_app_meta_data ?? { provider: 'email', providers: ['email'] },
        user_metadata: user.raw_user_meta_data ?? {},
        role: 'authenticated',
        aal: 'aal1',
        amr: [{ method: 'password', timestamp: iat }],
        session_id: sid,
        is_anonymous: false,
      },
      jwtSecret,
    );
    return { access_token: accessToken, token_type: 'bearer', expires_in: jwtExpiry, expires_at: exp, refresh_token: refresh, user: userJson(user) };
  }

  async function findUserByEmail(email: string): Promise<UserRow | undefined> {
    const r = await pool.query<UserRow>('select * from auth.users where lower(email) = lower($1)', [String(email).trim()]);
    return r.rows[0];
  }

  async function findUserById(id: string): Promise<UserRow | undefined> {
    const r = await pool.query<UserRow>('select * from auth.users where id = $1', [id]);
    return r.rows[0];
  }

  function userClaims(req: http.IncomingMessage): JwtClaims {
    const token = bearer(req);
    if (!token) throw new HttpError(401, 'no_authorization', 'This endpoint requires a Bearer token');
    let claims: JwtClaims;
    try {
      claims = verifyJwt(token, jwtSecret);
    } catch (err) {
      throw new HttpError(403, 'bad_jwt', (err as Error).message);
    }
    if (claims.role !== 'authenticated' || typeof claims.sub !== 'string') {
      throw new HttpError(403, 'bad_jwt', 'invalid claim: missing sub claim');
    }
    return claims;
  }

  async function refreshGrant(res: http.ServerResponse, token: string): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const r = await client.query<{ id: string; user_id: string; session_id: string; revoked: boolean; updated_at: Date }>(
        'select id, user_id, session_id, revoked, updated_at from auth.refresh_tokens where token = $1 for update',
        [token],
      );
      const row = r.rows[0];
      if (!row) throw new HttpError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
      const user = await findUserById(row.user_id);
      if (!user) throw new HttpError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
      let next: string;
      if (row.revoked) {
        // GoTrue's reuse interval: a token rotated within the last 10 s answers with the
        // session's active token (two tabs refreshing at once); otherwise it is a reuse.
        const active = await client.query<{ token: string }>(
          'select token from auth.refresh_tokens where session_id = $1 and not revoked order by id desc limit 1',
          [row.session_id],
        );
        if (Date.now() - row.updated_at.getTime() > 10_000 || !active.rows[0]) {
          throw new HttpError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
        }
        next = active.rows[0].token;
      } else {
        next = randomBytes(18).toString('base64url');
        await client.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [row.id]);
        await client.query('insert into auth.refresh_tokens (token, user_id, session_id, parent) values ($1, $2, $3, $4)', [
          next,
          row.user_id,
          row.session_id,
          token,
        ]);
      }
      await client.query('commit');
      sendJson(res, 200, sessionJson(user, row.session_id, next));
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, route: string, query: URLSearchParams): Promise<void> {
    res.setHeader('X-Supabase-Api-Version', '2024-01-01');
    if (route === '/signup' && req.method === 'POST') {
      const body = await readJson(req);
      const meta = (body.data && typeof body.data === 'object' ? body.data : {}) as Record<string, unknown>;
      const { id } = await createUser(String(body.email ?? ''), String(body.password ?? ''), meta);
      await pool.query('update auth.users set last_sign_in_at = now() where id = $1', [id]);
      sendJson(res, 200, await issueSession((await findUserById(id))!));
      return;
    }
    if (route === '/token' && req.method === 'POST') {
      const grant = query.get('grant_type');
      const body = await readJson(req);
      if (grant === 'password') {
        const user = await findUserByEmail(String(body.email ?? ''));
        if (!user || !(await checkPassword(String(body.password ?? ''), user.encrypted_password))) {
          throw new HttpError(400, 'invalid_credentials', 'Invalid login credentials');
        }
        await pool.query('update auth.users set last_sign_in_at = now() where id = $1', [user.id]);
        sendJson(res, 200, await issueSession((await findUserById(user.id))!));
        return;
      }
      if (grant === 'refresh_token') {
        await refreshGrant(res, String(body.refresh_token ?? ''));
        return;
      }
      throw new HttpError(400, 'validation_failed', `unsupported grant_type: ${grant ?? 'none'}`);
    }
    if (route === '/user' && req.method === 'GET') {
      const claims = userClaims(req);
      if (claims.session_id) {
        const s = await pool.query('select 1 from auth.sessions where id = $1', [claims.session_id]);
        if (!s.rowCount) throw new HttpError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
      }
      const user = await findUserById(String(claims.sub));
      if (!user) throw new HttpError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
      sendJson(res, 200, userJson(user));
      return;
    }
    if (route === '/logout' && req.method === 'POST') {
      const claims = userClaims(req);
      const scope = query.get('scope') ?? 'global';
      if (scope === 'local') {
        await pool.query('delete from auth.sessions where id = $1', [claims.session_id ?? null]);
      } else if (scope === 'others') {
        await pool.query('delete from auth.sessions where user_id = $1 and id <> $2', [claims.sub, claims.session_id ?? null]);
      } else {
        await pool.query('delete from auth.sessions where user_id = $1', [claims.sub]);
      }
      res.writeHead(204);
      res.end();
      return;
    }
    if ((route === '/health' || route === '/settings') && req.method === 'GET') {
      sendJson(res, 200, route === '/health' ? { name: 'GoTrue (lenden local)', version: 'local' } : { external: { email: true }, disable_signup: false, mailer_autoconfirm: true });
      return;
    }
    throw new HttpError(404, 'not_found', `no auth route ${req.method ?? ''} ${route}`);
  }

  return {
    handle,
    createUser: (email, password) => createUser(email, password),
    setIssuer: (iss) => {
      issuer = iss;
    },
  };
}
