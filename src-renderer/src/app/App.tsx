import { useCallback, useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useLiveInvalidation } from '../api/hooks';
import { setLanguage } from '../i18n';
import { setDateZone } from '../format/date';
import { Dashboard } from '../screens/Dashboard';
import { PartiesScreen } from '../screens/parties/PartiesScreen';
import { Settings } from '../screens/Settings';
import { CashbookScreen } from '../screens/Cashbook';
import { StaffScreen } from '../screens/Staff';
import { BillsScreen } from '../screens/Bills';
import { ReportsScreen } from '../screens/Reports';
import { ItemsScreen } from '../screens/items/ItemsScreen';
import { SyncIndicator } from './SyncIndicator';
import { isHelpKey, ShortcutHelp } from './ShortcutHelp';
import { UndoHost } from './UndoHost';
import { FirstRunSetup } from '../screens/setup/FirstRunSetup';
import { SCREENS, screenKey, type Route, type Screen } from './routes';
import { ToCollect } from '../screens/collect/ToCollect';

// To collect sits right under the dashboard: asking for money is the khata owner's first
// job. Its key is Alt+0, so the keys of the older screens stay where hands know them.
const NAV_ORDER: readonly Screen[] = ['dashboard', 'collect', ...SCREENS.filter((s) => s !== 'dashboard' && s !== 'collect')];

export function App() {
  const { t } = useTranslation();
  const client = useQueryClient();
  useLiveInvalidation(client);
  const [route, setRoute] = useState<Route>({ screen: 'dashboard' });
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('settings.get', {}) });
  const profile = useQuery({ queryKey: ['profile'], queryFn: () => call('profile.get', {}) });

  // Dates and times are shown on the business's clock, whatever the computer's zone.
  setDateZone(settings.data?.timezone);

  // The language the user chose on this device wins; it is kept in the profile too.
  useEffect(() => {
    const language = profile.data?.language;
    if (language) void setLanguage(language);
  }, [profile.data?.language]);

  const go = useCallback((screen: Screen) => setRoute({ screen }), []);
  const [setupOpen, setSetupOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);

  // Alt+1..9 jumps between screens from anywhere, for counter use without a mouse.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isHelpKey(event)) {
        event.preventDefault();
        setHelpOpen(true);
        return;
      }
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const screen = SCREENS.find((_, i) => screenKey(i) === event.key);
      if (screen) {
        event.preventDefault();
        go(screen);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  // Nothing is drawn until the settings say whether this is a brand-new shop, so the setup
  // never flashes in after the dashboard.
  if (settings.isPending) return <div className="app-loading" aria-busy="true" />;
  if (settings.data?.setupPending || setupOpen)
    return (
      <FirstRunSetup
        settings={settings.data}
        onDone={() => {
          setSetupOpen(false);
          setRoute({ screen: setupOpen ? 'settings' : 'dashboard' });
        }}
      />
    );

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ₹
          </span>
          <span className="brand-text">
            <strong>{t('app.name')}</strong>
            <span className="brand-business" title={settings.data?.name}>
              {settings.data?.name ?? ''}
            </span>
          </span>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV_ORDER.map((screen) => (
              <li key={screen}>
                <button
                  type="button"
                  className={`nav-item${route.screen === screen ? ' active' : ''}`}
                  aria-current={route.screen === screen ? 'page' : undefined}
                  onClick={() => go(screen)}
                  data-testid={`nav-${screen}`}
                >
                  <span>{t(`nav.${screen}`)}</span>
                  <kbd aria-hidden="true">Alt+{screenKey(SCREENS.indexOf(screen))}</kbd>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="btn btn-small help-link" onClick={() => setHelpOpen(true)} data-testid="open-shortcuts">
          {t('shortcuts.open')} <kbd>?</kbd>
        </button>
        <SyncIndicator onOpenSettings={() => go('settings')} />
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        {route.screen === 'dashboard' && <Dashboard onOpenParty={(party) => setRoute({ screen: party.type === 'customer' ? 'customers' : 'suppliers', party })} />}
        {(route.screen === 'customers' || route.screen === 'suppliers') && (
          <PartiesScreen
            key={route.screen}
            resource={route.screen}
            party={route.party}
            onOpen={(party) => setRoute({ screen: route.screen, party })}
            onBack={() => setRoute({ screen: route.screen })}
          />
        )}
        {route.screen === 'bills' && <BillsScreen />}
        {route.screen === 'items' && <ItemsScreen />}
        {route.screen === 'cashbook' && <CashbookScreen />}
        {route.screen === 'staff' && <StaffScreen />}
        {route.screen === 'reports' && <ReportsScreen />}
        {route.screen === 'collect' && <ToCollect onOpenParty={(party) => setRoute({ screen: party.type === 'customer' ? 'customers' : 'suppliers', party })} />}
        {route.screen === 'settings' && <Settings onRunSetup={() => setSetupOpen(true)} />}
      </main>
      {helpOpen && <ShortcutHelp onClose={() => setHelpOpen(false)} />}
      <UndoHost />
    </div>
  );
}
