import {
  METHOD_NAMES,
  type ApiError,
  type ErrorCode,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodResult,
} from '../../../src-main/contract';

/** A failed call, carrying the core's stable code and per-field messages for forms. */
export class ApiCallError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string>;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.fields = error.fields ?? {};
  }
}

/** Told when a call starts; may return what to run once it has succeeded. */
type CallListener = (method: MethodName) => (() => void) | void;
const callListeners = new Set<CallListener>();

/** Hear of calls as they start and succeed (the undo toast offers to take back edits and deletes). */
export function onCall(listener: CallListener): () => void {
  callListeners.add(listener);
  return () => callListeners.delete(listener);
}

/** Call one contract method; resolves with its value or throws ApiCallError. */
export async function call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodResult<M>> {
  const bridge = window.lenden;
  if (!bridge) throw new ApiCallError({ code: 'OFFLINE', message: 'Lenden is not connected.' });
  const fn = bridge[method] as (input?: unknown) => Promise<{ ok: true; value: unknown } | { ok: false; error: ApiError }>;
  const done = [...callListeners].map((listener) => listener(method));
  const result = await fn(input);
  if (!result.ok) throw new ApiCallError(result.error);
  for (const then of done) then?.();
  return result.value as MethodResult<M>;
}

/** Whether this build's contract (and the bridge) has a method, for screens built ahead of it. */
export function hasMethod(name: string): name is MethodName {
  return (METHOD_NAMES as readonly string[]).includes(name) && typeof (window.lenden as unknown as Record<string, unknown> | undefined)?.[name] === 'function';
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return window.lenden?.on(event, listener) ?? (() => {});
}

const SAFE_LINK = /^(https:\/\/|mailto:)/i;

/**
 * Open a vetted link outside the app. The Electron preload may provide `openExternal`; in the
 * browser shell a new tab without an opener is the equivalent.
 */
export function openExternal(url: string): void {
  if (!SAFE_LINK.test(url)) return;
  if (window.lenden?.openExternal) {
    void window.lenden.openExternal(url);
    return;
  }
  window.open(url, '_blank', 'noopener,noreferrer');
}

export interface FileToSave {
  fileName: string;
  mimeType: string;
  /** The bytes, as the core returns documents. */
  base64: string;
}

/**
 * Hand a generated document to the person. A shell that can show a save dialog provides
 * `saveFile` (the Electron preload may); the browser shell downloads it instead.
 */
export async function saveFile(file: FileToSave): Promise<void> {
  if (window.lenden?.saveFile) {
    await window.lenden.saveFile(file);
    return;
  }
  const binary = atob(file.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; a little later it can go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
