/**
 * Item units -> the GST portal's Unique Quantity Codes (UQC) used in the HSN summary (table 12)
 * and the e-invoice. Units Lenden's item master offers map one to one; a free-typed unit is
 * matched by its common spellings, else OTH (others). Services (SAC, HSN starting 99) have no
 * quantity: NA, as the portal requires.
 */
const UQC: Record<string, string> = {
  pcs: 'PCS',
  pc: 'PCS',
  piece: 'PCS',
  pieces: 'PCS',
  nos: 'NOS',
  no: 'NOS',
  kg: 'KGS',
  kgs: 'KGS',
  g: 'GMS',
  gm: 'GMS',
  gms: 'GMS',
  gram: 'GMS',
  l: 'LTR',
  ltr: 'LTR',
  litre: 'LTR',
  liter: 'LTR',
  ml: 'MLT',
  box: 'BOX',
  pack: 'PAC',
  pac: 'PAC',
  packet: 'PAC',
  dozen: 'DOZ',
  doz: 'DOZ',
  m: 'MTR',
  mtr: 'MTR',
  metre: 'MTR',
  meter: 'MTR',
  bag: 'BAG',
  bottle: 'BTL',
  btl: 'BTL',
  set: 'SET',
  pair: 'PRS',
  quintal: 'QTL',
  tonne: 'TON',
};

export const isService = (hsn: string | null | undefined): boolean => !!hsn && hsn.startsWith('99');

export function uqcOf(unit: string | null | undefined, hsn: string | null | undefined): string {
  if (isService(hsn)) return 'NA';
  return UQC[(unit ?? '').trim().toLowerCase()] ?? 'OTH';
}
