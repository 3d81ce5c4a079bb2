import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { formatDateTime } from '../format/date';
import { ErrorText } from '../ui/ErrorText';

/**
 * The shop's people and computers (the owner manages them): invite by email, cancel an
 * invitation, remove a member or a computer. Every change here needs the sync server.
 */
export function MembersSection() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['members'], queryFn: () => call('members.list', {}), retry: false });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'staff' | 'owner'>('staff');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);

  const run = async (fn: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      setMessage(await fn());
      await client.invalidateQueries({ queryKey: ['members'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const data = list.data;
  if (!data) return <ErrorText error={list.error} />;
  return (
    <div className="stack" data-testid="members">
      <h3 className="section-title">{t('syncTrust.members.title')}</h3>
      {data.offline && <p className="muted">{t('syncTrust.members.offline')}</p>}
      <ul className="plain-list">
        {data.members.map((m) => (
          <li key={m.userId} data-testid="member">
            <span>
              {m.email ?? m.userId} · {t(`settings.role.${m.role}`)}
              {m.you ? ` (${t('syncTrust.members.you')})` : ''}
            </span>
            {!m.you && (
              <button
                type="button"
                className="btn btn-small btn-ghost"
                disabled={busy}
                onClick={() => {
                  if (!window.confirm(t('syncTrust.members.removeConfirm', { who: m.email ?? '' }))) return;
                  void run(async () => {
                    await call('members.remove', { userId: m.userId });
                    return null;
                  });
                }}
                data-testid="member-remove"
              >
                {t('syncTrust.members.remove')}
              </button>
            )}
          </li>
        ))}
        {data.invitations.map((i) => (
          <li key={i.email} data-testid="member-invited">
            <span>
              {i.email} · {t(`settings.role.${i.role}`)} · <span className="muted">{t('syncTrust.members.pending')}</span>
            </span>
            <button
              type="button"
              className="btn btn-small btn-ghost"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await call('members.cancelInvitation', { email: i.email });
                  return null;
                })
              }
              data-testid="invitation-cancel"
            >
              {t('syncTrust.members.cancel')}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const r = await call('members.invite', { email: email.trim(), role });
            setEmail('');
            return t(r.status === 'member' ? 'syncTrust.members.alreadyMember' : 'syncTrust.members.invited', { email: r.email });
          });
        }}
        data-testid="member-invite-form"
      >
        <label className="field">
          <span>{t('syncTrust.members.invite')}</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="member-invite-email" />
        </label>
        <label className="field">
          <span>{t('syncTrust.members.inviteRole')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value === 'owner' ? 'owner' : 'staff')} data-testid="member-invite-role">
            <option value="staff">{t('settings.role.staff')}</option>
            <option value="owner">{t('settings.role.owner')}</option>
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !email.trim()} data-testid="member-invite-send">
          {t('syncTrust.members.send')}
        </button>
      </form>
      {data.devices.length > 0 && (
        <>
          <h3 className="section-title">{t('syncTrust.members.devices')}</h3>
          <ul className="plain-list">
            {data.devices.map((d) => (
              <li key={`${d.deviceId}:${d.email ?? ''}`} data-testid="device">
                <span>
                  {d.email ?? ''} · {t('syncTrust.members.series', { series: d.invoiceSeries })}
                  {d.thisComputer ? ` (${t('syncTrust.members.thisComputer')})` : ''} ·{' '}
                  <span className="muted">
                    {d.removedAt
                      ? t('syncTrust.members.removed')
                      : d.lastSentAt
                        ? t('syncTrust.members.lastSent', { when: formatDateTime(d.lastSentAt) })
                        : t('syncTrust.members.neverSent')}
                  </span>
                </span>
                {!d.thisComputer && !d.removedAt && (
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    disabled={busy}
                    onClick={() => {
                      if (!window.confirm(t('syncTrust.members.removeDeviceConfirm'))) return;
                      void run(async () => {
                        await call('members.removeDevice', { deviceId: d.deviceId });
                        return null;
                      });
                    }}
                    data-testid="device-remove"
                  >
                    {t('syncTrust.members.removeDevice')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {message && (
        <p role="status" data-testid="members-message">
          {message}
        </p>
      )}
      <ErrorText error={error} />
    </div>
  );
}
