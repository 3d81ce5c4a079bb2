import type { z } from 'zod';

/**
 * A contract method: its input schema and (as a phantom type) its result. The same object
 * types the main-process handler, the preload bridge and the renderer's client.
 */
export interface MethodDef<I extends z.ZodType = z.ZodType, R = unknown> {
  readonly input: I;
  /** Phantom: never read at run time, only carries the result type. */
  readonly result?: R;
}

export const method = <I extends z.ZodType>(input: I) => ({
  returns: <R>(): MethodDef<I, R> => ({ input }),
});

export type InputOf<M> = M extends MethodDef<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<M> = M extends MethodDef<infer I, unknown> ? z.output<I> : never;
export type ResultOf<M> = M extends MethodDef<z.ZodType, infer R> ? R : never;
