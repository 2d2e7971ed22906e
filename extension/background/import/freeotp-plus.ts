/**
 * FreeOTP+ JSON export `{ tokenOrder, tokens: [{ algo, counter, digits, issuerExt, label, period,
 * secret: number[] (signed Java bytes), type }] }`, and FreeOTP's own shared-preferences XML
 * (`<map><string name="issuer:label">{token JSON}</string>...`), which holds the same token objects.
 * The counter is kept as stored (FreeOTP stores the next counter to use).
 */
import * as v from 'valibot';
import { bytesToSecret, makeAccount, parseAlgorithm, type Account } from '../../account';
import { convertEntries, describeEntry, isRecord, parseEntry, parseFileShape } from './entries';
import { CorruptFileError, UnsupportedEntryError } from './errors';
import type { ImportResult, Importer } from './types';

const Token = v.object({
  algo: v.optional(v.string(), 'SHA1'),
  counter: v.optional(v.number()),
  digits: v.optional(v.number()),
  issuerExt: v.optional(v.nullable(v.string())),
  issuerInt: v.optional(v.nullable(v.string())),
  label: v.optional(v.nullable(v.string()), ''),
  period: v.optional(v.number()),
  secret: v.array(v.pipe(v.number(), v.integer(), v.minValue(-128, 'secret bytes must be -128..255'), v.maxValue(255, 'secret bytes must be -128..255'))),
  type: v.string(),
});

/** Converts one FreeOTP token object. */
export function freeOtpTokenToAccount(raw: unknown): Account {
  const token = parseEntry(Token, raw);
  const type = token.type.toUpperCase();
  if (type !== 'TOTP' && type !== 'HOTP')
    throw new UnsupportedEntryError(`The token is of type ${token.type.slice(0, 20)}; Twofold supports only TOTP and HOTP.`);
  const algorithm = parseAlgorithm(token.algo);
  if (algorithm === undefined)
    throw new UnsupportedEntryError(`The token uses the algorithm "${token.algo.slice(0, 20)}"; Twofold supports SHA1, SHA256 and SHA512.`);
  return makeAccount({
    type: type === 'HOTP' ? 'hotp' : 'totp',
    secret: bytesToSecret(Uint8Array.from(token.secret, (b) => b & 0xff)),
    algorithm,
    digits: token.digits,
    period: token.period,
    counter: token.counter,
    issuer: token.issuerExt || token.issuerInt || '',
    label: token.label ?? '',
  });
}

/** Names for the skipped list. */
export function describeToken(token: unknown, index: number): string {
  return isRecord(token) ? describeEntry(index, token.issuerExt ?? token.issuerInt, token.label) : `#${index + 1}`;
}

const FileShape = v.object({ tokens: v.array(v.unknown()) });

/** FreeOTP+ JSON export importer. */
export const freeOtpPlusImporter: Importer = {
  id: 'freeotp-plus',
  name: 'FreeOTP+',
  detect: (input) => isRecord(input.json) && Array.isArray(input.json.tokens),
  async read(input): Promise<ImportResult> {
    const file = parseFileShape(FileShape, input.json, 'FreeOTP+');
    return convertEntries(file.tokens, describeToken, freeOtpTokenToAccount);
  },
};

const XML_ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return safeCodePoint(parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10), whole);
    return XML_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

/** The token JSON values of a FreeOTP shared-preferences XML (every `<string>` but `tokenOrder`). */
function xmlTokens(text: string): unknown[] {
  const tokens: unknown[] = [];
  for (const match of text.matchAll(/<string\s+name="([^"]*)"\s*>([^<]*)<\/string>/g)) {
    if (match[1] === 'tokenOrder') continue;
    try {
      tokens.push(JSON.parse(unescapeXml(match[2]!)));
    } catch {
      tokens.push(undefined);
    }
  }
  return tokens;
}

/** FreeOTP / FreeOTP+ internal shared-preferences XML importer (tokens.xml). */
export const freeOtpXmlImporter: Importer = {
  id: 'freeotp-xml',
  name: 'FreeOTP',
  detect: (input) => input.json === undefined && input.text !== undefined && /<map>/.test(input.text) && /&quot;secret&quot;\s*:\s*\[/.test(input.text),
  async read(input): Promise<ImportResult> {
    const tokens = xmlTokens(input.text ?? '');
    if (tokens.length === 0) throw new CorruptFileError('FreeOTP', 'it holds no tokens');
    return convertEntries(tokens, describeToken, freeOtpTokenToAccount);
  },
};
