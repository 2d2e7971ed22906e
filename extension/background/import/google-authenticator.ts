/** Google Authenticator's export: text holding one or more `otpauth-migration://` URLs (see google-migration.ts). */
import { readUriLines } from './uri-lines';
import type { Importer } from './types';

/** Google Authenticator export importer; claims any text mentioning a migration URL, so a malformed one gets a precise error. */
export const googleAuthenticatorImporter: Importer = {
  id: 'google-authenticator',
  name: 'Google Authenticator',
  detect: (input) => input.json === undefined && input.text !== undefined && /otpauth-migration:\/\//i.test(input.text),
  read: async (input) => readUriLines(input.text ?? '', 'Google Authenticator'),
};
