import { LendenError } from '../../../contract/errors';
import type { PaymentMode } from '../../../contract/payments';

type PartyType = 'customer' | 'supplier';
type Direction = 'gave' | 'got';

/**
 * The mode an entry gets when the form does not say: money in from a customer and money out
 * to a supplier are payments (cash at the counter); the other two are credit, where no money
 * moves (goods given to a customer on credit, goods got from a supplier on credit).
 */
export function defaultMode(partyType: PartyType, direction: Direction): PaymentMode | null {
  return (partyType === 'customer') === (direction === 'got') ? 'cash' : null;
}

/** A cheque carries its number; a reference without a mode of payment means nothing. */
export function checkModeRef(mode: PaymentMode | null, ref: string | null): void {
  if (mode === 'cheque' && !ref) throw new LendenError('VALIDATION', 'A cheque payment needs the cheque number.', { modeRef: 'Cheque number is required.' });
  if (!mode && ref) throw new LendenError('VALIDATION', 'A payment reference needs a payment mode.', { modeRef: 'Choose how the money was paid.' });
}
