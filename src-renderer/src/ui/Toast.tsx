import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export interface UndoToastState {
  message: string;
  undo: () => void;
}

/** "Entry deleted · Undo" for a few seconds; Ctrl+Z undoes while it shows. */
export function UndoToast({ toast, onDone }: { toast: UndoToastState | null; onDone: () => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(onDone, 8000);
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        toast.undo();
        onDone();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey);
    };
  }, [toast, onDone]);
  if (!toast) return null;
  return (
    <div className="toast" role="status" data-testid="undo-toast">
      <span>{toast.message}</span>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          toast.undo();
          onDone();
        }}
      >
        {t('common.undo')}
      </button>
    </div>
  );
}
