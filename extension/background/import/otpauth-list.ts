/** A plain text list of `otpauth://` URIs (Aegis/Ente/andOTP "plain text" exports, hand-made lists). */
import { hasUriLine, readUriLines } from './uri-lines';
import type { Importer } from './types';

/** Plain otpauth URI list importer. */
export const otpauthListImporter: Importer = {
  id: 'otpauth-list',
  name: 'otpauth URI list',
  detect: (input) => input.json === undefined && input.text !== undefined && hasUriLine(input.text, 'otpauth'),
  read: async (input) => readUriLines(input.text ?? '', 'otpauth URI list'),
};
