import { describe, expect, it } from 'vitest';
import { describeError, readFromCore, readToCore } from './protocol';

describe('messages to the core thread', () => {
  it('accepts calls with any method and input: the core dispatch judges those', () => {
    expect(readToCore({ kind: 'call', id: 1, method: 'parties.create', input: { name: 'Asha' } })).toMatchObject({ ok: true });
    expect(readToCore({ kind: 'call', id: 2, method: 42, input: null })).toMatchObject({ ok: true });
    expect(readToCore({ kind: 'close' })).toEqual({ ok: true, message: { kind: 'close' } });
    expect(readToCore({ kind: 'call', id: 3, method: 'app.info', input: {}, json: true })).toMatchObject({ ok: true });
    // Only the fields a ping has are kept.
    expect(readToCore({ kind: 'ping', id: 4, extra: 'x' })).toEqual({ ok: true, message: { kind: 'ping', id: 4 } });
  });

  it.each([
    ['not an object', 'hello', /must be an object/],
    ['an array', [1, 2], /must be an object/],
    ['null', null, /must be an object/],
    ['no kind', { id: 1 }, /unknown message without a kind/],
    ['an unknown kind', { kind: 'drop-tables' }, /unknown message "drop-tables"/],
    ['a call without an id', { kind: 'call', method: 'app.info' }, /positive whole-number id/],
    ['a call with a fractional id', { kind: 'call', id: 1.5, method: 'app.info' }, /positive whole-number id/],
    ['a call with a negative id', { kind: 'call', id: -3, method: 'app.info' }, /positive whole-number id/],
    ['a secret answer without a result', { kind: 'secret-answer', id: 1, persistent: true }, /result and persistent/],
    ['a secret answer with a made-up error code', { kind: 'secret-answer', id: 1, persistent: true, result: { ok: false, error: { code: 'OOPS', message: 'x' } } }, /result and persistent/],
    ['a test hook without a name', { kind: 'test-hook', id: 1 }, /id and a name/],
    ['a ping without an id', { kind: 'ping' }, /ping needs a positive whole-number id/],
  ])('refuses %s with a clear reason', (_label, raw, why) => {
    const read = readToCore(raw);
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.why).toMatch(why);
  });
});

describe('messages from the core thread', () => {
  it('accepts results, contract events, secret requests and log lines', () => {
    expect(readFromCore({ kind: 'result', id: 3, result: { ok: true, value: null } }).ok).toBe(true);
    expect(readFromCore({ kind: 'result', id: 3, result: { ok: false, error: { code: 'NOT_FOUND', message: 'gone' } } }).ok).toBe(true);
    expect(readFromCore({ kind: 'event', event: 'db.changed', payload: { tables: ['customers'] } }).ok).toBe(true);
    expect(readFromCore({ kind: 'event', event: 'sync.status', payload: { state: 'synced', pending: 0 } }).ok).toBe(true);
    expect(readFromCore({ kind: 'secret', id: 1, op: 'set', key: 'session', value: 'x' }).ok).toBe(true);
    expect(readFromCore({ kind: 'log', level: 'warn', message: 'careful' }).ok).toBe(true);
    for (const kind of ['ready', 'replaced', 'closed']) expect(readFromCore({ kind }).ok).toBe(true);
    expect(readFromCore({ kind: 'result-json', id: 2, json: new TextEncoder().encode('{"ok":true,"value":1}') }).ok).toBe(true);
    expect(readFromCore({ kind: 'pong', id: 2 }).ok).toBe(true);
  });

  it.each([
    ['an event the contract does not have', { kind: 'event', event: 'db.dropped', payload: {} }, /unknown event "db.dropped"/],
    ['an event without a payload', { kind: 'event', event: 'db.changed' }, /unknown event/],
    ['a result that is not a Result', { kind: 'result', id: 1, result: 'fine' }, /\{ok, value\}/],
    ['a result without a value', { kind: 'result', id: 1, result: { ok: true } }, /\{ok, value\}/],
    ['a failure with an unknown code', { kind: 'result', id: 1, result: { ok: false, error: { code: 'WHATEVER', message: 'x' } } }, /\{ok, value\}/],
    ['a secret set without a value', { kind: 'secret', id: 1, op: 'set', key: 'k' }, /value to set/],
    ['a secret op that does not exist', { kind: 'secret', id: 1, op: 'list', key: 'k' }, /get\/set\/delete/],
    ['a log line at an unknown level', { kind: 'log', level: 'shout', message: 'x' }, /level and a message/],
    ['open-failed without its reason', { kind: 'open-failed' }, /needs a message/],
    ['a JSON result that is text, not bytes', { kind: 'result-json', id: 1, json: '{"ok":true}' }, /JSON result needs an id and its bytes/],
    ['a pong for no ping', { kind: 'pong' }, /pong needs the id of its ping/],
    ['an unknown kind', { kind: 'eval', code: '1' }, /unknown message "eval"/],
  ])('refuses %s with a clear reason', (_label, raw, why) => {
    const read = readFromCore(raw);
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.why).toMatch(why);
  });
});

describe('describeError', () => {
  it('keeps the stack of an Error (a structured clone would drop it) and text of anything else', () => {
    expect(describeError(new TypeError('bad'))).toMatch(/^TypeError: bad\n\s+at /);
    expect(describeError('plain')).toBe('plain');
    expect(describeError({ code: 7 })).toBe('{"code":7}');
    expect(describeError(undefined)).toBeUndefined();
  });
});
