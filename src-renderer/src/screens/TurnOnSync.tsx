import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../src-main/contract';
import { decodeConnectionCode } from '../../../src-main/contract/connection-code';
import { call } from '../api/client';
import { ErrorText } from '../ui/ErrorText';

type Run = (fn: () => Promise<unknown>) => Promise<void>;

/**
 * "Turn on sync" in shop words: a new computer pastes the connection code another computer of
 * the shop shows. Only the shop's very first computer needs the server's address and key, and
 * those sit behind "First computer of the shop?" for whoever set the server up.
 */
export function TurnOnSync({ account, busy, run, onCancel }: { account: Account; busy: boolean; run: Run; onCancel?: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [serverUrl, setServerUrl] = useState(account.serverUrl ?? '');
  const [anonKey, setAnonKey] = useState('');
  const connectWithCode = () => {
    const read = decodeConnectionCode(code);
    if (!read.ok) return setCodeError(t(`connection.error.${read.error}`));
    setCodeError(null);
    void run(() => call('account.connect', { code: code.trim() }));
  };
  return (
    <div className="stack" data-testid="account-server-form">
      <h3 className="section-title settings-sub">{t('connection.turnOn')}</h3>
      <p className="muted">{account.configured ? t('connection.changeHint') : t('connection.intro')}</p>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          connectWithCode();
        }}
      >
        <label className="field">
          <span>{t('connection.code')}</span>
          <textarea
            rows={3}
            value={code}
            spellCheck={false}
            autoComplete="off"
            placeholder="LDN1.…"
            aria-invalid={!!codeError}
            onChange={(e) => {
              setCode(e.target.value);
              setCodeError(null);
            }}
            data-testid="account-code"
          />
          <small className="muted">{t('connection.codeHint')}</small>
          {codeError && (
            <span className="field-error" role="alert" data-testid="account-code-error">
              {codeError}
            </span>
          )}
        </label>
        <div className="modal-actions">
          {onCancel && (
            <button type="button" className="btn" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy || !code.trim()} data-testid="account-connect-code">
            {t('connection.connect')}
          </button>
        </div>
      </form>
      <details className="first-computer" data-testid="account-first-setup">
        <summary>{t('connection.firstComputer')}</summary>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => call('account.configure', { url: serverUrl.trim(), anonKey: anonKey.trim() }));
          }}
        >
          <p className="muted">{t('connection.firstHint')}</p>
          <label className="field">
            <span>{t('settings.serverUrl')}</span>
            <input type="url" placeholder="https://xyz.supabase.co" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} data-testid="account-url" />
          </label>
          <label className="field">
            <span>{t('settings.anonKey')}</span>
            <input value={anonKey} onChange={(e) => setAnonKey(e.target.value)} autoComplete="off" spellCheck={false} data-testid="account-key" />
          </label>
          <div className="modal-actions">
            <button type="submit" className="btn" disabled={busy || !serverUrl.trim() || !anonKey.trim()} data-testid="account-connect">
              {t('connection.connect')}
            </button>
          </div>
        </form>
      </details>
    </div>
  );
}

/** The code (and QR) this computer shows so another computer of the shop can connect. */
export function ConnectionCodePanel() {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState(false);
  const code = useQuery({ queryKey: ['connectionCode'], queryFn: () => call('account.connectionCode', {}), enabled: shown });
  const copy = async () => {
    if (!code.data) return;
    await navigator.clipboard?.writeText(code.data.code).catch(() => undefined);
    setCopied(true);
  };
  return (
    <div className="stack connection-code" data-testid="connection-code-panel">
      <h3 className="section-title settings-sub">{t('connection.another')}</h3>
      <p className="muted">{t('connection.anotherHint')}</p>
      {!shown ? (
        <button type="button" className="btn settings-setup" onClick={() => setShown(true)} data-testid="account-show-code">
          {t('connection.show')}
        </button>
      ) : (
        <>
          <ErrorText error={code.error} />
          {code.data && (
            <div className="connection-code-body">
              <img className="connection-qr" alt={t('connection.qr')} src={`data:image/svg+xml;utf8,${encodeURIComponent(code.data.qrSvg)}`} data-testid="account-code-qr" />
              <div className="stack">
                <textarea readOnly rows={4} value={code.data.code} onFocus={(e) => e.target.select()} aria-label={t('connection.code')} data-testid="account-code-out" />
                <button type="button" className="btn settings-setup" onClick={() => void copy()} data-testid="account-copy-code">
                  {copied ? t('connection.copied') : t('connection.copy')}
                </button>
              </div>
            </div>
          )}
        </>
      )}
    </div>
  );
}
