/** wa.me wants the number with country code and no "+": a 10-digit Indian number gets 91. */
export function whatsappNumber(phone: string | null): string {
  if (!phone) return '';
  const digits = phone.replace(/\D/g, '');
  return digits.length === 10 ? `91${digits}` : digits;
}
