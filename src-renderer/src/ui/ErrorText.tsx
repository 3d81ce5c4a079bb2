import { ApiCallError } from '../api/client';

/** A core error as a short human message (the core's own text is written for people). */
export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiCallError || error instanceof Error ? error.message : String(error);
  return (
    <p className="error-text" role="alert">
      {message}
    </p>
  );
}
