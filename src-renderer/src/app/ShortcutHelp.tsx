import { useTranslation } from 'react-i18next';
import { Modal } from '../ui/Modal';

/** Every keyboard shortcut of the app, by where it works. Keys are shown as printed on the keyboard. */
const GROUPS: { id: string; rows: [keys: string[], what: string][] }[] = [
  {
    id: 'anywhere',
    rows: [
      [['Alt+1 … Alt+9', 'Alt+0'], 'screens'],
      [['?', 'F1'], 'help'],
      [['Ctrl+Z'], 'undo'],
      [['Esc'], 'close'],
    ],
  },
  {
    id: 'parties',
    rows: [
      [['/'], 'search'],
      [['N'], 'newParty'],
      [['↑', '↓'], 'move'],
      [['Enter'], 'open'],
    ],
  },
  {
    id: 'ledger',
    rows: [
      [['G', '−'], 'gave'],
      [['R', '+'], 'got'],
      [['Enter'], 'save'],
      [['Esc'], 'back'],
    ],
  },
  {
    id: 'bills',
    rows: [
      [['N'], 'newBill'],
      [['Enter'], 'nextLine'],
      [['F'], 'fullAmount'],
      [['Ctrl+S'], 'saveBill'],
      [['Ctrl+P'], 'printBill'],
    ],
  },
  {
    id: 'dates',
    rows: [
      [['1/4', '01-04-2026', 'today'], 'typeDate'],
      [['Alt+↓', 'F4'], 'calendar'],
    ],
  },
  {
    id: 'files',
    rows: [[['Ctrl+Shift+B'], 'backup']],
  },
];

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal title={t('shortcuts.title')} onClose={onClose} testId="shortcut-help" wide>
      <div className="shortcut-groups">
        {GROUPS.map((group) => (
          <section key={group.id} className="shortcut-group">
            <h3 className="section-title">{t(`shortcuts.group.${group.id}`)}</h3>
            <table className="shortcut-table">
              <tbody>
                {group.rows.map(([keys, what]) => (
                  <tr key={what}>
                    <td className="shortcut-keys">
                      {keys.map((k) => (
                        <kbd key={k}>{k === 'today' ? t('shortcuts.todayWord') : k}</kbd>
                      ))}
                    </td>
                    <td>{t(`shortcuts.do.${what}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
      <div className="modal-actions">
        <button type="button" className="btn btn-primary" onClick={onClose} data-testid="shortcut-help-close">
          {t('common.close')} <kbd>Esc</kbd>
        </button>
      </div>
    </Modal>
  );
}

/** "?" (when not typing) or F1 (always) asks for the shortcut list. */
export function isHelpKey(event: KeyboardEvent): boolean {
  if (event.key === 'F1') return true;
  if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey) return false;
  const target = event.target as HTMLElement | null;
  return !(target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable));
}
