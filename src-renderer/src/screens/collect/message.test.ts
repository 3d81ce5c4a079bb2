import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { messages } from '../../i18n/resources';
import { reminderMessage, reminderUrl } from './message';
import { isSafeExternalUrl, isWhatsAppLink } from '../../../../src-main/links';

const tIn = (lang: 'en' | 'hi') =>
  ((key: string, vars: Record<string, string>) => {
    const text = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages[lang]) as string;
    return text.replace(/\{\{(\w+)\}\}/g, (_, v: string) => vars[v] ?? '');
  }) as unknown as TFunction;

const draft = {
  partyType: 'customer' as const,
  partyId: '0190f0b0-0000-7000-8000-000000000001',
  name: 'रमेश',
  phone: '98765 43210',
  amountPaise: 1_23_456_78,
  dueDate: '2026-11-10',
  upiLink: 'upi://pay?pa=gupta%40okaxis&pn=%E0%A4%97&am=123456.78&tn=x&cu=INR',
};

describe('payment reminder message', () => {
  it('names the amount in Indian format, the shop, the due date as dd-mm-yyyy and the UPI link, in Hindi', () => {
    expect(reminderMessage(tIn('hi'), draft, 'गुप्ता किराना', '2026-11-15')).toBe(
      'नमस्ते रमेश जी, गुप्ता किराना के ₹1,23,456.78 10-11-2026 तक देने थे। कृपया जल्द से जल्द भुगतान करें। धन्यवाद!\nUPI से भुगतान करें: upi://pay?pa=gupta%40okaxis&pn=%E0%A4%97&am=123456.78&tn=x&cu=INR',
    );
  });

  it('says "is due" for a date still ahead, leaves the pay line out without a UPI ID, and falls back to the balance wording with no date', () => {
    expect(reminderMessage(tIn('en'), { ...draft, name: 'Ramesh', dueDate: '2026-11-15', upiLink: null }, 'Gupta Kirana', '2026-11-15')).toBe(
      'Namaste Ramesh, ₹1,23,456.78 is due on 15-11-2026 at Gupta Kirana. Thank you!',
    );
    expect(reminderMessage(tIn('en'), { ...draft, name: 'Ramesh', dueDate: null, upiLink: null }, 'Gupta Kirana', '2026-11-15')).toBe(
      'Namaste Ramesh, your balance of ₹1,23,456.78 is due at Gupta Kirana. Please pay at your earliest convenience. Thank you!',
    );
  });

  it('travels as a wa.me link the shell’s allowlist opens, the whole message (UPI link too) inside it', () => {
    const url = reminderUrl(tIn('hi'), draft, 'गुप्ता किराना', '2026-11-15');
    expect(isSafeExternalUrl(url)).toBe(true);
    expect(isWhatsAppLink(url)).toBe(true);
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://wa.me/919876543210');
    expect(parsed.searchParams.get('text')).toBe(reminderMessage(tIn('hi'), draft, 'गुप्ता किराना', '2026-11-15'));
    // With no phone number WhatsApp asks whom to send it to; the link still passes.
    expect(isWhatsAppLink(reminderUrl(tIn('hi'), { ...draft, phone: null }, 'x', '2026-11-15'))).toBe(true);
  });
});
