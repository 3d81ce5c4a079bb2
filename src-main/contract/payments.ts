import { z } from 'zod';
import { optionalText } from './primitives';

/** How money moved. Cash counts in the drawer; every other mode is online money. */
export const PAYMENT_MODES = ['cash', 'upi', 'card', 'cheque', 'bank'] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];

export const paymentMode = z.enum(PAYMENT_MODES, { message: 'Payment mode must be cash, upi, card, cheque or bank.' });
/** Cheque number, UPI / bank reference or card slip number. */
export const modeRef = optionalText(40, 'Payment reference');
