import type { WebSocket } from 'ws';

/** A reply longer than this leaves in pieces of this size. */
export const PIECE_BYTES = 256 * 1024;

/** After whatever else is waiting for this thread (timers, other sockets, the core's messages). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Something to send: done at once, or a promise that settles once it has left. */
type Job = () => Promise<void> | void;

/**
 * What one page's socket sends, in order. A big reply (a 100,000-row XLSX export is 5.5 MB of
 * JSON) written in one go held this thread in the kernel's writev for 14-17 ms on loopback,
 * where the receiving end's TCP work runs inside the sender's call: the window's messages waited
 * that long. It now leaves in pieces of PIECE_BYTES (under a millisecond each), and the thread
 * takes a turn of its event loop after each piece has left. The pieces are fragments of one text
 * message, and another message may not come between fragments: whatever is sent meanwhile (an
 * event, a small reply) waits its turn behind the reply, in the order it was sent.
 */
export class Outgoing {
  private readonly queue: Job[] = [];
  private busy = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly pieceBytes = PIECE_BYTES,
  ) {}

  /** One whole text message. Sent at once unless a big reply is still leaving. */
  send(text: string): void {
    this.run(() => {
      if (this.open()) this.ws.send(text);
    });
  }

  /**
   * `head`, `body` and `end` as one text message, the body in pieces when it is big. Resolves
   * when it has all left, or when the socket closed on the way (the rest is dropped: there is
   * no one left to read it).
   */
  reply(head: Uint8Array, body: Uint8Array, end: Uint8Array): Promise<void> {
    let done!: () => void;
    const left = new Promise<void>((resolve) => (done = resolve));
    this.run(() => {
      if (body.byteLength > this.pieceBytes) return this.inPieces(head, body, end).finally(done);
      try {
        if (this.open()) {
          this.ws.send(head, { binary: false, fin: false });
          this.ws.send(body, { fin: false });
          this.ws.send(end, { fin: true });
        }
      } finally {
        done();
      }
    });
    return left;
  }

  private async inPieces(head: Uint8Array, body: Uint8Array, end: Uint8Array): Promise<void> {
    if (!(await this.write(head, false, true))) return;
    for (let at = 0; at < body.byteLength; at += this.pieceBytes) {
      // subarray: a view on the same bytes, never a copy of a multi-megabyte answer.
      if (!(await this.write(body.subarray(at, at + this.pieceBytes), false))) return;
      // A write that finishes at once calls back in the same task: without this turn the pieces
      // would all leave before the thread did anything else.
      await nextTurn();
    }
    await this.write(end, true);
  }

  /** One fragment; true once it has left (its write finished), false if the socket is gone. */
  private write(data: Uint8Array, fin: boolean, first = false): Promise<boolean> {
    return new Promise((resolve) => {
      if (!this.open()) return resolve(false);
      this.ws.send(data, { ...(first ? { binary: false } : {}), fin }, (error) => resolve(!error));
    });
  }

  private open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  private run(job: Job): void {
    this.queue.push(job);
    if (!this.busy) void this.drain();
  }

  /** Runs the jobs in order; one that is not done at once holds the others until it is. */
  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.queue.length) {
        try {
          const leaving = this.queue.shift()!();
          if (leaving) await leaving;
        } catch {
          // A message the socket would not take is dropped; the socket's own error handler
          // closes it. The messages behind it still go.
        }
      }
    } finally {
      this.busy = false;
    }
  }
}
