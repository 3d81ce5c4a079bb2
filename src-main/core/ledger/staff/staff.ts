import { LendenError } from '../../../contract/errors';
import type { ParsedInputOf } from '../../../contract/define';
import type { SalaryBasis, Staff, staffContract } from '../../../contract/staff';
import type { Fields } from '../../db/writer';
import type { LedgerContext } from '../context';
import { requireOwner } from '../permissions';

type C = typeof staffContract;

export interface StaffRow {
  id: string;
  name: string;
  phone: string | null;
  salary_basis: SalaryBasis;
  salary_paise: number;
  joined_on: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export const toStaff = (r: StaffRow): Staff => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  salaryBasis: r.salary_basis,
  salaryPaise: r.salary_paise,
  joinedOn: r.joined_on,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

export function getStaffRow(ctx: LedgerContext, id: string, opts: { allowDeleted?: boolean } = {}): StaffRow {
  const row = ctx.writer.prepare('SELECT * FROM staff WHERE id = ? AND business_id = ?').get(id, ctx.businessId()) as StaffRow | undefined;
  if (!row || (row.deleted_at && !opts.allowDeleted)) throw new LendenError('NOT_FOUND', 'That staff member does not exist.');
  return row;
}

/** Live staff, by name; the month grid uses the same order. */
export function listStaffRows(ctx: LedgerContext, includeDeleted = false): StaffRow[] {
  const where = includeDeleted ? '' : ' AND deleted_at IS NULL';
  return ctx.writer.prepare(`SELECT * FROM staff WHERE business_id = ?${where} ORDER BY name COLLATE NOCASE, id`).all(ctx.businessId()) as StaffRow[];
}

export const listStaff = (ctx: LedgerContext, input: { includeDeleted: boolean }): Staff[] => listStaffRows(ctx, input.includeDeleted).map(toStaff);

export function createStaff(ctx: LedgerContext, input: ParsedInputOf<C['staff.create']>): Staff {
  requireOwner(ctx, 'add staff');
  return ctx.transact(() => {
    const row = ctx.writer.insert('staff', {
      name: input.name,
      phone: input.phone,
      salary_basis: input.salaryBasis,
      salary_paise: input.salaryPaise,
      joined_on: input.joinedOn ?? ctx.today(),
    });
    return toStaff(row as unknown as StaffRow);
  });
}

export function updateStaff(ctx: LedgerContext, input: ParsedInputOf<C['staff.update']>): Staff {
  requireOwner(ctx, 'change staff details and salaries');
  return ctx.transact(() => {
    getStaffRow(ctx, input.id);
    const { patch } = input;
    const changes: Fields = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.phone !== undefined) changes.phone = patch.phone;
    if (patch.salaryBasis !== undefined) changes.salary_basis = patch.salaryBasis;
    if (patch.salaryPaise !== undefined) changes.salary_paise = patch.salaryPaise;
    if (patch.joinedOn !== undefined) changes.joined_on = patch.joinedOn;
    ctx.writer.update('staff', input.id, changes);
    return toStaff(getStaffRow(ctx, input.id));
  });
}

export function deleteStaff(ctx: LedgerContext, input: { id: string }): Staff {
  requireOwner(ctx, 'remove staff');
  return ctx.transact(() => {
    getStaffRow(ctx, input.id);
    // Attendance stays: it is the history of days worked and paid.
    ctx.writer.update('staff', input.id, { deleted_at: ctx.nowIso() });
    return toStaff(getStaffRow(ctx, input.id, { allowDeleted: true }));
  });
}

export function restoreStaff(ctx: LedgerContext, input: { id: string }): Staff {
  requireOwner(ctx, 'restore staff');
  return ctx.transact(() => {
    const row = getStaffRow(ctx, input.id, { allowDeleted: true });
    if (row.deleted_at) ctx.writer.update('staff', input.id, { deleted_at: null });
    return toStaff(getStaffRow(ctx, input.id));
  });
}
