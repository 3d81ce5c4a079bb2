import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl, isWhatsAppLink } from './links';

describe('external link allowlist', () => {
  it.each([
    'https://example.com',
    'https://example.com/path?q=1#x',
    `https://wa.me/919876543210?text=${encodeURIComponent('Namaste, ₹1,250 is due. Thank you!')}`,
    'mailto:owner@example.com',
    'mailto:owner@example.com?subject=Bill%20INV-1-7',
  ])('accepts %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://example.com',
    'file:///C:/Windows/System32/calc.exe',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=x',
    'lenden://open',
    'whatsapp://send?phone=919876543210',
    'smb://server/share',
    'https://user:pass@example.com',
    'https://bank.example@evil.example',
    'https://',
    'https:// example.com',
    'not a url',
    '',
    '//example.com',
    'mailto:',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it('refuses non-strings and very long links', () => {
    expect(isSafeExternalUrl(undefined)).toBe(false);
    expect(isSafeExternalUrl({ href: 'https://example.com' })).toBe(false);
    expect(isSafeExternalUrl(`https://example.com/${'a'.repeat(9000)}`)).toBe(false);
  });

  it('recognises WhatsApp links', () => {
    expect(isWhatsAppLink('https://wa.me/919876543210?text=hi')).toBe(true);
    expect(isWhatsAppLink('https://example.com')).toBe(false);
    expect(isWhatsAppLink('http://wa.me/919876543210')).toBe(false);
  });
});
