import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeConnectionCode, encodeConnectionCode } from './connection-code';
import { syncContract } from './sync';

const settings = { url: 'https://abcdefgh.supabase.co', anonKey: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJl' };

describe('connection code', () => {
  it('round-trips the server address and key', () => {
    const code = encodeConnectionCode(settings);
    expect(code).toMatch(/^LDN1\.[A-Za-z0-9_-]+\.[0-9A-Z]{6}$/);
    expect(decodeConnectionCode(code)).toEqual({ ok: true, ...settings });
    // pasted from a chat: wrapped over lines, with spaces around
    expect(decodeConnectionCode(`  ${code.slice(0, 40)}\n${code.slice(40)} `)).toEqual({ ok: true, ...settings });
    const local = { url: 'http://127.0.0.1:54321', anonKey: 'x'.repeat(40) };
    expect(decodeConnectionCode(encodeConnectionCode(local))).toEqual({ ok: true, ...local });
  });

  it('round-trips any address and key', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['https'] }).filter((u) => u.length <= 300), fc.string({ minLength: 20, maxLength: 400 }), (url, anonKey) => {
        expect(decodeConnectionCode(encodeConnectionCode({ url, anonKey }))).toEqual({ ok: true, url, anonKey });
      }),
      { numRuns: 60 },
    );
  });

  it('refuses garbage, a cut-short code and a changed character', () => {
    const code = encodeConnectionCode(settings);
    expect(decodeConnectionCode('')).toMatchObject({ ok: false, error: 'empty' });
    for (const bad of ['hello', 'https://abcdefgh.supabase.co', settings.anonKey, 'LDN1.abc', 'XYZ9.abc.def']) expect(decodeConnectionCode(bad)).toMatchObject({ ok: false, error: 'notACode' });
    expect(decodeConnectionCode(code.slice(0, -1))).toMatchObject({ ok: false, error: 'damaged' });
    const parts = code.split('.');
    expect(decodeConnectionCode(`${parts[0]}.${parts[1]!.slice(0, -5)}.${parts[2]}`)).toMatchObject({ ok: false, error: 'damaged' });
    const flipped = parts[1]!.replace(/[A-Za-z]/, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()));
    expect(decodeConnectionCode(`${parts[0]}.${flipped}.${parts[2]}`)).toMatchObject({ ok: false, error: 'damaged' });
    expect(decodeConnectionCode(encodeConnectionCode({ url: 'http://example.com', anonKey: settings.anonKey }))).toMatchObject({ ok: false, error: 'server' });
    expect(decodeConnectionCode(encodeConnectionCode({ url: settings.url, anonKey: 'short' }))).toMatchObject({ ok: false, error: 'damaged' });
  });

  it('is checked at the boundary: account.connect takes only a good code', () => {
    const schema = syncContract['account.connect'].input;
    expect(schema.safeParse({ code: encodeConnectionCode(settings) })).toMatchObject({ success: true, data: { code: settings } });
    const bad = schema.safeParse({ code: 'garbage' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/not a Lenden connection code/);
  });
});
