import { LendenError } from '../../contract/errors';
import type { Account, Invitation, MemberList } from '../../contract/sync';
import type { SyncEngine } from './engine';
import { isPristine } from './link';
import { SyncError } from './wire';

/**
 * Membership by consent (DESIGN.md section 5): the owner invites an email, the invitee
 * accepts in the app, the owner can remove a member or a device. These calls need the server;
 * a failure comes back in shop words.
 */
export class Members {
  constructor(private readonly engine: SyncEngine) {}

  private get core() {
    return this.engine.context.core;
  }

  /** Invitations waiting for the signed-in account. */
  async myInvitations(): Promise<Invitation[]> {
    const list = await this.call(() => this.engine.requireTransport().myInvitations());
    return list.map((i) => ({
      invitationId: i.invitation_id,
      businessId: i.business_id,
      businessName: i.business_name,
      role: i.role,
      invitedBy: i.invited_by,
      createdAt: i.created_at,
    }));
  }

  /**
   * Accept or decline. Accepting joins the shop on this computer when it has no records of its
   * own; a computer with its own shop keeps it (nothing is overwritten) and the membership
   * is there for the user's other computers.
   */
  async answer(invitationId: string, accept: boolean): Promise<Account & { joinedHere: boolean }> {
    const invitation = (await this.myInvitations()).find((i) => i.invitationId === invitationId);
    const answer = await this.call(() => this.engine.requireTransport().answerInvitation(invitationId, accept));
    const ctx = this.engine.context;
    let joinedHere = false;
    if (accept && isPristine(ctx) && answer.business_id !== this.core.businessId) {
      // This computer has no records of its own: it becomes a computer of the shop joined.
      const series = await this.call(() => this.engine.requireTransport().registerDevice(answer.business_id, this.core.deviceId));
      await this.engine.switchBusiness({ business_id: answer.business_id, name: invitation?.businessName ?? '', role: answer.role ?? invitation?.role ?? 'staff' }, series);
      joinedHere = true;
    } else if (!accept && (await this.myInvitations()).length === 0) {
      // Nothing left to answer: a new computer may now make a shop of its own.
      this.core.state.set('invitations_declined', '1');
      await this.engine.relink();
    }
    return { ...this.engine.account(), joinedHere };
  }

  /** The shop's members (from this device), and for the owner the open invitations and devices. */
  async list(): Promise<MemberList> {
    const members = (
      this.core.db
        .prepare('SELECT user_id, email, role, deleted_at FROM business_members WHERE business_id = ? ORDER BY role, email')
        .all(this.core.businessId) as { user_id: string; email: string | null; role: 'owner' | 'staff'; deleted_at: string | null }[]
    )
      .filter((m) => !m.deleted_at)
      .map((m) => ({ userId: m.user_id, email: m.email, role: m.role, you: m.user_id === this.core.userId }));
    if (this.engine.account().role !== 'owner') return { members, invitations: [], devices: [], offline: false };
    try {
      const transport = this.engine.requireTransport();
      const [invitations, devices] = await Promise.all([transport.invitationsOf(this.core.businessId), transport.devicesOf(this.core.businessId)]);
      return {
        members,
        invitations: invitations.map((i) => ({ email: i.email, role: i.role, createdAt: i.created_at })),
        devices: devices.map((d) => ({
          deviceId: d.device_id,
          email: d.email,
          invoiceSeries: d.invoice_series,
          addedAt: d.created_at,
          lastSentAt: d.last_push_at,
          removedAt: d.revoked_at,
          thisComputer: d.device_id === this.core.deviceId,
        })),
        offline: false,
      };
    } catch (error) {
      if (error instanceof SyncError && (error.kind === 'network' || error.kind === 'server')) return { members, invitations: [], devices: [], offline: true };
      throw toLenden(error);
    }
  }

  /** Invite an email (the same answer whether or not it has an account). */
  async invite(email: string, role: 'owner' | 'staff'): Promise<{ email: string; role: 'owner' | 'staff'; status: 'invited' | 'member' }> {
    const r = await this.call(() => this.engine.requireTransport().invite(this.core.businessId, email, role));
    return { email: r.email, role, status: r.status };
  }

  async cancelInvitation(email: string): Promise<void> {
    await this.call(() => this.engine.requireTransport().cancelInvitation(this.core.businessId, email));
  }

  async remove(userId: string): Promise<void> {
    if (userId === this.core.userId) throw new LendenError('VALIDATION', 'You cannot remove yourself.');
    await this.call(() => this.engine.requireTransport().removeMember(this.core.businessId, userId));
    void this.engine.syncNow();
  }

  async removeDevice(deviceId: string): Promise<void> {
    if (deviceId === this.core.deviceId) throw new LendenError('VALIDATION', 'This is the computer you are using; remove it from another one.');
    await this.call(() => this.engine.requireTransport().removeDevice(this.core.businessId, deviceId));
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.engine.account().signedIn) throw new LendenError('AUTH', 'Sign in to the sync server first (Settings → Account).');
    try {
      return await fn();
    } catch (error) {
      throw toLenden(error);
    }
  }
}

function toLenden(error: unknown): LendenError {
  if (error instanceof LendenError) return error;
  if (error instanceof SyncError) {
    if (error.kind === 'network' || error.kind === 'server') return new LendenError('OFFLINE', 'Cannot reach the sync server. Check the internet connection and try again.');
    if (error.kind === 'forbidden') return new LendenError('FORBIDDEN', 'Only the owner of the shop can do that.');
    if (error.kind === 'removed') return new LendenError('FORBIDDEN', 'You are no longer a member of this shop.');
    if (error.kind === 'validation' && /not open/i.test(error.message)) return new LendenError('NOT_FOUND', 'This invitation is no longer open.');
    if (error.kind === 'validation' && /not a member/i.test(error.message)) return new LendenError('NOT_FOUND', 'That person is not a member of this shop.');
    if (error.kind === 'validation' && /own role|yourself/i.test(error.message)) return new LendenError('VALIDATION', 'You cannot change your own place in the shop.');
    if (error.kind === 'validation' && /email/i.test(error.message)) return new LendenError('VALIDATION', 'Enter a valid email address.');
    return new LendenError('VALIDATION', error.message);
  }
  return new LendenError('INTERNAL', 'Something went wrong inside Lenden.');
}
