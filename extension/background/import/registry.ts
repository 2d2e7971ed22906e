/**
 * The ordered list of supported formats. Adding a format = one file + one line here. Specific
 * structured formats come first; the generic text readers (migration URLs, otpauth lists) and the
 * binary andOTP detector last, so they never shadow a more precise match.
 */
import { aegisImporter } from './aegis';
import { andOtpImporter } from './andotp';
import { battleNetImporter } from './battle-net';
import { bitwardenJsonImporter } from './bitwarden';
import { bitwardenCsvImporter } from './bitwarden-csv';
import { freeOtpPlusImporter, freeOtpXmlImporter } from './freeotp-plus';
import { googleAuthenticatorImporter } from './google-authenticator';
import { otpauthListImporter } from './otpauth-list';
import { protonImporter } from './proton';
import { steamMaFileImporter } from './steam-mafile';
import { stratumImporter } from './stratum';
import { twofoldBackupImporter } from './twofold-backup';
import { twoFasImporter } from './twofas';
import type { Importer } from './types';

/** Every supported import format, in detection order. */
export const importers: readonly Importer[] = [
  twofoldBackupImporter,
  aegisImporter,
  twoFasImporter,
  bitwardenJsonImporter,
  freeOtpPlusImporter,
  protonImporter,
  stratumImporter,
  steamMaFileImporter,
  andOtpImporter,
  freeOtpXmlImporter,
  bitwardenCsvImporter,
  battleNetImporter,
  googleAuthenticatorImporter,
  otpauthListImporter,
];
