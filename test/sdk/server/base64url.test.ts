import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../../sdk/protocol/seal';
import { decodeBase64Url } from '../../../sdk/server/base64url';

describe('server base64url (Buffer) agrees with the protocol codec', () => {
  it('encodes and decodes every length from 0 to 66 bytes to the same text and bytes', () => {
    for (let length = 0; length <= 66; length++) {
      const bytes = randomBytes(length);
      const text = toBase64Url(bytes);
      // The server encodes with Buffer directly (rights.ts, nonce-mac.ts): the same text as the protocol's.
      expect(bytes.toString('base64url')).toBe(text);
      expect(Uint8Array.from(decodeBase64Url(text)!)).toEqual(fromBase64Url(text));
    }
  });

  it.each([
    ['the standard alphabet', 'ab+c'],
    ['padding', 'YQ=='],
    ['a slash', 'a/bc'],
    ['whitespace', 'ab c'],
    ['a length of 4n + 1', 'abcde'],
    ['non-ASCII', 'abç'],
  ])('refuses %s as the protocol does', (_what, text) => {
    expect(decodeBase64Url(text)).toBeUndefined();
    expect(fromBase64Url(text)).toBeUndefined();
  });

  // Both decoders accept several spellings of one value: whatever keys on the text (seal nonces) must
  // also require the canonical one (nonce-mac.ts, test/sdk/server/attacks/nonce-text.test.ts).
  it('ignores leftover bits as atob does', () => {
    for (const text of ['YR', 'YQ', 'YWJ', 'YWI']) expect(Uint8Array.from(decodeBase64Url(text)!)).toEqual(fromBase64Url(text));
  });
});
