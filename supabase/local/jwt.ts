// HS256 JSON Web Tokens with node:crypto (what GoTrue and PostgREST use with a shared secret).
import { createHmac, timingSafeEqual } from 'node:crypto';

export type JwtClaims = Record<string, unknown> & {
  sub?: string;
  role?: string;
  exp?: number;
  iat?: number;
  aud?: string;
  email?: string;
  session_id?: string;
};

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function signJwt(claims: JwtClaims, secret: string): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${sig}`;
}

/** Returns the claims of a valid, unexpired token, or throws an Error saying why not. */
export function verifyJwt(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('invalid JWT: token is malformed');
  const [header, body, sig] = parts as [string, string, string];
  let head: { alg?: string };
  try {
    head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
  } catch {
    throw new Error('invalid JWT: header is not JSON');
  }
  if (head.alg !== 'HS256') throw new Error('invalid JWT: signing method must be HS256');
  const expected = createHmac('sha256', secret).update(`${header}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new Error('invalid JWT: signature is invalid');
  }
  let claims: JwtClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as JwtClaims;
  } catch {
    throw new Error('invalid JWT: claims are not JSON');
  }
  if (typeof claims !== 'object' || claims === null) throw new Error('invalid JWT: claims are not an object');
  if (typeof claims.exp === 'number' && claims.exp <= nowSeconds) throw new Error('invalid JWT: token has expired');
  return claims;
}
