import { z } from 'zod';
import { method } from './define';
import { emptyInput, gstin, optionalText, phone, requiredText, stateCode, text } from './primitives';

export interface BusinessSettings {
  businessId: string;
  name: string;
  ownerName: string | null;
  phone: string | null;
  address: string | null;
  gstin: string | null;
  stateCode: string | null;
  invoicePrefix: string;
  fyStartMonth: number;
  timezone: string;
  /** UPI ID (VPA) customers pay to; invoices and statements carry its QR when set. */
  upiId: string | null;
  bankName: string | null;
  bankAccount: string | null;
  bankIfsc: string | null;
  /** This device's invoice series: bills made here are numbered <prefix><series>-<n>. */
  invoiceSeries: number;
  /**
   * True on a device that joined the shop and has not received its settings yet: the name is
   * the shop's, the rest are placeholders, and nothing can be changed until they arrive.
   */
  arriving?: boolean;
  /**
   * True on a brand-new shop whose first-run setup has been neither finished nor skipped on
   * this computer (no parties yet, not joined from another computer).
   */
  setupPending?: boolean;
}

export interface Profile {
  id: string;
  name: string | null;
  phone: string | null;
  language: 'en' | 'hi';
}

export interface AppInfo {
  deviceId: string;
  businessId: string;
  today: string;
  version: string;
}

const timezones = new Set(Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : []);
timezones.add('Asia/Kolkata');
timezones.add('UTC');

export const settingsContract = {
  'settings.get': method(emptyInput).returns<BusinessSettings>(),
  'settings.update': method(
    z
      .object({
        name: requiredText(120, 'Business name').optional(),
        ownerName: optionalText(120, 'Owner name').optional(),
        phone: phone.optional(),
        address: optionalText(500, 'Address').optional(),
        gstin: gstin.optional(),
        stateCode: stateCode.nullish().optional(),
        invoicePrefix: text(12, 'Invoice prefix')
          .refine((v) => /^[A-Za-z0-9/-]{0,12}$/.test(v), { message: 'Invoice prefix may use letters, digits, / and - only.' })
          .optional(),
        fyStartMonth: z.number().int().min(1).max(12).optional(),
        timezone: z
          .string()
          .max(64)
          .refine((v) => timezones.has(v), { message: 'Unknown time zone.' })
          .optional(),
        upiId: z
          .string()
          .max(100)
          .transform((v) => v.trim())
          .refine((v) => v === '' || /^[A-Za-z0-9._-]{2,256}@[A-Za-z][A-Za-z0-9.-]{1,63}$/.test(v), { message: 'UPI ID must look like shopname@okbank.' })
          .nullish()
          .transform((v) => (v ? v : null))
          .optional(),
        bankName: optionalText(100, 'Bank name').optional(),
        bankAccount: z
          .string()
          .max(40)
          .transform((v) => v.replace(/\s/g, ''))
          .refine((v) => v === '' || /^\d{6,20}$/.test(v), { message: 'Account number must be 6 to 20 digits.' })
          .nullish()
          .transform((v) => (v ? v : null))
          .optional(),
        bankIfsc: z
          .string()
          .max(20)
          .transform((v) => v.trim().toUpperCase())
          .refine((v) => v === '' || /^[A-Z]{4}0[A-Z0-9]{6}$/.test(v), { message: 'IFSC must be 11 characters like SBIN0001234.' })
          .nullish()
          .transform((v) => (v ? v : null))
          .optional(),
        /** The first-run setup was finished or skipped: it is not offered again on its own. */
        setupDone: z.literal(true).optional(),
      })
      .strict(),
  ).returns<BusinessSettings>(),
  'profile.get': method(emptyInput).returns<Profile | null>(),
  'profile.update': method(
    z.object({ name: optionalText(120, 'Name').optional(), phone: phone.optional(), language: z.enum(['en', 'hi']).optional() }).strict(),
  ).returns<Profile>(),
  'app.info': method(emptyInput).returns<AppInfo>(),
};
