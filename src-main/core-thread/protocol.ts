import { EVENT_NAMES, isErrorCode, type ApiError, type EventName, type EventPayload, type Result } from '../contract';
import type { SyncEngineOptions } from '../core/sync/engine';

/**
 * The messages between a shell's routing thread and the thread that runs the core
 * (DESIGN.md section 1). Calls carry a contract method name and its untrusted input exactly as
 * the window sent them: the core's dispatch validates both, so this file holds no list of
 * methods. Events are the contract's EventMap. Everything else here is what the core needs
 * from the shell (the sign-in secrets, the log) or tells it (restored, closed).
 *
 * Both sides check every message they receive: a message that is not one of these is refused
 * with a clear error instead of being half-understood.
 */

/** Numeric sync tuning that can cross a thread (functions such as fault injection cannot). */
export type SyncTuning = Pick<SyncEngineOptions, 'safetyPullMs' | 'digestEveryMs' | 'pushBatch' | 'pullLimit' | 'callTimeoutMs' | 'stuckAfterMs'>;

/** When both shells warm the documents up: once the first screen has had its answers. */
export const WARM_DOCUMENTS_AFTER_MS = 2_000;

/** What the core thread is started with (workerData): plain data only. */
export interface CoreThreadConfig {
  /** The database file. */
  file: string;
  migrationsFolder: string;
  /** App version reported by app.info. */
  version?: string;
  /** Set by the desktop app: backups go here and restore is allowed (it swaps the core in the thread). */
  backupsFolder?: string;
  /** The daily automatic backup (desktop app): first check after, then every. */
  dailyBackup?: { firstAfterMs: number; everyMs: number };
  /** Both shells: draw throwaway documents this long after start, when idle (documents/pdf/warm-up.ts). */
  warmDocumentsAfterMs?: number;
  /** Node 20 has no WebSocket: the browser shell's core uses the `ws` package for Realtime. */
  nodeWebSocket?: boolean;
  sync?: SyncTuning;
  /** Whether the shell keeps the sign-in in a store that survives a restart (answered with every secret). */
  secretsPersistent: boolean;
  /** Tests and benchmarks only: a module whose `testHooks` functions may run inside the thread. */
  testHooks?: string;
  /**
   * The WAL checkpointer's thread (core/db/checkpointer.ts), as a file URL: both shells give
   * it; without it SQLite checkpoints inside the core's commits.
   */
  checkpointWorker?: string;
}

export type SecretOp = { op: 'get'; key: string } | { op: 'set'; key: string; value: string } | { op: 'delete'; key: string };

/** Routing thread -> core thread. */
export type ToCore =
  /**
   * A contract call from the window (or the shell's own menu, tray, dialogs). With `json` the
   * answer comes back already as JSON bytes (result-json): the browser shell sends those on
   * as they are, so a 4 MB export costs its routing thread no serializing at all.
   */
  | { kind: 'call'; id: number; method: unknown; input: unknown; json?: boolean }
  | { kind: 'secret-answer'; id: number; result: Result<string | null>; persistent: boolean }
  | { kind: 'test-hook'; id: number; name: string; arg: unknown }
  /** Are you still answering? (sent after a call timed out; a hung thread never says pong) */
  | { kind: 'ping'; id: number }
  /** Stop sync, close the database (the WAL is checkpointed) and answer `closed`. */
  | { kind: 'close' };

/** Core thread -> routing thread. */
export type FromCore =
  | { kind: 'ready' }
  /** The database could not be opened: the shell tells the user; restarting would not help. */
  | { kind: 'open-failed'; message: string }
  | { kind: 'result'; id: number; result: Result<unknown> }
  /** The Result as UTF-8 JSON, its buffer transferred (not copied) to the routing thread. */
  | { kind: 'result-json'; id: number; json: Uint8Array }
  | EventMessage
  | ({ kind: 'secret'; id: number } & SecretOp)
  | { kind: 'log'; level: LogLevel; message: string; detail?: string }
  /** A restore swapped the database: the window must reload its view of the data. */
  | { kind: 'replaced' }
  | { kind: 'pong'; id: number }
  | { kind: 'closed' };

export type EventMessage = { [E in EventName]: { kind: 'event'; event: E; payload: EventPayload<E> } }[EventName];
export type LogLevel = 'error' | 'warn' | 'info';

export type Read<T> = { ok: true; message: T } | { ok: false; why: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const refuse = (why: string): Read<never> => ({ ok: false, why });
const describeKind = (v: Record<string, unknown>) => (typeof v.kind === 'string' ? `"${v.kind.slice(0, 40)}"` : 'without a kind');

function isResult(v: unknown): v is Result<unknown> {
  if (!isObject(v) || typeof v.ok !== 'boolean') return false;
  if (v.ok) return 'value' in v;
  const error = v.error as Partial<ApiError> | undefined;
  return isObject(error) && isErrorCode(error.code) && typeof error.message === 'string';
}

/** Check a message the core thread received. */
export function readToCore(raw: unknown): Read<ToCore> {
  if (!isObject(raw)) return refuse('a message to the core must be an object with a kind');
  switch (raw.kind) {
    case 'call':
      return isId(raw.id) ? { ok: true, message: raw as ToCore } : refuse('a call needs a positive whole-number id');
    case 'secret-answer':
      return isId(raw.id) && isResult(raw.result) && typeof raw.persistent === 'boolean' ? { ok: true, message: raw as ToCore } : refuse('a secret answer needs an id, a result and persistent');
    case 'test-hook':
      return isId(raw.id) && typeof raw.name === 'string' ? { ok: true, message: raw as ToCore } : refuse('a test hook needs an id and a name');
    case 'ping':
      return isId(raw.id) ? { ok: true, message: { kind: 'ping', id: raw.id } } : refuse('a ping needs a positive whole-number id');
    case 'close':
      return { ok: true, message: { kind: 'close' } };
    default:
      return refuse(`unknown message ${describeKind(raw)}`);
  }
}

const SECRET_OPS = new Set(['get', 'set', 'delete']);
const LOG_LEVELS = new Set(['error', 'warn', 'info']);

/** Check a message the routing thread received from the core thread. */
export function readFromCore(raw: unknown): Read<FromCore> {
  if (!isObject(raw)) return refuse('a message from the core must be an object with a kind');
  const ok = { ok: true as const, message: raw as FromCore };
  switch (raw.kind) {
    case 'ready':
    case 'replaced':
    case 'closed':
      return ok;
    case 'pong':
      return isId(raw.id) ? ok : refuse('a pong needs the id of its ping');
    case 'open-failed':
      return typeof raw.message === 'string' ? ok : refuse('open-failed needs a message');
    case 'result':
      return isId(raw.id) && isResult(raw.result) ? ok : refuse('a result needs an id and {ok, value} or {ok: false, error: {code, message}}');
    case 'result-json':
      return isId(raw.id) && raw.json instanceof Uint8Array ? ok : refuse('a JSON result needs an id and its bytes');
    case 'event':
      return (EVENT_NAMES as readonly unknown[]).includes(raw.event) && 'payload' in raw ? ok : refuse(`unknown event ${JSON.stringify(String(raw.event)).slice(0, 60)}`);
    case 'secret':
      return isId(raw.id) && SECRET_OPS.has(raw.op as string) && typeof raw.key === 'string' && (raw.op !== 'set' || typeof raw.value === 'string')
        ? ok
        : refuse('a secret request needs an id, get/set/delete and a key (and a value to set)');
    case 'log':
      return LOG_LEVELS.has(raw.level as string) && typeof raw.message === 'string' ? ok : refuse('a log line needs a level and a message');
    default:
      return refuse(`unknown message ${describeKind(raw)}`);
  }
}

/** An error as text for the log on the other side (Error objects lose their stack in a structured clone). */
export function describeError(error: unknown): string | undefined {
  if (error === undefined || error === null || error === '') return undefined;
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
