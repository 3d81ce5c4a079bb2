import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { ErrorText } from '../ui/ErrorText';

/** Invitations waiting for the signed-in account: joining a shop is always the invitee's choice. */
export function InvitationsSection() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const invitations = useQuery({ queryKey: ['invitations'], queryFn: () => call('account.invitations', {}), retry: false });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!invitations.data?.length && !done) return null;

  const answer = async (invitationId: string, shop: string, accept: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const result = await call('account.answerInvitation', { invitationId, accept });
      if (accept) setDone(t(result.joinedHere ? 'syncTrust.invitations.joinedHere' : 'syncTrust.invitations.joinedElsewhere', { shop }));
      client.setQueryData(['account'], result);
      await client.invalidateQueries();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack" data-testid="invitations">
      <h3 className="section-title">{t('syncTrust.invitations.title')}</h3>
      {(invitations.data ?? []).map((i) => (
        <div key={i.invitationId} className="invitation" data-testid="invitation">
          <p>
            <strong>{t('syncTrust.invitations.from', { shop: i.businessName, role: t(`settings.role.${i.role}`) })}</strong>
            {i.invitedBy && <span className="muted"> · {t('syncTrust.invitations.by', { email: i.invitedBy })}</span>}
          </p>
          <div className="modal-actions">
            <button type="button" className="btn" disabled={busy} onClick={() => void answer(i.invitationId, i.businessName, false)} data-testid="invitation-decline">
              {t('syncTrust.invitations.decline')}
            </button>
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void answer(i.invitationId, i.businessName, true)} data-testid="invitation-accept">
              {t('syncTrust.invitations.accept')}
            </button>
          </div>
        </div>
      ))}
      {done && (
        <p role="status" data-testid="invitation-done">
          {done}
        </p>
      )}
      <ErrorText error={error} />
    </div>
  );
}
