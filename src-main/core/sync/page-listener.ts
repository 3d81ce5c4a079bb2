import type { Round, SyncContext } from './context';
import { readPokedPage, storeReadPage, type PokedPage } from './poked-page';
import type { SyncSession } from './session';

/** Pages heard during a round and kept for its end, at most (the oldest go first). */
const HELD_PAGES = 16;

/** A server that sends no pages is asked again after this long. */
const ASK_AGAIN_MS = 10 * 60_000;
/** A failed ask for the topic (network, an expired session) is tried again after this long. */
const RETRY_MS = 60_000;

/**
 * The pages of small pushes (20261214000000_poke_page): which topic this device listens to,
 * and storing what arrives there when it continues this device's rows. The topic's name holds
 * a key only a live device of a member can ask for; the server makes a new one when a member
 * or a computer is removed, and each poke says the key's generation, so a changed key is asked
 * for again in the next round. Everything here is a shortcut: without it, pokes and pulls do
 * the same work one trip slower.
 */
export class PageListener {
  private current: { business: string; topic: string; generation: number; stale: boolean } | null = null;
  private askAfter = 0;
  /** Pages heard while a round ran: stored when its push's answer or its end lets them (storeHeld). */
  private held: PokedPage[] = [];

  constructor(
    private readonly deps: {
      ctx: SyncContext;
      session: SyncSession;
      /** False: no pages, a pull after every poke (SyncEngineOptions.pagesWithPokes). */
      enabled: boolean;
      /** Whether pages may be taken at all (sync on, signed in, this computer not removed). */
      mayTake: () => boolean;
      /** Whether a round runs: a page heard then is kept for it (storeHeld). */
      roundRunning: () => boolean;
      /** A page was stored. */
      stored: () => void;
    },
  ) {}

  /** A poke said the key's generation: another one than ours means asking again (true: a round should). */
  heard(generation: number | null): boolean {
    if (generation === null || !this.current || this.current.generation === generation || this.current.stale) return false;
    this.current.stale = true;
    this.askAfter = 0;
    return true;
  }

  /**
   * Another business, a sign-out, a halt: pages heard on the channel listened to so far are
   * dropped from now on (it closes later), and the topic is asked for afresh.
   */
  forget(): void {
    this.current = null;
    this.askAfter = 0;
    this.held = [];
  }

  /**
   * Store the pages heard during the round that continue this device's rows, in order, up to
   * `upto`. Called when a push's answer has arrived and before it is applied, with the answer's
   * `seq_before`: the pages of changes made elsewhere before that push then move the cursor to
   * where the push found the server, so the push moves it on past its own changes and the
   * round needs no pull for them. And at the round's end, with no limit. Pages the cursor has
   * passed are dropped. True when one was stored.
   */
  storeHeld(upto = Number.POSITIVE_INFINITY): boolean {
    const { ctx } = this.deps;
    if (!this.held.length || !this.deps.mayTake()) return false;
    let stored = false;
    for (;;) {
      const cursor = Number(ctx.core.state.get('pull_cursor') ?? '0');
      this.held = this.held.filter((p) => p.page.last_seq > cursor);
      const next = this.held.find((p) => p.since === cursor && p.page.last_seq <= upto);
      if (!next || !this.store(next)) return stored;
      stored = true;
    }
  }

  /** In a round, once the device is linked: ask for the topic when there is none that holds, and listen to it. */
  async listen(round: Round): Promise<void> {
    const { ctx, session } = this.deps;
    const business = ctx.core.businessId;
    const transport = session.transport;
    const c = this.current;
    if (c && c.business === business && !c.stale && session.pagesTopic === c.topic) return;
    if (!this.deps.enabled || !transport?.pageTopic || Date.now() < this.askAfter) return;
    let answer: Awaited<ReturnType<NonNullable<typeof transport.pageTopic>>>;
    try {
      answer = await transport.pageTopic(business, ctx.core.deviceId, { signal: round.signal });
    } catch (error) {
      round.check();
      // Pages are a shortcut: the round goes on with pokes and pulls, and asks again in a minute.
      ctx.log('sync: could not ask for the pages topic; pulling after pokes as before', error);
      this.askAfter = Date.now() + RETRY_MS;
      return;
    }
    round.check();
    const ok = answer && typeof answer.topic === 'string' && answer.topic.startsWith(`pages:${business}:`) && Number.isSafeInteger(answer.generation);
    if (!ok) {
      this.askAfter = Date.now() + ASK_AGAIN_MS;
      return;
    }
    const topic = answer!.topic;
    this.current = { business, topic, generation: answer!.generation, stale: false };
    session.subscribePages(
      topic,
      // Only from the topic asked for last, and not after forget() (until asked for again).
      (payload) => {
        if (this.current?.topic === topic) this.onPage(payload);
      },
      () => {
        // Refused or closed (a key changed meanwhile, Realtime gone): asked for again in the
        // next round, which this does not start (so a channel that keeps failing costs one call
        // per round, no more).
        if (this.current?.topic === topic) this.current.stale = true;
      },
    );
  }

  private onPage(payload: unknown): void {
    const { ctx } = this.deps;
    const poked = readPokedPage(payload, ctx.core.businessId);
    if (!poked || !this.deps.mayTake()) return;
    if (!this.deps.roundRunning()) {
      if (this.store(poked)) this.deps.stored();
      return;
    }
    // A round runs: it may store the page when its push's answer arrives, or at its end.
    this.held.push(poked);
    if (this.held.length > HELD_PAGES) this.held.shift();
  }

  private store(poked: PokedPage): boolean {
    try {
      return storeReadPage(this.deps.ctx, poked);
    } catch (error) {
      // The poke after the page makes the device pull it, rows set aside where they must be.
      this.deps.ctx.log('sync: a page sent with a poke could not be stored; pulling it instead', error);
      this.held = this.held.filter((p) => p !== poked);
      return false;
    }
  }
}
