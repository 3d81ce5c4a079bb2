import { z } from 'zod';
import { checkGstin, GSTIN_FORMAT, GSTIN_MESSAGES } from './gstin';

/** Largest amount a single record may hold: just under ₹1,00,00,00,00,000 (docs/data-and-sync.md). */
export const MAX_PAISE = 9_999_999_999_999;

export const id = z.string().uuid({ message: 'Not a valid id.' });
/** Money: a whole, positive number of paise. Never a float. */
export const paise = z
  .number({ message: 'Amount must be a number of paise.' })
  .int({ message: 'Amount must be whole paise.' })
  .positive({ message: 'Amount must be more than zero.' })
  .max(MAX_PAISE, { message: 'Amount is too large.' });
export const paiseOrZero = z
  .number({ message: 'Amount must be a number of paise.' })
  .int({ message: 'Amount must be whole paise.' })
  .min(0, { message: 'Amount cannot be negative.' })
  .max(MAX_PAISE, { message: 'Amount is too large.' });

const isRealDate = (value: string) => {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
};
/** An ISO calendar date in the business's time zone, e.g. 2026-11-25. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Date must look like 2026-11-25.' })
  .refine(isRealDate, { message: 'That date does not exist.' })
  .refine((v) => v >= '2000-01-01' && v <= '2099-12-31', { message: 'Date must be between 2000 and 2099.' });
export const isoMonth = z.string().regex(/^(20\d{2})-(0[1-9]|1[0-2])$/, { message: 'Month must look like 2026-11.' });

/** Trimmed, NFC-normalised text so Devanagari typed on different keyboards compares equal. */
export const text = (max: number, label = 'Text') =>
  z
    .string({ message: `${label} must be text.` })
    .max(max * 4, { message: `${label} is too long.` })
    .transform((v) => v.normalize('NFC').trim())
    .refine((v) => [...v].length <= max, { message: `${label} can be at most ${max} characters.` });
export const requiredText = (max: number, label: string) =>
  text(max, label).refine((v) => v.length > 0, { message: `${label} is required.` });
/** Optional text: empty becomes null. */
export const optionalText = (max: number, label = 'Text') =>
  text(max, label)
    .nullish()
    .transform((v) => (v ? v : null));

export const phone = z
  .string({ message: 'Phone must be text.' })
  .max(40, { message: 'Phone is too long.' })
  .transform((v) => v.replace(/[\s-]/g, ''))
  .refine((v) => v === '' || /^\+?\d{6,15}$/.test(v), { message: 'Phone must be 6 to 15 digits, optionally starting with +.' })
  .nullish()
  .transform((v) => (v ? v : null));

export const gstin = z
  .string({ message: 'GSTIN must be text.' })
  .max(40, { message: 'GSTIN is too long.' })
  .transform((v) => v.trim().toUpperCase())
  .refine((v) => v === '' || GSTIN_FORMAT.test(v), { message: GSTIN_MESSAGES.format })
  .refine(
    (v) => {
      if (v === '' || !GSTIN_FORMAT.test(v)) return true;
      const check = checkGstin(v);
      return check.ok || check.error !== 'checksum';
    },
    { message: GSTIN_MESSAGES.checksum },
  )
  .nullish()
  .transform((v) => (v ? v : null));

/** GST state code, '01' to '38' (plus '97' other territory). */
export const stateCode = z
  .string({ message: 'State must be a GST state code.' })
  .regex(/^(0[1-9]|[1-3]\d|97)$/, { message: 'State must be a GST state code like 27.' });

export const partyType = z.enum(['customer', 'supplier'], { message: 'Party type must be customer or supplier.' });
export const direction = z.enum(['gave', 'got'], { message: 'Direction must be gave or got.' });

export const emptyInput = z.object({}).strict().optional().default({});
