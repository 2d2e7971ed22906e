import { describe, expect, it } from 'vitest';
import { normalize, readEvidence } from '../../../../extension/content/otp/text';

describe('normalize', () => {
  it.each([
    ['verificationCode', 'verification code'],
    ['verification_code', 'verification code'],
    ['MFACode', 'mfa code'],
    ['2FA-Code', '2fa code'],
    ['Bestätigungs\u00ADcode', 'bestatigungscode'],
    ['Código de verificação', 'codigo de verificacao'],
    ['Fødselsnummer', 'fodselsnummer'],
    ['Straße', 'strasse'],
    ['authentication[sms_code]', 'authentication sms code'],
  ])('%s → %s', (raw, out) => expect(normalize(raw)).toBe(out));
});

describe('readEvidence', () => {
  const read = (s: string) => readEvidence(normalize(s));

  it('finds one-time-code phrases in every language', () => {
    for (const s of [
      'One-time passcode',
      'Enter your 2FA code',
      'engangskode',
      'Einmalpasswort',
      'code à usage unique',
      'clave de un solo uso',
      'codice monouso',
      'senha temporária',
      'eenmalige code',
      'we sent you a code',
      'vi har sendt deg en kode',
    ]) {
      expect(read(s).otp, s).toBe(true);
    }
  });

  it('does not take look-alike words for OTP acronyms', () => {
    for (const s of ['footprint', 'hotpot', 'tango', 'postcode', 'promo code']) expect(read(s).otp, s).toBe(false);
  });

  it('names the look-alike kinds', () => {
    expect(read('CVC').negatives).toContain('card');
    expect(read('Postleitzahl').negatives).toContain('postal');
    expect(read('Telefoonnummer').negatives).toContain('phone');
    expect(read('Código promocional').negatives).toContain('promo');
    expect(read('Data di nascita').negatives).toContain('date');
    expect(read('Type the characters you see in the image').negatives).toContain('captcha');
    expect(read('PIN-Code').negatives).toContain('pin');
    expect(read('Booking reference').negatives).toContain('booking');
    expect(read('Recovery code').negatives).toContain('recovery');
    expect(read('').negatives).toEqual([]);
  });
});
