import { describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { contract, LendenError, METHOD_NAMES, type Handlers } from '../../contract';
import { dispatch } from './dispatch';

// dispatch on its own, with stand-in handlers: how every failure becomes data.
const handlersWith = (impl: (input: unknown) => unknown): Handlers =>
  Object.fromEntries(METHOD_NAMES.map((name) => [name, impl])) as unknown as Handlers;
const validGet = { type: 'customer', id: '0190f5e2-7b3c-7d4e-8f00-123456789abc' };

describe('dispatch', () => {
  it('answers unknown method names with NOT_FOUND without calling anything', async () => {
    const handler = vi.fn();
    const names: unknown[] = ['', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'PARTIES.GET', 'parties.get ', 'parties', 42, null, undefined, {}, ['parties.get'], Symbol('x'), 'x'.repeat(100_000)];
    for (const name of names) {
      const result = await dispatch(handlersWith(handler), name, validGet);
      expect(result, String(typeof name === 'symbol' ? 'symbol' : name).slice(0, 40)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      if (!result.ok) expect(result.error.message.length).toBeLessThan(120);
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('validates input with the contract schema and passes the parsed value on', async () => {
    const handler = vi.fn((input: unknown) => input);
    const ok = await dispatch(handlersWith(handler), 'parties.list', { type: 'customer', search: ' x ' });
    expect(ok).toEqual({ ok: true, value: { type: 'customer', search: ' x ', filter: 'all', sort: 'name', includeDeleted: false, offset: 0, limit: 200 } });
    const bad = await dispatch(handlersWith(handler), 'parties.list', { type: 'vendor', limit: 0, extra: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('VALIDATION');
      expect(Object.keys(bad.error.fields ?? {}).sort()).toEqual(['_', 'limit', 'type']);
    }
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('treats a missing input as an empty object', async () => {
    const handler = vi.fn(() => 'done');
    expect(await dispatch(handlersWith(handler), 'settings.get', undefined)).toEqual({ ok: true, value: 'done' });
    expect(handler).toHaveBeenCalledWith({});
  });

  it('turns undefined results into null so they survive structured clone and JSON', async () => {
    expect(await dispatch(handlersWith(() => undefined), 'parties.get', validGet)).toEqual({ ok: true, value: null });
  });

  it('refuses inputs over the size limit and inputs that cannot be measured', async () => {
    const handler = vi.fn();
    const huge = await dispatch(handlersWith(handler), 'parties.list', { type: 'customer', search: 'x'.repeat(5 * 1024 * 1024) });
    expect(huge).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const cyclic: Record<string, unknown> = { type: 'customer' };
    cyclic.self = cyclic;
    expect(await dispatch(handlersWith(handler), 'parties.list', cyclic)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatch(handlersWith(handler), 'parties.list', { type: 'customer', limit: 10n })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes LendenErrors through with their code and fields', async () => {
    const result = await dispatch(
      handlersWith(() => {
        throw new LendenError('CONFLICT', 'Taken.', { name: 'Already used.' });
      }),
      'parties.get',
      validGet,
    );
    expect(result).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'Taken.', fields: { name: 'Already used.' } } });
  });

  it('reports async rejections the same way as throws', async () => {
    const result = await dispatch(handlersWith(async () => Promise.reject(new LendenError('NOT_FOUND', 'Gone.'))), 'parties.get', validGet);
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'Gone.' } });
  });

  it('hides unexpected errors behind INTERNAL and logs them', async () => {
    const log = vi.fn();
    for (const thrown of [new Error('secret path /home/x'), 'a string', null, { code: 'VALIDATION' }]) {
      const result = await dispatch(
        handlersWith(() => {
          throw thrown;
        }),
        'parties.get',
        validGet,
        log,
      );
      expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/Nothing was saved/) } });
    }
    expect(log).toHaveBeenCalledTimes(4);
  });

  it('reports a unique constraint failure as CONFLICT', async () => {
    const result = await dispatch(
      handlersWith(() => {
        throw Object.assign(new Error('UNIQUE constraint failed: bills.invoice_number'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
      }),
      'parties.get',
      validGet,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  // BUG (dispatch.ts): z.object() accepts any non-array object, so for methods whose fields are
  // all optional a Date, Map or Set passes validation as {} and reaches the handler (for
  // profile.update that writes a profile row). dispatch should refuse input whose prototype is
  // neither Object.prototype nor null. Flip to `it` once fixed.
  it('refuses non-plain objects for methods whose fields are all optional', async () => {
    const handler = vi.fn();
    const methods = METHOD_NAMES.filter((m) => (contract[m].input as z.ZodType).safeParse({}).success);
    expect(methods.length).toBeGreaterThan(0);
    for (const method of methods) {
      for (const input of [new Date(), new Map(), new Set(), /x/, new Uint8Array(2)]) {
        expect(await dispatch(handlersWith(handler), method, input), method).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      }
    }
    expect(handler).not.toHaveBeenCalled();
  });
});
