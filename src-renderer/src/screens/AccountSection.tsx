import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../src-main/contract';
import { ApiCallError, call, hasMethod } from '../api/client';
import { ErrorText } from '../ui/ErrorText';
import { InvitationsSection } from './InvitationsSection';
import { MembersSection } from './MembersSection';
import { ConnectionCodePanel, TurnOnSync } from './TurnOnSync';

type Run = (fn: () => Promise<unknown>) => Promise<void>;

/** Sign in to sync this business across devices, once a server is configured. */
export function AccountSection() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const available = hasMethod('account.current');
  const account = useQuery({ queryKey: ['account'], queryFn: () => call('account.current', {}), enabled: available });
  const [changingServer, setChangingServer] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run: Run = async (fn) => {
    setBusy(true);
    setError(null);
    try {
      const next = await fn();
      // Every account call answers with the new account: show it at once, then confirm.
      if (next && typeof next === 'object' && 'configured' in next) client.setQueryData(['account'], next as Account);
      setChangingServer(false);
      void client.invalidateQueries({ queryKey: ['account'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const data = account.data;
  return (
    <div className="account" data-testid="account-section">
      <h2 className="section-title">{t('settings.account')}</h2>
      {!available || account.isError ? (
        <p className="muted">{t('common.comingSoon')}</p>
      ) : !data ? null : !data.configured || changingServer ? (
        <TurnOnSync account={data} busy={busy} run={run} onCancel={data.configured ? () => setChangingServer(false) : undefined} />
      ) : !data.signedIn && data.userId !== null ? (
        // The account is remembered but its session was not kept (memory-only store): sign in again.
        <div className="stack" data-testid="account-session-ended">
          <p className="muted">{t('settings.sessionEnded')}</p>
          <SignInForm account={data} busy={busy} run={run} onChangeServer={() => setChangingServer(true)} />
          <div className="modal-actions">
            <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => void run(() => call('account.signOut', {}))} data-testid="account-signout">
              {t('settings.signOut')}
            </button>
          </div>
        </div>
      ) : data.signedIn ? (
        <SignedIn account={data} busy={busy} run={run} />
      ) : (
        <SignInForm
          account={data}
          busy={busy}
          run={run}
          onChangeServer={() => {
            setError(null);
            setChangingServer(true);
          }}
        />
      )}
      <ErrorText error={error} />
    </div>
  );
}

function SignInForm({ account, busy, run, onChangeServer }: { account: Account; busy: boolean; run: Run; onChangeServer: () => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = (method: 'account.signIn' | 'account.signUp') =>
    void run(async () => {
      const next = await call(method, { email: email.trim(), password });
      setPassword('');
      return next;
    });
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        submit('account.signIn');
      }}
      data-testid="account-signin-form"
    >
      <p className="muted account-server">
        <span className="account-line" title={account.serverUrl ?? ''}>
          {t('settings.server', { url: account.serverUrl ?? '' })}
        </span>
        <button type="button" className="btn btn-small" onClick={onChangeServer} data-testid="account-change-server">
          {t('settings.changeServer')}
        </button>
      </p>
      <label className="field">
        <span>{t('settings.email')}</span>
        <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="account-email" />
      </label>
      <label className="field">
        <span>{t('settings.password')}</span>
        <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="account-password" />
      </label>
      <div className="modal-actions">
        <button type="button" className="btn" disabled={busy || !email.trim() || !password} onClick={() => submit('account.signUp')} data-testid="account-signup">
          {t('settings.signUp')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy || !email.trim() || !password} data-testid="account-signin">
          {t('settings.signIn')}
        </button>
      </div>
    </form>
  );
}

function SignedIn({ account, busy, run }: { account: Account; busy: boolean; run: Run }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  // Changes still waiting: the core refuses to sign out until they are sent, unless asked to
  // keep them on this computer for this account.
  const signOut = (force: boolean) =>
    run(async () => {
      try {
        const next = await call('account.signOut', { force });
        setPending(false);
        return next;
      } catch (e) {
        if (!force && e instanceof ApiCallError && e.code === 'CONFLICT') {
          setPending(true);
          return null;
        }
        throw e;
      }
    });
  return (
    <div className="stack" data-testid="account-signed-in">
      <p className="account-line" title={account.email ?? ''} data-testid="account-who">
        {t('settings.signedInAs', { email: account.email ?? '' })}
      </p>
      {account.role && (
        <p className="muted" data-testid="account-role" data-role={account.role}>
          {t('settings.roleIs', { role: t(`settings.role.${account.role}`) })}
        </p>
      )}
      <p className="muted account-line" title={account.serverUrl ?? ''}>
        {t('settings.server', { url: account.serverUrl ?? '' })}
      </p>
      {!account.sessionPersistent && <p className="muted">{t('settings.sessionMemory')}</p>}
      <InvitationsSection />
      {account.role === 'owner' && <MembersSection />}
      <ConnectionCodePanel />
      {pending && (
        <div className="stack" role="alert" data-testid="signout-pending">
          <strong>{t('syncTrust.signOut.pendingTitle')}</strong>
          <p>{t('syncTrust.signOut.pending')}</p>
        </div>
      )}
      <div className="modal-actions">
        {pending && (
          <button type="button" className="btn" disabled={busy} onClick={() => void signOut(true)} data-testid="account-signout-anyway">
            {t('syncTrust.signOut.anyway')}
          </button>
        )}
        <button type="button" className="btn" disabled={busy} onClick={() => void signOut(false)} data-testid="account-signout">
          {t('settings.signOut')}
        </button>
      </div>
    </div>
  );
}
