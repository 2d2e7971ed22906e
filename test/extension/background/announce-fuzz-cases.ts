/**
 * Inputs of the announcement fuzz: a seeded generator of malformed `twofold:announce` details
 * (truncated, broken, oversized, type-confused, prototype-pollution keys, bad timestamps, bad
 * receipt signature / rights token fields, bad signal lists, wrong version, missing fields) made
 * from valid announcements, and of lying-but-well-formed claims (another origin or site, a forged
 * signature or token). Not a test file itself.
 */
import { MAX_ANNOUNCEMENT_LENGTH, MAX_TOKEN_LENGTH } from '../../../sdk/protocol/announce';
import { NASTY, mutateJson, stretchJson } from '../import/mutations';

/** The malformed-detail classes. */
export const DETAIL_CLASSES = [
  'truncated',
  'broken-syntax',
  'oversized',
  'not-a-string',
  'json-swap',
  'stretch',
  'proto-keys',
  'bad-timestamp',
  'bad-token',
  'bad-signals',
  'wrong-version',
  'missing-field',
  'wrong-root',
] as const;
/** One malformed-detail class. */
export type DetailClass = (typeof DETAIL_CLASSES)[number];

/** The lying-claim classes (valid shape, false content). */
export const CLAIM_CLASSES = ['other-origin', 'other-site', 'forged-signature', 'forged-token', 'copied-signature'] as const;
/** One lying-claim class. */
export type ClaimClass = (typeof CLAIM_CLASSES)[number];

const pick = <T>(xs: readonly T[], next: () => number): T => xs[Math.floor(next() * xs.length)]!;
const REQUIRED = ['v', 'site', 'origin', 'signals', 'receiptId', 'receiptTime', 'consent', 'collectedAt', 'sdkVersion'];
const BAD_TIMES: unknown[] = ['2026-13-45T99:99:99Z', 'yesterday', '', 0, 1767225600000, '2026-03-01', '2026-03-01T10:00:00.000Z<script>', '\u0000', {}];
const BAD_TOKENS: unknown[] = ['', 'x'.repeat(MAX_TOKEN_LENGTH + 1), 42, {}, ['rt1.a.b'], true, null];
const POLLUTION = ['"__proto__":{"polluted":true}', '"constructor":{"prototype":{"polluted":true}}', '"prototype":{"polluted":true}'];

function badSignals(next: () => number): unknown {
  const ok = { id: 'screen', category: 'device' };
  return pick<unknown>(
    [
      Array.from({ length: 65 }, (_, i) => ({ id: `s${i}`, category: 'device' })),
      [{ id: 'x'.repeat(65), category: 'device' }],
      [{ id: 'screen', category: 'not-a-category' }],
      [ok, null],
      [{ id: 42, category: 'device' }],
      [{ category: 'device' }],
      'screen',
      { 0: ok },
      [[ok]],
    ],
    next,
  );
}

/** Indexes of JSON structural characters outside string contents (a string's own quotes count). */
function structuralPositions(text: string): number[] {
  const out: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') {
        inString = false;
        out.push(i);
      }
    } else if (ch === '"') {
      inString = true;
      out.push(i);
    } else if ('{}[]:,'.includes(ch)) out.push(i);
  }
  return out;
}

/** A malformed variant of `valid` of class `kind`: a string detail, or (not-a-string) any value. */
export function malformedDetail(valid: Record<string, unknown>, kind: DetailClass, next: () => number): unknown {
  const doc = structuredClone(valid);
  switch (kind) {
    case 'truncated': {
      const text = JSON.stringify(doc);
      return text.slice(0, Math.floor(next() * text.length));
    }
    case 'broken-syntax': {
      // Replace one structural character (a brace, bracket, colon, comma or quote) outside string
      // contents by a different token, so the text is never JSON (the oracle relies on that).
      const text = JSON.stringify(doc);
      const at = pick(structuralPositions(text), next);
      const token = pick(
        ['', '::', '}', ',,', '\\', 'NaN', "'", ']'].filter((t) => t !== text[at]),
        next,
      );
      return text.slice(0, at) + token + text.slice(at + 1);
    }
    case 'oversized':
      return next() < 0.5
        ? `${JSON.stringify(doc)}${' '.repeat(MAX_ANNOUNCEMENT_LENGTH)}`
        : JSON.stringify({ ...doc, site: 'a'.repeat(MAX_ANNOUNCEMENT_LENGTH) });
    case 'not-a-string':
      return pick([null, undefined, 42, doc, [JSON.stringify(doc)], true, new Uint8Array(4)], next);
    case 'json-swap': {
      let out: unknown = doc;
      for (let n = 1 + Math.floor(next() * 3); n > 0; n--) out = mutateJson(out, next);
      return JSON.stringify(out);
    }
    case 'stretch':
      return JSON.stringify(stretchJson(doc, next));
    case 'proto-keys': {
      // Own `__proto__` keys only survive in JSON text (an object literal would set the prototype).
      const text = JSON.stringify(doc);
      const where = pick(['{', '"signals":[{', '"controller":{'], next);
      const at = text.indexOf(where);
      const key = pick(POLLUTION, next);
      return at < 0 ? `{${key},${text.slice(1)}` : `${text.slice(0, at + where.length)}${key},${text.slice(at + where.length)}`;
    }
    case 'bad-timestamp':
      doc[pick(['receiptTime', 'collectedAt', 'withdrawnAt'], next)] = pick(BAD_TIMES, next);
      return JSON.stringify(doc);
    case 'bad-token':
      doc[pick(['rightsToken', 'receiptSignature'], next)] = pick(BAD_TOKENS, next);
      return JSON.stringify(doc);
    case 'bad-signals':
      doc.signals = badSignals(next);
      return JSON.stringify(doc);
    case 'wrong-version':
      doc.v = pick([0, 2, '1', 1.5, null, -1, 1e308], next);
      return JSON.stringify(doc);
    case 'missing-field':
      delete doc[pick(REQUIRED, next)];
      return JSON.stringify(doc);
    case 'wrong-root':
      return JSON.stringify(pick([[doc], 'announce', 42, null, true, { announcement: doc }, Object.values(doc)], next));
  }
}

/** A well-formed announcement that lies: about its origin or site, or with a forged signature or token. */
export function lyingClaim(valid: Record<string, unknown>, other: Record<string, unknown>, kind: ClaimClass, next: () => number): Record<string, unknown> {
  const doc = structuredClone(valid);
  switch (kind) {
    case 'other-origin':
      doc.origin = pick(['https://bank.example', 'https://shop.example', 'http://127.0.0.1:1', 'chrome-extension://abc', ''], next);
      break;
    case 'other-site':
      doc.site = pick(['bank.example', 'google.com', 'localhost', 'x'.repeat(253)], next);
      break;
    case 'forged-signature':
      doc.receiptSignature = pick(['rc1.a.b', 'rc1.', `rc1.${'A'.repeat(300)}.${'B'.repeat(86)}`, 'not-a-token', String(NASTY[6])], next) || 'rc1.x';
      break;
    case 'forged-token':
      doc.rightsToken = pick(['rt1.forged', 'x', 'r'.repeat(MAX_TOKEN_LENGTH)], next);
      break;
    case 'copied-signature':
      // Another receipt's genuine signature on this receipt's claims.
      doc.receiptSignature = other.receiptSignature;
      break;
  }
  return doc;
}
