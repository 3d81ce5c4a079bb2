import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { Outgoing } from './outgoing';

/** A real server socket (the host's end, wrapped in Outgoing) and a real client reading it. */
async function pair(pieceBytes: number) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const serverSide = new Promise<WebSocket>((resolve) => wss.once('connection', (ws) => resolve(ws)));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`, { maxPayload: 64 * 1024 * 1024 });
  const messages: { text: string; isBinary: boolean }[] = [];
  client.on('message', (data, isBinary) => messages.push({ text: String(data), isBinary }));
  await new Promise((resolve) => client.once('open', resolve));
  const ws = await serverSide;
  cleanups.push(async () => {
    client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });
  const received = async (n: number) => {
    for (let i = 0; i < 500 && messages.length < n; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return messages;
  };
  return { out: new Outgoing(ws, pieceBytes), ws, client, received };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('Outgoing: what the browser shell sends a page', () => {
  it('sends a big reply in pieces, whole and byte for byte, with turns of the event loop between the pieces', async () => {
    const { out, received } = await pair(1_000);
    // Hindi is three bytes a letter in UTF-8: pieces of 1,000 bytes split letters, as real ones do.
    const body = JSON.stringify({ ok: true, value: { rows: Array.from({ length: 2_000 }, (_, i) => `खाता ${i} ₹${i * 7}`) } });
    const bytes = utf8(body);
    let turns = 0;
    let leaving = true;
    const tick = () => {
      turns++;
      if (leaving) setImmediate(tick);
    };
    setImmediate(tick);
    await out.reply(utf8('{"id":7,"result":'), bytes, utf8('}'));
    leaving = false;
    const messages = await received(1);
    expect(messages).toEqual([{ text: `{"id":7,"result":${body}}`, isBinary: false }]);
    // One turn at least after every piece but the last: the thread was free for other work.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(bytes.byteLength / 1_000));
  });

  it('keeps what is sent during a big reply behind it, in the order it was sent', async () => {
    const { out, received } = await pair(1_000);
    const body = JSON.stringify({ ok: true, value: 'x'.repeat(50_000) });
    const big = out.reply(utf8('{"id":1,"result":'), utf8(body), utf8('}'));
    out.send('{"event":"db.changed","payload":{"tables":["parties"]}}');
    const small = out.reply(utf8('{"id":2,"result":'), utf8('{"ok":true,"value":2}'), utf8('}'));
    out.send('{"event":"sync.status","payload":{"state":"synced"}}');
    await Promise.all([big, small]);
    expect((await received(4)).map((m) => m.text)).toEqual([
      `{"id":1,"result":${body}}`,
      '{"event":"db.changed","payload":{"tables":["parties"]}}',
      '{"id":2,"result":{"ok":true,"value":2}}',
      '{"event":"sync.status","payload":{"state":"synced"}}',
    ]);
  });

  it('sends small replies and events as whole messages, in order', async () => {
    const { out, received } = await pair(1_000);
    out.send('{"event":"a"}');
    void out.reply(utf8('{"id":3,"result":'), utf8('{"ok":true}'), utf8('}'));
    out.send('{"event":"b"}');
    expect((await received(3)).map((m) => m.text)).toEqual(['{"event":"a"}', '{"id":3,"result":{"ok":true}}', '{"event":"b"}']);
  });

  it('stops a big reply when the page goes away, without hanging or throwing, and drops what waits behind it', async () => {
    const { out, client } = await pair(1_000);
    const gone = new Promise((resolve) => client.once('close', resolve));
    const big = out.reply(utf8('{"id":1,"result":'), utf8(JSON.stringify('y'.repeat(500_000))), utf8('}'));
    client.terminate();
    out.send('{"event":"after"}');
    await gone;
    await expect(big).resolves.toBeUndefined();
    // Still usable: a later send to the closed socket is a no-op, not an exception.
    expect(() => out.send('{"event":"later"}')).not.toThrow();
    await expect(out.reply(utf8('{"id":2,"result":'), utf8('{}'), utf8('}'))).resolves.toBeUndefined();
  });
});
