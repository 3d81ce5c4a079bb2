import { useState } from 'react';
import type { Bill } from '../../../../src-main/contract';
import { BillDetail } from '../BillDetail';
import { BillForm } from '../billing/BillForm';

/** A bill opened from a problem: its detail, and its edit form to fix it; the checks rerun live. */
export function BillFixer({ billId, onClose }: { billId: string; onClose: () => void }) {
  const [editing, setEditing] = useState<Bill | null>(null);
  if (editing) return <BillForm bill={editing} onClose={onClose} />;
  return <BillDetail id={billId} onClose={onClose} onEdit={(bill) => setEditing(bill)} />;
}
