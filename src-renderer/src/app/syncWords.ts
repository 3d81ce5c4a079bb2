import type { TFunction } from 'i18next';
import type { SyncStatus } from '../../../src-main/contract';
import { translateMessage } from '../i18n/errors';

/** Kinds of trouble the sync loop names (SyncStatus.reason), each worded in syncTrust.status. */
const WORDED = new Set(['config', 'auth', 'removed', 'clock', 'protocol', 'held', 'invited', 'stuck']);
/** Troubles the user fixes in Settings → Account. */
export const ACCOUNT_TROUBLE = new Set(['config', 'auth', 'invited']);

/**
 * The status's problem in the reader's language. English keeps the core's own sentence (it
 * carries the figures: how far the clock is ahead, whose changes wait); other languages get
 * the worded sentence for its kind.
 */
export function statusProblem(t: TFunction, language: string, status: SyncStatus): string | null {
  if (status.state !== 'error' && status.state !== 'offline') return null;
  if (status.paused || !status.lastError) return null;
  if (language === 'en') return status.lastError;
  if (status.state === 'offline') return t('syncTrust.status.network');
  const reason = status.reason ?? '';
  if (WORDED.has(reason)) return t(`syncTrust.status.${reason}`, { count: status.pending });
  const translated = translateMessage(status.lastError);
  return translated === status.lastError ? t('syncTrust.status.other') : translated;
}
