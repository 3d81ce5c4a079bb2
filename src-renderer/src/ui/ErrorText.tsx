import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../api/client';
import { translateMessage } from '../i18n/errors';

/** A core error as a short human message in the UI language (the core's English as fallback). */
export function ErrorText({ error }: { error: unknown }) {
  // Subscribed to the language, so a switch re-renders the message in the new one.
  useTranslation();
  if (!error) return null;
  const message = error instanceof ApiCallError || error instanceof Error ? translateMessage(error.message) : String(error);
  return (
    <p className="error-text" role="alert">
      {message}
    </p>
  );
}
