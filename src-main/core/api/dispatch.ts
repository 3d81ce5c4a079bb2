import { z } from 'zod';
import { contract, isMethodName, LendenError, type Handlers, type MethodName, type Result } from '../../contract';
import { findBadText } from './text-guard';

const MAX_INPUT_BYTES = 4 * 1024 * 1024;

/** Turn a zod failure into one VALIDATION error with a message per field, for forms. */
export function validationError(error: z.ZodError): LendenError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    if (!(key in fields)) fields[key] = issue.message;
  }
  const first = error.issues[0];
  const where = first && first.path.length ? `${first.path.join('.')}: ` : '';
  return new LendenError('VALIDATION', `${where}${first?.message ?? 'Invalid input.'}`, fields);
}

export function toApiFailure(error: unknown, log: (message: string, error: unknown) => void): Result<never> {
  if (error instanceof LendenError) return { ok: false, error: error.toApiError() };
  if (error instanceof z.ZodError) return { ok: false, error: validationError(error).toApiError() };
  if (error instanceof Error && /SQLITE_CONSTRAINT_UNIQUE/.test((error as { code?: string }).code ?? '')) {
    return { ok: false, error: { code: 'CONFLICT', message: 'This would duplicate an existing record.' } };
  }
  log('internal error', error);
  return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Lenden. Nothing was saved.' } };
}

/**
 * The single entry point for every call from any shell (Electron IPC or the browser
 * shell's WebSocket): unknown names are NOT_FOUND, input is validated with the contract's
 * schema, and every failure comes back as data.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  input: unknown,
  log: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
): Promise<Result<unknown>> {
  if (!isMethodName(name)) {
    return { ok: false, error: { code: 'NOT_FOUND', message: `Unknown method ${typeof name === 'string' ? `"${name.slice(0, 80)}"` : ''}`.trim() } };
  }
  try {
    if (input !== undefined && estimateSize(input) > MAX_INPUT_BYTES) {
      return { ok: false, error: { code: 'VALIDATION', message: 'The request is too large.' } };
    }
    if (input !== undefined && input !== null && typeof input === 'object' && !Array.isArray(input)) {
      // Only plain data crosses the boundary: a Date, Map or typed array is not "an empty object".
      const proto = Object.getPrototypeOf(input);
      if (proto !== Object.prototype && proto !== null) return { ok: false, error: { code: 'VALIDATION', message: 'Input must be a plain object.' } };
    }
    const bad = findBadText(input);
    if (bad) {
      const field = bad.join('.') || '_';
      return {
        ok: false,
        error: new LendenError(
          'VALIDATION',
          `${bad.length ? `${field}: ` : ''}The text has a hidden control character or a broken symbol that cannot be saved. Retype it or remove that character.`,
          { [field]: 'Has a hidden control character or a broken symbol.' },
        ).toApiError(),
      };
    }
    const parsed = contract[name].input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: validationError(parsed.error).toApiError() };
    const handler = handlers[name] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    return toApiFailure(error, log);
  }
}

export type { MethodName };

function estimateSize(value: unknown): number {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
