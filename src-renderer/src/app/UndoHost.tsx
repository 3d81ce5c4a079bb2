import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodName, UndoableChange } from '../../../src-main/contract';
import { call, onCall } from '../api/client';
import { errorMessage } from '../i18n/errors';

/** The calls that edit or delete a record: each one offers its undo. */
const OFFERS_UNDO: Partial<Record<MethodName, 'saved' | 'deleted'>> = {
  'parties.update': 'saved',
  'parties.delete': 'deleted',
  'entries.update': 'saved',
  'entries.delete': 'deleted',
  'bills.update': 'saved',
  'bills.delete': 'deleted',
  'items.update': 'saved',
  'items.delete': 'deleted',
  'cashbook.update': 'saved',
  'cashbook.delete': 'deleted',
  'staff.update': 'saved',
  'staff.delete': 'deleted',
  'attendance.mark': 'saved',
  'attendance.clear': 'deleted',
  'settings.update': 'saved',
};

type Toast = { kind: 'offer'; done: 'saved' | 'deleted'; change: UndoableChange } | { kind: 'said'; text: string };

/** Ctrl+Z belongs to the text box while typing (its own undo); elsewhere it undoes the last change. */
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable);

/**
 * One undo for the whole app: after every edit or delete it shows "<record> saved · Undo" for a
 * few seconds, and Ctrl+Z (outside text boxes) undoes this computer's last change at any time.
 * The core does the undo (history.undo), so it syncs and keeps every rule.
 */
export function UndoHost() {
  const { t } = useTranslation();
  const [toast, setToast] = useState<Toast | null>(null);

  useEffect(
    () =>
      onCall((method) => {
        const done = OFFERS_UNDO[method];
        if (!done) return;
        // The newest change before and after the call: a save that changed nothing (the
        // core writes nothing then) offers no undo, rather than the undo of something older.
        // The core answers calls in the order they are sent, so "before" really is before.
        const before = call('history.last', {}).catch(() => null);
        return () =>
          void Promise.all([before, call('history.last', {})]).then(([was, change]) => {
            if (change && change.opId !== was?.opId) setToast({ kind: 'offer', done, change });
          });
      }),
    [],
  );

  const undo = useCallback(
    (change: UndoableChange | null) => {
      call('history.undo', change ? { opId: change.opId } : {}).then(
        (undone) => setToast({ kind: 'said', text: t(undone.action === 'create' ? 'undo.undoneCreate' : 'undo.undone', { what: t(`undo.what.${undone.table}`) }) }),
        (error: unknown) => setToast({ kind: 'said', text: errorMessage(error) }),
      );
    },
    [t],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey || event.key.toLowerCase() !== 'z' || isTyping(event.target)) return;
      event.preventDefault();
      undo(toast?.kind === 'offer' ? toast.change : null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toast, undo]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 8000);
    return () => clearTimeout(timer);
  }, [toast]);

  if (!toast) return null;
  return (
    <div className="toast" role="status" data-testid="undo-toast">
      {toast.kind === 'offer' ? (
        <>
          <span>{t(`undo.${toast.done}`, { what: t(`undo.what.${toast.change.table}`) })}</span>
          <button type="button" className="btn btn-small" onClick={() => undo(toast.change)} data-testid="undo-button">
            {t('common.undo')} <kbd>Ctrl+Z</kbd>
          </button>
        </>
      ) : (
        <span data-testid="undo-said">{toast.text}</span>
      )}
    </div>
  );
}
