import type { TFunction } from 'i18next';
import type { ReminderDraft } from '../../../../src-main/contract';
import { call, openExternal } from '../../api/client';
import { reminderUrl } from './message';

/** Open the reminder in WhatsApp through the shell's vetted opener, and keep it in the party's history. */
export async function sendReminder(t: TFunction, draft: ReminderDraft, business: string, today: string): Promise<void> {
  openExternal(reminderUrl(t, draft, business, today));
  await call('reminders.record', { partyType: draft.partyType, partyId: draft.partyId, amountPaise: draft.amountPaise, dueDate: draft.dueDate, channel: 'whatsapp' });
}
