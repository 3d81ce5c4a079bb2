import { LendenError } from '../../contract/errors';
import type { LedgerContext } from './context';

/**
 * Owner-only acts (docs/data-and-sync.md, role rules). The server enforces the same rules;
 * checking here too means a staff member is told at once instead of seeing the change
 * undone at the next sync. A device that is not signed in belongs to its owner.
 */
export function requireOwner(ctx: LedgerContext, what: string): void {
  if (ctx.role() === 'staff') throw new LendenError('FORBIDDEN', `Only the owner can ${what}.`);
}
