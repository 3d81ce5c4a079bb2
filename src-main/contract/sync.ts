import { z } from 'zod';
import { method } from './define';
import { emptyInput } from './primitives';
import type { SyncStatus } from './sync-status';

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
}

const email = z.string().trim().toLowerCase().max(254).email({ message: 'Enter a valid email address.' });
const password = z.string().min(8, { message: 'Password must be at least 8 characters.' }).max(128, { message: 'Password is too long.' });

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
        anonKey: z.string().min(20, { message: 'That does not look like an anon key.' }).max(2000),
      })
      .strict(),
  ).returns<Account>(),
  'account.current': method(emptyInput).returns<Account>(),
  'account.signUp': method(z.object({ email, password }).strict()).returns<Account>(),
  'account.signIn': method(z.object({ email, password }).strict()).returns<Account>(),
  'account.signOut': method(emptyInput).returns<Account>(),
  'sync.status': method(emptyInput).returns<SyncStatus>(),
  'sync.now': method(emptyInput).returns<SyncStatus>(),
  'sync.pause': method(emptyInput).returns<SyncStatus>(),
  'sync.resume': method(emptyInput).returns<SyncStatus>(),
  'sync.problems': method(z.object({ includeDismissed: z.boolean().optional().default(false) }).strict().optional().default({ includeDismissed: false })).returns<
    SyncProblem[]
  >(),
  'sync.dismissProblem': method(z.object({ id: z.number().int().positive() }).strict()).returns<null>(),
};
