/**
 * `otpauth://` URIs after Google's Key Uri Format
 * (https://github.com/google/google-authenticator/wiki/Key-Uri-Format):
 *
 *   otpauth://TYPE/LABEL?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30|counter=N
 *
 * LABEL is `issuer:account` or `account`, URL-encoded; the colon may be literal or `%3A` and spaces
 * may follow it. When both the `issuer` parameter and the label prefix exist the parameter wins.
 * Defaults: SHA1, 6 digits, period 30; an HOTP URI without `counter` starts at 0 (Google marks it
 * required, but many generators omit it and 0 is what they mean).
 *
 * Steam Guard comes in two spellings: KeePassXC's `otpauth://totp/Steam:name?secret=…&encoder=steam`
 * (also written by Twofold) and `otpauth://steam/…` (Aegis and Ente Auth plain-text exports). Both
 * parse to a TOTP account with `encoder: 'steam'`; their digits/period/algorithm are Steam's own.
 */
import { TwofoldError } from '../sdk/protocol/errors';
import { InvalidSecretError, MAX_DIGITS, MAX_PERIOD, MIN_DIGITS, makeAccount, normaliseSecret, parseAlgorithm, type Account, type OtpType } from './account';

/** Why an otpauth URI was refused; stable values a caller may branch on. */
export type OtpauthProblem =
  | 'bad_scheme'
  | 'bad_encoding'
  | 'unsupported_type'
  | 'missing_secret'
  | 'invalid_secret'
  | 'unsupported_algorithm'
  | 'bad_digits'
  | 'bad_period'
  | 'bad_counter'
  | 'unsupported_encoder';

/** Thrown by `parseOtpauthUri`: code `invalid_otpauth_uri`, `problem` says which part is wrong. */
export class InvalidOtpauthError extends TwofoldError {
  readonly problem: OtpauthProblem;
  constructor(problem: OtpauthProblem, message: string, options: { cause?: unknown } = {}) {
    super('invalid_otpauth_uri', message, options);
    this.name = 'InvalidOtpauthError';
    this.problem = problem;
  }
}

const URI_SHAPE = /^otpauth:\/\/([^/?#]*)\/?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/is;
const LONGEST_URI = 8192;

/** Where a value came from, for messages that never echo the secret. */
function describeStart(uri: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1];
  return scheme ? `a "${scheme}:" URI` : uri.length === 0 ? 'an empty text' : 'text that is not a URI';
}

function decodeComponent(raw: string, what: string): string {
  try {
    return decodeURIComponent(raw);
  } catch (cause) {
    throw new InvalidOtpauthError('bad_encoding', `The otpauth URI's ${what} has a broken %-escape; expected URL-encoded text.`, { cause });
  }
}

function parseQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '), 'query')
      .trim()
      .toLowerCase();
    const value = eq < 0 ? '' : decodeComponent(part.slice(eq + 1).replace(/\+/g, ' '), `"${key}" parameter`);
    // First occurrence wins: a later duplicate must not override what the user saw first.
    if (!params.has(key)) params.set(key, value);
  }
  return params;
}

function parseWholeNumber(raw: string | undefined, problem: OtpauthProblem, what: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  const value = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
    throw new InvalidOtpauthError(problem, `The otpauth URI's ${what} must be a whole number from ${min} to ${max}, but it is "${shown}".`);
  }
  return value;
}

/**
 * Parses an `otpauth://totp/...` or `otpauth://hotp/...` URI into a validated Account.
 * Throws InvalidOtpauthError saying what was expected and what came (never echoing the secret).
 */
export function parseOtpauthUri(uri: string): Account {
  if (typeof uri !== 'string') throw new InvalidOtpauthError('bad_scheme', 'Expected an otpauth:// URI as text, but got no text.');
  const text = uri.trim();
  if (text.length > LONGEST_URI)
    throw new InvalidOtpauthError('bad_encoding', `The otpauth URI is ${text.length} characters long; at most ${LONGEST_URI} are accepted.`);
  const match = URI_SHAPE.exec(text);
  if (!match) {
    const hint = /^otpauth-migration:/i.test(text)
      ? ' This is a Google Authenticator export: use Import instead.'
      : /^steam:/i.test(text)
        ? ' For Steam Guard use "otpauth://totp/Steam:<name>?secret=<base32>&encoder=steam".'
        : '';
    throw new InvalidOtpauthError('bad_scheme', `Expected a URI starting with "otpauth://totp/" or "otpauth://hotp/", but got ${describeStart(text)}.${hint}`);
  }
  const rawType = match[1]!.toLowerCase();
  if (rawType !== 'totp' && rawType !== 'hotp' && rawType !== 'steam') {
    const shown = rawType === '' ? 'no type' : `"${rawType.slice(0, 20)}"`;
    throw new InvalidOtpauthError('unsupported_type', `Expected the otpauth type "totp", "hotp" or "steam", but got ${shown}.`);
  }
  const params = parseQuery(match[3] ?? '');
  const rawEncoder = params.get('encoder')?.trim().toLowerCase();
  if (rawEncoder !== undefined && rawEncoder !== '' && rawEncoder !== 'steam') {
    throw new InvalidOtpauthError('unsupported_encoder', `Expected no encoder or encoder=steam, but got "${rawEncoder.slice(0, 20)}".`);
  }
  const steam = rawType === 'steam' || rawEncoder === 'steam';
  if (steam && rawType === 'hotp')
    throw new InvalidOtpauthError('unsupported_encoder', 'encoder=steam needs an otpauth://totp/ URI; Steam Guard codes are time-based.');
  const type: OtpType = rawType === 'hotp' ? 'hotp' : 'totp';

  const rawSecret = params.get('secret');
  if (rawSecret === undefined || rawSecret.trim() === '') {
    throw new InvalidOtpauthError('missing_secret', 'The otpauth URI has no "secret" parameter; expected secret=<base32 key>.');
  }
  let secret: string;
  try {
    secret = normaliseSecret(rawSecret);
  } catch (cause) {
    const detail = cause instanceof InvalidSecretError ? cause.message : 'it is not base32.';
    throw new InvalidOtpauthError('invalid_secret', `The otpauth URI's secret is not valid base32. ${detail}`, { cause });
  }

  const { issuer, label } = splitLabel(match[2]!, params.get('issuer'));
  // Steam's digits, period and hash are fixed; apps write 5 (or nothing) and the values are ignored.
  if (steam) return makeAccount({ type, secret, issuer, label, encoder: 'steam' });

  const rawAlgorithm = params.get('algorithm');
  const algorithm = rawAlgorithm === undefined ? undefined : parseAlgorithm(rawAlgorithm);
  if (rawAlgorithm !== undefined && algorithm === undefined) {
    throw new InvalidOtpauthError('unsupported_algorithm', `Expected algorithm SHA1, SHA256 or SHA512, but got "${rawAlgorithm.slice(0, 20)}".`);
  }
  const digits = parseWholeNumber(params.get('digits'), 'bad_digits', 'digits', MIN_DIGITS, MAX_DIGITS);
  const period = type === 'totp' ? parseWholeNumber(params.get('period'), 'bad_period', 'period (seconds)', 1, MAX_PERIOD) : undefined;
  const counter = type === 'hotp' ? parseWholeNumber(params.get('counter'), 'bad_counter', 'counter', 0, Number.MAX_SAFE_INTEGER) : undefined;

  return makeAccount({ type, secret, algorithm, digits, period, counter, issuer, label });
}

/**
 * Splits the raw (still encoded) label into issuer prefix and account name; the `issuer` parameter
 * wins. A literal ":" is the separator when present (so "%3A" inside an encoded issuer or name stays
 * part of it); otherwise the first "%3A" is, as the Key Uri Format allows either.
 */
function splitLabel(rawLabel: string, issuerParam: string | undefined): { issuer: string; label: string } {
  let at = rawLabel.indexOf(':');
  let width = 1;
  if (at < 0) {
    at = rawLabel.search(/%3A/i);
    width = 3;
  }
  const prefix = at < 0 ? undefined : decodeComponent(rawLabel.slice(0, at), 'label').trim();
  const name = decodeComponent(at < 0 ? rawLabel : rawLabel.slice(at + width), 'label').trim();
  const issuer = issuerParam !== undefined && issuerParam.trim() !== '' ? issuerParam.trim() : (prefix ?? '');
  return { issuer, label: name };
}

/**
 * Formats an Account as an otpauth URI that `parseOtpauthUri` reads back to the same Account.
 * Always writes every parameter, so other apps need not guess defaults. Contains the secret:
 * callers must treat the result like the secret itself.
 */
export function formatOtpauthUri(account: Account): string {
  // A label containing ":" without an issuer gets an empty prefix, so it is not mistaken for one.
  const labelPath =
    account.issuer !== ''
      ? `${encodeURIComponent(account.issuer)}:${encodeURIComponent(account.label)}`
      : account.label.includes(':')
        ? `:${encodeURIComponent(account.label)}`
        : encodeURIComponent(account.label);
  const params = [`secret=${account.secret}`];
  if (account.issuer !== '') params.push(`issuer=${encodeURIComponent(account.issuer)}`);
  params.push(`algorithm=${account.algorithm}`, `digits=${account.digits}`);
  if (account.type === 'totp') params.push(`period=${account.period ?? 30}`);
  else params.push(`counter=${account.counter ?? 0}`);
  if (account.encoder) params.push(`encoder=${account.encoder}`);
  return `otpauth://${account.type}/${labelPath}?${params.join('&')}`;
}
