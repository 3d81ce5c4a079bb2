import { z } from 'zod';
import { method } from './define';
import { emptyInput } from './primitives';
import type { SyncStatus } from './sync-status';
import { CONNECTION_CODE_MESSAGES, decodeConnectionCode, type ConnectionSettings } from './connection-code';

export interface Account {
  /** A Supabase project URL and anon key are set. */
  configured: boolean;
  serverUrl: string | null;
  signedIn: boolean;
  email: string | null;
  userId: string | null;
  businessId: string;
  role: 'owner' | 'staff' | null;
  /** False when the OS cannot encrypt the session: it then lives in memory only. */
  sessionPersistent: boolean;
}

export interface SyncProblem {
  id: number;
  opId: string;
  table: string;
  rowId: string;
  code: string;
  message: string;
  /** What the refused change tried to write, so nothing is silently lost. */
  fields: Record<string, unknown>;
  createdAt: string;
  /**
   * Why, as a stable word the UI words for the shop: 'overpaid', 'bill_deleted',
   * 'bill_has_payments', 'bill_below_paid', 'bill_missing', 'renumbered', 'unstorable',
   * 'refused', 'forbidden', ... (null: only the message).
   */
  reason: string | null;
  /** The figures behind it (amounts in paise, invoice numbers). */
  detail: Record<string, unknown> | null;
}

/** An invitation waiting for the signed-in account. */
export interface Invitation {
  invitationId: string;
  businessId: string;
  businessName: string;
  role: 'owner' | 'staff';
  invitedBy: string | null;
  createdAt: string;
}

export interface MemberList {
  members: { userId: string; email: string | null; role: 'owner' | 'staff'; you: boolean }[];
  /** Open invitations (the owner sees them). */
  invitations: { email: string; role: 'owner' | 'staff'; createdAt: string }[];
  /** The shop's computers (the owner sees them). */
  devices: {
    deviceId: string;
    email: string | null;
    invoiceSeries: number;
    addedAt: string;
    lastSentAt: string | null;
    removedAt: string | null;
    thisComputer: boolean;
  }[];
  /** The server could not be reached: only the members this computer knows are listed. */
  offline: boolean;
}

const email = z.string().trim().toLowerCase().max(254).email({ message: 'Enter a valid email address.' });
const password = z.string().min(8, { message: 'Password must be at least 8 characters.' }).max(128, { message: 'Password is too long.' });

/** A pasted connection code, read into the server address and key it carries. */
const connectionCode = z
  .string({ message: CONNECTION_CODE_MESSAGES.empty })
  .max(4000, { message: CONNECTION_CODE_MESSAGES.damaged })
  .transform((value, ctx): ConnectionSettings => {
    const read = decodeConnectionCode(value);
    if (read.ok) return { url: read.url, anonKey: read.anonKey };
    ctx.addIssue({ code: 'custom', message: read.message });
    return z.NEVER;
  });

export const syncContract = {
  'account.configure': method(
    z
      .object({
        url: z
          .string()
          .max(300)
          .url({ message: 'Server URL must be a web address like https://xyz.supabase.co.' })
          .refine((v) => /^https:\/\//.test(v) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(v), {
            message: 'Server URL must use https (plain http only for a server on this computer).',
          }),
        anonKey: z.string().min(20, { message: 'That does not look like a server key.' }).max(2000),
      })
      .strict(),
  ).returns<Account>(),
  'account.current': method(emptyInput).returns<Account>(),
  /** Connect this computer to the shop's sync server with the code another of its computers shows. */
  'account.connect': method(z.object({ code: connectionCode }).strict()).returns<Account>(),
  /** The code (and its QR as SVG) that lets another computer of the shop connect. */
  'account.connectionCode': method(emptyInput).returns<{ code: string; qrSvg: string }>(),
  'account.signUp': method(z.object({ email, password }).strict()).returns<Account>(),
  'account.signIn': method(z.object({ email, password }).strict()).returns<Account>(),
  'account.signOut': method(z.object({ force: z.boolean().optional() }).strict().optional().default({})).returns<Account>(),
  'account.invitations': method(emptyInput).returns<Invitation[]>(),
  'account.answerInvitation': method(z.object({ invitationId: z.string().uuid({ message: 'Not a valid invitation.' }), accept: z.boolean() }).strict()).returns<
    Account & { joinedHere: boolean }
  >(),
  'members.list': method(emptyInput).returns<MemberList>(),
  'members.invite': method(z.object({ email, role: z.enum(['owner', 'staff'], { message: 'Role must be owner or staff.' }) }).strict()).returns<{
    email: string;
    role: 'owner' | 'staff';
    status: 'invited' | 'member';
  }>(),
  'members.cancelInvitation': method(z.object({ email }).strict()).returns<null>(),
  'members.remove': method(z.object({ userId: z.string().uuid({ message: 'Not a valid member.' }) }).strict()).returns<null>(),
  'members.removeDevice': method(z.object({ deviceId: z.string().min(1).max(100).regex(/^[0-9A-Za-z_.:-]+$/, { message: 'Not a valid device.' }) }).strict()).returns<null>(),
  'sync.status': method(emptyInput).returns<SyncStatus>(),
  'sync.now': method(emptyInput).returns<SyncStatus>(),
  'sync.pause': method(emptyInput).returns<SyncStatus>(),
  'sync.resume': method(emptyInput).returns<SyncStatus>(),
  'sync.problems': method(z.object({ includeDismissed: z.boolean().optional().default(false) }).strict().optional().default({ includeDismissed: false })).returns<
    SyncProblem[]
  >(),
  'sync.dismissProblem': method(z.object({ id: z.number().int().positive() }).strict()).returns<null>(),
};
