/**
 * Which links may leave the app for the system browser or mail client (DESIGN.md section 5).
 * Only https (WhatsApp's wa.me links are https too) and mailto. Everything else — http,
 * file, javascript, custom protocol handlers that could launch programs — stays refused.
 */
const MAX_LINK_LENGTH = 8192;

export function isSafeExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LINK_LENGTH) return false;
  // Whitespace or control characters: URL parsing would silently strip or fix them up.
  for (const ch of raw) {
    const code = ch.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || /\s/.test(ch)) return false;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') {
    // Credentials in a link are a phishing trick ("https://bank.com@evil.example"); a host is required.
    return url.hostname.length > 0 && url.username === '' && url.password === '';
  }
  if (url.protocol === 'mailto:') return url.pathname.length > 0 || url.search.length > 0;
  return false;
}

/** A WhatsApp chat link for a phone number with an optional prefilled message (reminders). */
export function isWhatsAppLink(raw: string): boolean {
  if (!isSafeExternalUrl(raw)) return false;
  const url = new URL(raw);
  return url.protocol === 'https:' && (url.hostname === 'wa.me' || url.hostname === 'api.whatsapp.com');
}
