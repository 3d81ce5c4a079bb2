// Amounts in words in the Indian numbering system (thousand, lakh, crore), as printed on
// invoices and cheques. Works on integer paise only: no float ever touches the figure.

export type Language = 'en' | 'hi';

const EN_ONES = [
  'Zero', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten',
  'Eleven', 'Twelve', 'Thirteen', 'Fourteen', 'Fifteen', 'Sixteen', 'Seventeen', 'Eighteen', 'Nineteen',
];
const EN_TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'];

const en99 = (n: number): string => (n < 20 ? EN_ONES[n]! : `${EN_TENS[Math.floor(n / 10)]}${n % 10 ? ` ${EN_ONES[n % 10]}` : ''}`);

// Hindi number words 0-99 do not follow a pattern (२१ इक्कीस, ३१ इकतीस, ४१ इकतालीस ...), so
// they come from a full table, as every Hindi primer lists them.
const HI_0_99 = [
  'शून्य', 'एक', 'दो', 'तीन', 'चार', 'पाँच', 'छह', 'सात', 'आठ', 'नौ',
  'दस', 'ग्यारह', 'बारह', 'तेरह', 'चौदह', 'पंद्रह', 'सोलह', 'सत्रह', 'अठारह', 'उन्नीस',
  'बीस', 'इक्कीस', 'बाईस', 'तेईस', 'चौबीस', 'पच्चीस', 'छब्बीस', 'सत्ताईस', 'अट्ठाईस', 'उनतीस',
  'तीस', 'इकतीस', 'बत्तीस', 'तैंतीस', 'चौंतीस', 'पैंतीस', 'छत्तीस', 'सैंतीस', 'अड़तीस', 'उनतालीस',
  'चालीस', 'इकतालीस', 'बयालीस', 'तैंतालीस', 'चवालीस', 'पैंतालीस', 'छियालीस', 'सैंतालीस', 'अड़तालीस', 'उनचास',
  'पचास', 'इक्यावन', 'बावन', 'तिरपन', 'चौवन', 'पचपन', 'छप्पन', 'सत्तावन', 'अट्ठावन', 'उनसठ',
  'साठ', 'इकसठ', 'बासठ', 'तिरसठ', 'चौंसठ', 'पैंसठ', 'छियासठ', 'सड़सठ', 'अड़सठ', 'उनहत्तर',
  'सत्तर', 'इकहत्तर', 'बहत्तर', 'तिहत्तर', 'चौहत्तर', 'पचहत्तर', 'छिहत्तर', 'सतहत्तर', 'अठहत्तर', 'उन्यासी',
  'अस्सी', 'इक्यासी', 'बयासी', 'तिरासी', 'चौरासी', 'पचासी', 'छियासी', 'सत्तासी', 'अट्ठासी', 'नवासी',
  'नब्बे', 'इक्यानबे', 'बानबे', 'तिरानबे', 'चौरानबे', 'पचानबे', 'छियानबे', 'सत्तानबे', 'अट्ठानबे', 'निन्यानबे',
];

const SCALE = {
  en: { hundred: 'Hundred', thousand: 'Thousand', lakh: 'Lakh', crore: 'Crore' },
  hi: { hundred: 'सौ', thousand: 'हज़ार', lakh: 'लाख', crore: 'करोड़' },
};

const small = (lang: Language, n: number) => (lang === 'en' ? en99(n) : HI_0_99[n]!);

/** Words for a whole number >= 1 in the Indian system; crores above 99 recurse ("Nine Thousand ... Crore"). */
export function integerInWords(n: number, lang: Language): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('integerInWords needs a non-negative safe integer');
  if (n === 0) return small(lang, 0);
  const s = SCALE[lang];
  const parts: string[] = [];
  const crore = Math.floor(n / 10_000_000);
  let rest = n % 10_000_000;
  if (crore) parts.push(`${integerInWords(crore, lang)} ${s.crore}`);
  const lakh = Math.floor(rest / 100_000);
  rest %= 100_000;
  if (lakh) parts.push(`${small(lang, lakh)} ${s.lakh}`);
  const thousand = Math.floor(rest / 1000);
  rest %= 1000;
  if (thousand) parts.push(`${small(lang, thousand)} ${s.thousand}`);
  const hundred = Math.floor(rest / 100);
  rest %= 100;
  if (hundred) parts.push(`${small(lang, hundred)} ${s.hundred}`);
  if (rest) parts.push(small(lang, rest));
  return parts.join(' ');
}

/**
 * "Rupees Twelve Crore ... and Fifty Paise Only" / "बारह करोड़ ... रुपये और पचास पैसे मात्र".
 * The sign is dropped: callers say "you'll get" or "you'll give" around it.
 */
export function amountInWords(paise: number, lang: Language = 'en'): string {
  if (!Number.isSafeInteger(paise)) throw new RangeError('amountInWords needs whole paise');
  const abs = Math.abs(paise);
  const rupees = Math.floor(abs / 100);
  const p = abs % 100;
  if (lang === 'en') {
    if (rupees === 0 && p > 0) return `${integerInWords(p, 'en')} ${p === 1 ? 'Paisa' : 'Paise'} Only`;
    const paisePart = p ? ` and ${integerInWords(p, 'en')} ${p === 1 ? 'Paisa' : 'Paise'}` : '';
    return `Rupees ${integerInWords(rupees, 'en')}${paisePart} Only`;
  }
  const paiseWord = p === 1 ? 'पैसा' : 'पैसे';
  if (rupees === 0 && p > 0) return `${integerInWords(p, 'hi')} ${paiseWord} मात्र`;
  const rupeeWord = rupees === 1 ? 'रुपया' : 'रुपये';
  const paisePart = p ? ` और ${integerInWords(p, 'hi')} ${paiseWord}` : '';
  return `${integerInWords(rupees, 'hi')} ${rupeeWord}${paisePart} मात्र`;
}
