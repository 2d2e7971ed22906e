/**
 * Battle.net Authenticator (Android) preferences file `com.blizzard.messenger.authenticator_preferences.xml`:
 * `<string name="com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET">` and `...AUTHENTICATOR_SERIAL`
 * hold hex of the ASCII value XORed byte by byte with a fixed 57-byte mask from the app (the mask
 * Aegis's BattleNetImporter publishes). The unmasked secret is the key in hex; the unmasked serial
 * ("US-2211-2050-3346") becomes the label. Codes are plain TOTP: SHA1, 8 digits, 30 seconds.
 */
import { bytesToSecret, makeAccount } from '../../account';
import { decodeHex } from './crypto';
import { convertEntries } from './entries';
import { CorruptFileError, UnsupportedEntryError } from './errors';
import type { ImportResult, Importer } from './types';

const FORMAT = 'Battle.net Authenticator';
const PREFIX = 'com.blizzard.messenger.';
const MASK = decodeHex('398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a')!;

/** The text of `<string name="com.blizzard.messenger.NAME">…</string>`, if present. */
function preference(text: string, name: string): string | undefined {
  const match = new RegExp(`<string\\s+name="${PREFIX.replace(/\./g, '\\.')}${name}"\\s*>([^<]{0,400})</string>`).exec(text);
  return match?.[1]?.trim();
}

/** Hex of masked ASCII → the ASCII text; undefined when it is not hex or longer than the mask. */
function unmask(masked: string): string | undefined {
  const bytes = decodeHex(masked);
  if (bytes === undefined || bytes.length > MASK.length) return undefined;
  return String.fromCharCode(...bytes.map((byte, i) => byte ^ MASK[i]!));
}

/** Battle.net Authenticator preferences importer (one account per file). */
export const battleNetImporter: Importer = {
  id: 'battle-net',
  name: FORMAT,
  detect: (input) => input.text?.includes(`${PREFIX}AUTHENTICATOR_DEVICE_SECRET`) === true,
  async read(input): Promise<ImportResult> {
    const text = input.text ?? '';
    const maskedSecret = preference(text, 'AUTHENTICATOR_DEVICE_SECRET');
    if (maskedSecret === undefined) throw new CorruptFileError(FORMAT, 'the AUTHENTICATOR_DEVICE_SECRET value is missing or too long');
    const maskedSerial = preference(text, 'AUTHENTICATOR_SERIAL');
    return convertEntries(
      [{ maskedSecret, maskedSerial }],
      () => '#1 Battle.net',
      (entry) => {
        const secretHex = unmask(entry.maskedSecret);
        const key = secretHex === undefined ? undefined : decodeHex(secretHex);
        if (key === undefined || key.length === 0)
          throw new UnsupportedEntryError('The device secret does not unmask to a hex key; the file may come from a newer app version.');
        const serial = entry.maskedSerial === undefined ? '' : (unmask(entry.maskedSerial) ?? '');
        return makeAccount({
          type: 'totp',
          secret: bytesToSecret(key),
          algorithm: 'SHA1',
          digits: 8,
          period: 30,
          issuer: 'Battle.net',
          label: /^[\x20-\x7e]*$/.test(serial) ? serial : '',
        });
      },
    );
  },
};
