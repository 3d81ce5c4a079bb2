import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, hasMethod } from '../api/client';
import { ErrorText } from '../ui/ErrorText';

/** Sign in to sync this business across devices, once a server is configured. */
export function AccountSection() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const available = hasMethod('account.current');
  const account = useQuery({ queryKey: ['account'], queryFn: () => call('account.current', {}), enabled: available });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [serverUrl, setServerUrl] = useState('');
  const [anonKey, setAnonKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setPassword('');
      void client.invalidateQueries({ queryKey: ['account'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="account" data-testid="account-section">
      <h2 className="section-title">{t('settings.account')}</h2>
      {!available || account.isError ? (
        <p className="muted">{t('common.comingSoon')}</p>
      ) : !account.data ? null : !account.data.configured ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => call('account.configure', { url: serverUrl.trim(), anonKey: anonKey.trim() }));
          }}
        >
          <p className="muted">{t('settings.notConfigured')}</p>
          <label className="field">
            <span>{t('settings.serverUrl')}</span>
            <input type="url" placeholder="https://xyz.supabase.co" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('settings.anonKey')}</span>
            <input value={anonKey} onChange={(e) => setAnonKey(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <div className="modal-actions">
            <button type="submit" className="btn btn-primary" disabled={busy || !serverUrl || !anonKey}>
              {t('settings.connect')}
            </button>
          </div>
        </form>
      ) : account.data.signedIn ? (
        <div className="stack">
          <p>{t('settings.signedInAs', { email: account.data.email ?? '' })}</p>
          <button type="button" className="btn" disabled={busy} onClick={() => void run(() => call('account.signOut', {}))}>
            {t('settings.signOut')}
          </button>
        </div>
      ) : (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => call('account.signIn', { email, password }));
          }}
        >
          <label className="field">
            <span>{t('settings.email')}</span>
            <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('settings.password')}</span>
            <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <div className="modal-actions">
            <button type="button" className="btn" disabled={busy} onClick={() => void run(() => call('account.signUp', { email, password }))}>
              {t('settings.signUp')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('settings.signIn')}
            </button>
          </div>
        </form>
      )}
      <ErrorText error={error} />
    </div>
  );
}
