// Building blocks of the hostile-input fuzz (test/sdk/server/http/fuzz.test.ts): a seeded random
// source, junk values, and the ways an attacker alters a sealed report or a signed token. Pure
// functions over strings and the site's public material; no I/O.
import { SEAL_ALG, fromBase64Url, sealAad, sealSuite, toBase64Url } from '../../../../sdk/protocol/seal';
import { signCompact } from '../../../../sdk/protocol/rights';

/** A seeded 32-bit LCG: the same seed gives the same run, so a failure can be replayed. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A number in [0, 1). */
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state / 2 ** 32;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const utf8 = new TextEncoder();

/** JSON values of every type and edge an endpoint may be handed instead of the field it wants. */
export const JUNK_VALUES: readonly unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  -1e-308,
  true,
  false,
  '',
  ' ',
  'x',
  '\u0000',
  '\ud800',
  'a\u0000b',
  '\u202e\u0000\uffff',
  '💥'.repeat(50),
  'a'.repeat(257),
  '__proto__',
  'constructor',
  'toString',
  '../../etc/passwd',
  "'; DROP TABLE logins; --",
  [],
  {},
  [1, 'a'],
  { a: { b: {} } },
  { length: 1e9 },
  [[[[[[[[[[]]]]]]]]]],
  'tf1.',
  'tf1...',
  'rt1..',
  'at1.e30.',
  'Bearer x',
];

/** Keys an object in a hostile body may carry besides (or instead of) the expected ones. */
export const HOSTILE_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  '',
  ' ',
  'userid',
  'USERID',
  'token\u0000',
  'sealed ',
  'x'.repeat(300),
];

/** Replaces the character at `index` of a base64url string by another base64url character. */
export function flipBase64Char(text: string, index: number, rng: Rng): string {
  const current = B64URL.indexOf(text[index]!);
  const replacement = B64URL[(Math.max(current, 0) + 1 + rng.int(B64URL.length - 1)) % B64URL.length]!;
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

/**
 * Flips one character of dot-separated part `part`, never its last character: the last character
 * of unpadded base64url carries unused bits, so changing it may decode to the very same bytes.
 */
export function flipInPart(token: string, part: number, rng: Rng): string {
  const parts = token.split('.');
  const text = parts[part]!;
  if (text.length < 2) return token;
  parts[part] = flipBase64Char(text, rng.int(text.length - 1), rng);
  return parts.join('.');
}

/** The readable header of a `tf1.` envelope, decoded (no checks: the fuzz feeds it to the server). */
export function sealedHeader(sealed: string): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(fromBase64Url(sealed.split('.')[1]!)!)) as Record<string, unknown>;
}

/** The envelope with its header replaced by `header` (enc and ciphertext kept, so the AAD no longer matches). */
export function withHeader(sealed: string, header: unknown): string {
  const parts = sealed.split('.');
  parts[1] = toBase64Url(utf8.encode(typeof header === 'string' ? header : JSON.stringify(header)));
  return parts.join('.');
}

/** Removes `count` characters from a random dot-separated part (keeps four parts). */
export function cutInsidePart(sealed: string, rng: Rng): string {
  const parts = sealed.split('.');
  const index = 1 + rng.int(parts.length - 1);
  const text = parts[index]!;
  const at = rng.int(text.length);
  parts[index] = text.slice(0, at) + text.slice(at + 1 + rng.int(Math.min(40, text.length - at)));
  return parts.join('.');
}

/** What an attacker holding only the site's public key can seal: any header and any plaintext bytes. */
export interface CraftedSeal {
  publicKey: string;
  header: Record<string, unknown>;
  plaintext: Uint8Array | string;
}

/** Seals `plaintext` under `header` with the public key, exactly as tf.seal() does, so it authenticates. */
export async function sealCrafted({ publicKey, header, plaintext }: CraftedSeal): Promise<string> {
  const suite = sealSuite();
  const key = await suite.kem.deserializePublicKey(fromBase64Url(publicKey)!);
  const headerPart = toBase64Url(utf8.encode(JSON.stringify(header)));
  const bytes = typeof plaintext === 'string' ? utf8.encode(plaintext) : plaintext;
  const { enc, ct } = await suite.seal({ recipientPublicKey: key, info: utf8.encode('twofold/seal/v1') }, bytes, sealAad(headerPart));
  return `tf1.${headerPart}.${toBase64Url(enc)}.${toBase64Url(ct)}`;
}

/** A well-formed seal header for `site` on `origin` with `nonce`, sealed now. */
export function sealHeaderFor(kid: string, site: string, origin: string, nonce: string, iat = Date.now()): Record<string, unknown> {
  return { v: 1, alg: SEAL_ALG, kid, site, origin, nonce, iat };
}

/** A signing key an attacker owns: it signs well-formed tokens the site must not accept. */
export async function attackerSigner(): Promise<(prefix: string, claims: object) => Promise<string>> {
  const pair = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  return (prefix, claims) => signCompact(prefix, claims, pair.privateKey);
}

/** The claims of a compact signed token, decoded without verifying. */
export function tokenClaims(token: string): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(fromBase64Url(token.split('.')[1]!)!)) as Record<string, unknown>;
}

/** The token with its claims replaced and the original signature kept. */
export function withClaims(token: string, claims: object): string {
  const parts = token.split('.');
  parts[1] = toBase64Url(utf8.encode(JSON.stringify(claims)));
  return parts.join('.');
}

/** Ways to mangle a signed token that never yield the same bytes (so the token must be refused). */
export function mangleToken(token: string, rng: Rng): string {
  const parts = token.split('.');
  switch (rng.int(9)) {
    case 0:
      return flipInPart(token, 1, rng);
    case 1:
      return flipInPart(token, 2, rng);
    case 2:
      return token.slice(0, 4 + rng.int(token.length - 8));
    case 3:
      return `${parts[0]}.${parts[1]}.`;
    case 4:
      return `${parts[0]}.${parts[1]}`;
    case 5:
      return [parts[0], parts[2], parts[1]].join('.');
    case 6:
      return `${parts[0]}.${parts[1]}.${parts[2]}.${parts[2]}`;
    case 7:
      return token.toUpperCase();
    default:
      return `${token}${rng.pick(['=', '==', '.', '%00', ' ', 'A'])}`;
  }
}

/** A malformed JSON text made from the JSON object text `valid`: truncated, garbled, or not JSON at all. */
export function malformedJson(valid: string, rng: Rng): string {
  const text = garble(valid, rng);
  try {
    JSON.parse(text);
  } catch {
    return text;
  }
  // A random garbling that still parses (rare) would not be malformed JSON: fall back to a cut one.
  return valid.slice(0, valid.length - 1);
}

function garble(valid: string, rng: Rng): string {
  switch (rng.int(10)) {
    case 0:
      return valid.slice(0, 1 + rng.int(Math.max(1, valid.length - 2)));
    case 1:
      return `${valid}}`;
    case 2:
      return valid.replace(/"/g, "'");
    case 3:
      return valid.replace(/:/, '');
    case 4:
      return `\ufeff${valid}`;
    case 5:
      return `{"a":${'['.repeat(rng.int(5000) + 1)}`;
    case 6:
      return rng.pick(['undefined', 'NaN', '{a:1}', '[1,]', '{"a":1,}', '"\\x41"', '{"a":01}', '\u0000', '{}{}', '{"a":"\\u12"}']);
    case 7:
      return String.fromCharCode(...Array.from({ length: 1 + rng.int(64) }, () => 1 + rng.int(0x7e)));
    case 8:
      return `${valid.slice(0, rng.int(valid.length))}\n\r\t${valid.slice(rng.int(valid.length))}`.replace(/^\s*\{/, '{,');
    default:
      return `<?xml version="1.0"?><assess userId="x"/>`;
  }
}

/** One request of the fuzz and what the server may answer: `ok` for any 2xx, otherwise error codes. */
export interface Shot {
  method: string;
  path: string;
  /** Headers; `content-type` defaults to application/json when there is a body ('' sends none). */
  headers?: Record<string, string>;
  body?: string;
  /** Stream the body in chunks, without a Content-Length. */
  chunked?: boolean;
  expect: readonly string[];
  /** A positive control (a genuine request the scenario needs), not counted as hostile. */
  genuine?: boolean;
}

/** The server's answer: status, the error code (or `ok`), the parsed JSON body. */
export interface Answer {
  status: number;
  code: string;
  json: Record<string, unknown> | undefined;
}

/** A genuine sign-in: the tokens the server issued for it. */
export interface Login {
  rightsToken: string;
  attemptToken: string;
  receipt: string;
  deviceId: string;
}

/** What a hostile class gets: randomness, the site's public material, and ways to talk to the server. */
export interface HostileContext {
  rng: Rng;
  site: { name: string; origin: string; publicKey: string; kid: string; apiKey: string };
  /** Signs with the site's own key: tokens the server really issued (then expired, or never registered). */
  siteSign(prefix: string, claims: object): Promise<string>;
  attackerSign(prefix: string, claims: object): Promise<string>;
  send(shot: Shot): Promise<Answer>;
  /** Records a broken rule the answers alone do not show (e.g. two racing replays both accepted). */
  flag(text: string): void;
  /** Sends headers announcing `declared` body bytes, writes `sent` of them and hangs up (no answer expected). */
  abort(path: string, declared: number, sent: number): Promise<void>;
  /** A fresh nonce from GET /twofold/nonce. */
  nonce(): Promise<string>;
  /** A genuine sealed report on a freshly issued nonce. */
  sealed(deviceId?: string): Promise<string>;
  /** A genuine sealed report shared by up to 25 callers: its nonce stays unspent as long as the server refuses every altered copy. */
  spareSealed(): Promise<string>;
  /** A genuine assess (sealed) → its tokens. */
  login(): Promise<Login>;
  /** A genuine login shared by up to 25 callers (its rights token is never spent by them). */
  spareLogin(): Promise<Login>;
}

/** A family of hostile inputs: `run` sends one scenario; `mustSee` are codes a full run must have produced. */
export interface HostileClass {
  name: string;
  /** Relative share of scenarios. */
  weight: number;
  mustSee: readonly string[];
  run(ctx: HostileContext): Promise<void>;
}

/** Mount path of the endpoints under test. */
export const BASE = '/twofold';
/** Endpoints that read a JSON body (paths under BASE). */
export const JSON_ENDPOINTS = ['assess', 'record', 'rights/access', 'rights/export', 'rights/erase', 'rights/object', 'rights/rectify'] as const;
/** One of JSON_ENDPOINTS. */
export type JsonEndpoint = (typeof JSON_ENDPOINTS)[number];
