/**
 * Google Authenticator's "Transfer accounts" export: one or more `otpauth-migration://offline?data=`
 * URLs (one per QR code), each carrying a base64 protobuf `MigrationPayload`:
 *   1 otp_parameters (repeated OtpParameters), 2 version, 3 batch_size, 4 batch_index, 5 batch_id
 *   OtpParameters: 1 secret (bytes), 2 name, 3 issuer, 4 algorithm (1 SHA1, 2 SHA256, 3 SHA512,
 *   4 MD5), 5 digits (1 SIX, 2 EIGHT), 6 type (1 HOTP, 2 TOTP), 7 counter (int64)
 * A large export is split into `batch_size` QR codes sharing a `batch_id`; all of them must be present.
 */
import { bytesToSecret, makeAccount, type Account, type OtpAlgorithm } from '../../account';
import { convertEntries, describeEntry } from './entries';
import { CorruptFileError, UnsupportedEntryError } from './errors';
import { decodeBase64 } from './crypto';
import { ProtobufError, bytesField, readMessage, repeatedBytesField, toSigned, varintField } from './protobuf';
import type { ImportResult } from './types';

const FORMAT = 'Google Authenticator';
const ALGORITHMS: Record<string, OtpAlgorithm> = { '0': 'SHA1', '1': 'SHA1', '2': 'SHA256', '3': 'SHA512' };
const DIGITS: Record<string, number> = { '0': 6, '1': 6, '2': 8 };
const latin = new TextDecoder('utf-8');

/** One decoded QR code of an export. */
export interface MigrationBatch {
  batchId: bigint;
  batchIndex: number;
  batchSize: number;
  result: ImportResult;
}

/** Extracts the raw `data` parameter, keeping a literal "+" (some tools forget to escape it). */
function dataParameter(uri: string, where: string): Uint8Array {
  const query = uri.slice(uri.indexOf('?') + 1);
  const raw = uri.includes('?')
    ? query
        .split('&')
        .find((part) => part.startsWith('data='))
        ?.slice(5)
    : undefined;
  if (raw === undefined || raw === '') throw new CorruptFileError(FORMAT, `${where} has no "data=" parameter`);
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch (cause) {
    throw new CorruptFileError(FORMAT, `${where} has a broken %-escape in its data`, { cause });
  }
  // A "+" turned into a space by form decoding is still a "+" of base64.
  const bytes = decodeBase64(text.replace(/ /g, '+'));
  if (bytes === undefined || bytes.length === 0) throw new CorruptFileError(FORMAT, `${where}'s data is not base64`);
  return bytes;
}

function toAccount(parameters: Uint8Array): Account {
  const fields = readMessage(parameters);
  const name = latin.decode(bytesField(fields, 2));
  const issuer = latin.decode(bytesField(fields, 3)).trim();
  const algorithmCode = varintField(fields, 4).toString();
  if (algorithmCode === '4') throw new UnsupportedEntryError('The account uses MD5, which Twofold does not support (RFC 6238 allows SHA1, SHA256 and SHA512).');
  const algorithm = ALGORITHMS[algorithmCode];
  if (algorithm === undefined) throw new UnsupportedEntryError(`The account uses an unknown algorithm (code ${algorithmCode}).`);
  const digitsCode = varintField(fields, 5).toString();
  const digits = DIGITS[digitsCode];
  if (digits === undefined) throw new UnsupportedEntryError(`The account has an unknown digit count (code ${digitsCode}).`);
  const typeCode = varintField(fields, 6).toString();
  if (typeCode !== '1' && typeCode !== '2') throw new UnsupportedEntryError(`The account has an unknown OTP type (code ${typeCode}); expected HOTP or TOTP.`);
  const counter = toSigned(varintField(fields, 7));
  if (typeCode === '1' && (counter < 0n || counter > BigInt(Number.MAX_SAFE_INTEGER))) throw new UnsupportedEntryError('The HOTP counter is out of range.');
  // Google keeps the full label as the name ("Issuer:account"); drop the prefix when it repeats the issuer.
  const prefix = `${issuer}:`;
  const label = issuer !== '' && name.toLowerCase().startsWith(prefix.toLowerCase()) ? name.slice(prefix.length) : name;
  return makeAccount({
    type: typeCode === '1' ? 'hotp' : 'totp',
    secret: bytesToSecret(bytesField(fields, 1)),
    algorithm,
    digits,
    counter: typeCode === '1' ? Number(counter) : undefined,
    issuer,
    label,
  });
}

/** Decodes one `otpauth-migration://` URL; throws CorruptFileError when it is not a valid payload. */
export function decodeMigrationUri(uri: string, where: string): MigrationBatch {
  if (!/^otpauth-migration:\/\/offline\?/i.test(uri)) throw new CorruptFileError(FORMAT, `${where} does not start with "otpauth-migration://offline?"`);
  const bytes = dataParameter(uri, where);
  try {
    const payload = readMessage(bytes);
    const parameters = repeatedBytesField(payload, 1);
    const declaredSize = toSigned(varintField(payload, 3, 1n));
    const batchSize = declaredSize <= 0n ? 1 : Number(declaredSize > 10_000n ? 10_001n : declaredSize);
    const batchIndex = Number(toSigned(varintField(payload, 4)) < 0n ? -1n : varintField(payload, 4) > 10_000n ? 10_001n : varintField(payload, 4));
    if (batchSize > 10_000) throw new ProtobufError(`batch size ${declaredSize} is implausible`);
    if (batchIndex < 0 || batchIndex >= batchSize) throw new ProtobufError(`batch index ${batchIndex} is not below batch size ${batchSize}`);
    if (parameters.length === 0 && payload.size === 0) throw new ProtobufError('the payload is empty');
    const result = convertEntries(
      parameters,
      (entry, index) => {
        const fields = readMessage(entry);
        return describeEntry(index, latin.decode(bytesField(fields, 3)), latin.decode(bytesField(fields, 2)));
      },
      toAccount,
    );
    return { batchId: toSigned(varintField(payload, 5)), batchIndex, batchSize, result };
  } catch (error) {
    if (error instanceof ProtobufError)
      throw new CorruptFileError(FORMAT, `${where}'s data is not a valid migration payload (${error.message})`, { cause: error });
    throw error;
  }
}

/**
 * Checks the decoded batches of one text and returns those to keep, in order: a duplicate (the same
 * QR code scanned twice) is dropped, and a batch series with a missing QR code fails the whole
 * import, since half an export is not one.
 */
export function checkBatches(batches: readonly MigrationBatch[]): MigrationBatch[] {
  const seen = new Map<string, MigrationBatch>();
  const sizes = new Map<bigint, number>();
  for (const batch of batches) {
    const key = `${batch.batchId}/${batch.batchIndex}`;
    if (seen.has(key)) continue;
    seen.set(key, batch);
    const size = sizes.get(batch.batchId);
    if (size !== undefined && size !== batch.batchSize)
      throw new CorruptFileError(FORMAT, `the QR codes of one export disagree on how many there are (${size} vs ${batch.batchSize})`);
    sizes.set(batch.batchId, batch.batchSize);
  }
  for (const [batchId, size] of sizes) {
    const present = [...seen.values()].filter((b) => b.batchId === batchId).length;
    if (present < size) throw new CorruptFileError(FORMAT, `only ${present} of the export's ${size} QR codes are present; include every code of the export`);
  }
  return [...seen.values()];
}
