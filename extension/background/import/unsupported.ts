/**
 * Formats recognised only to say clearly that they cannot be imported (instead of guessing or
 * returning garbage), each with advice the user can follow.
 */
import { isRecord } from './entries';
import type { ImportInput, UnsupportedFormat } from './types';

const EXPORT_AS_URIS =
  'Move the accounts by scanning their QR codes again, or export them as otpauth:// URIs from an app that can read this file (e.g. Aegis on Android).';
const startsWith = (input: ImportInput, magic: string) => magic.split('').every((ch, i) => input.bytes[i] === ch.charCodeAt(0));
const textHas = (input: ImportInput, pattern: RegExp) => input.text !== undefined && pattern.test(input.text);

/** Recognised-but-unsupported formats, checked after every supported importer's `detect`. */
export const unsupportedFormats: readonly UnsupportedFormat[] = [
  { id: 'authy', name: 'Authy', advice: `Authy keeps its keys encrypted on the phone. ${EXPORT_AS_URIS}`, detect: (i) => textHas(i, /com\.authy\.storage/) },
  { id: 'totp-authenticator', name: 'TOTP Authenticator', advice: EXPORT_AS_URIS, detect: (i) => textHas(i, /STATIC_TOTP_CODES_LIST/) },
  {
    id: 'duo',
    name: 'Duo Mobile',
    advice: EXPORT_AS_URIS,
    detect: (i) => Array.isArray(i.json) && i.json.some((e) => isRecord(e) && isRecord(e.otpGenerator)),
  },
  {
    id: 'ente-encrypted',
    name: 'encrypted Ente Auth',
    advice: 'Export from Ente Auth as plain text (otpauth URIs), import it, then delete the file.',
    detect: (i) => isRecord(i.json) && 'encryptedData' in i.json && 'kdfParams' in i.json,
  },
  {
    id: 'stratum-encrypted',
    name: 'encrypted Stratum',
    advice: 'Export from Stratum without encryption, import it, then delete the file.',
    detect: (i) => startsWith(i, 'AUTHENTICATORPRO'),
  },
  {
    id: 'zip',
    name: 'ZIP archive (e.g. Authenticator Plus)',
    advice: 'Unpack the archive and import the export file inside, if it is one of the supported formats.',
    detect: (i) => startsWith(i, 'PK\u0003\u0004'),
  },
  {
    id: 'sqlite',
    name: 'app database (SQLite)',
    advice: `Internal databases of apps such as Google or Microsoft Authenticator are not export files. ${EXPORT_AS_URIS}`,
    detect: (i) => startsWith(i, 'SQLite format 3'),
  },
];
