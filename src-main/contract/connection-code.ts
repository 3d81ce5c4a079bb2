/**
 * The connection code: how a shop's second computer learns where the shop's sync server is,
 * without anyone typing a server address or key. The owner's computer shows it (as text and a
 * QR); the new computer pastes it. It is `LDN1.<payload>.<check>`: the payload is base64url of
 * {"u": server address, "k": the server's public key}, and the check is 6 base-36 characters of
 * a hash of the payload, so a code cut short or mistyped is refused instead of half-working.
 * The public key is the one every copy of the app holds; no secret travels in the code.
 */
export const CONNECTION_CODE_PREFIX = 'LDN1';

export const CONNECTION_CODE_MESSAGES = {
  empty: 'Paste the connection code from the shop’s first computer.',
  notACode: 'This is not a Lenden connection code. Copy the whole code from the shop’s first computer.',
  damaged: 'This connection code is incomplete or changed. Copy it again from the shop’s first computer.',
  server: 'This connection code points to a server Lenden cannot use safely (it must use https).',
} as const;
export type ConnectionCodeError = keyof typeof CONNECTION_CODE_MESSAGES;

export interface ConnectionSettings {
  url: string;
  anonKey: string;
}

/** FNV-1a, 32 bits: enough to catch a truncated or mistyped code (not a security measure). */
function check(payload: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < payload.length; i++) {
    h ^= payload.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0').slice(-6).toUpperCase();
}

const toBase64Url = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromBase64Url = (text: string): string => {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
};

/** A server address the app may connect to: https, or plain http only on this computer. */
export function isUsableServerUrl(url: string): boolean {
  return /^https:\/\/[^\s/]+/.test(url) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(url);
}

export function encodeConnectionCode(settings: ConnectionSettings): string {
  const payload = toBase64Url(JSON.stringify({ u: settings.url, k: settings.anonKey }));
  return `${CONNECTION_CODE_PREFIX}.${payload}.${check(payload)}`;
}

export function decodeConnectionCode(input: string): ({ ok: true } & ConnectionSettings) | { ok: false; error: ConnectionCodeError; message: string } {
  const fail = (error: ConnectionCodeError) => ({ ok: false as const, error, message: CONNECTION_CODE_MESSAGES[error] });
  // Codes pasted from a message may be wrapped over lines or carry spaces.
  const code = input.replace(/\s+/g, '');
  if (!code) return fail('empty');
  const parts = code.split('.');
  if (parts.length !== 3 || parts[0]!.toUpperCase() !== CONNECTION_CODE_PREFIX) return fail('notACode');
  const [, payload, sum] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || check(payload) !== sum.toUpperCase()) return fail('damaged');
  let data: unknown;
  try {
    data = JSON.parse(fromBase64Url(payload));
  } catch {
    return fail('damaged');
  }
  const { u, k } = (data ?? {}) as { u?: unknown; k?: unknown };
  if (typeof u !== 'string' || typeof k !== 'string' || k.length < 20 || k.length > 2000 || u.length > 300) return fail('damaged');
  if (!isUsableServerUrl(u)) return fail('server');
  return { ok: true, url: u, anonKey: k };
}
