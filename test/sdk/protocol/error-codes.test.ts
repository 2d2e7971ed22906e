// TwofoldError.code is a literal union (sdk/protocol/errors.ts), so callers can switch on it. The
// type assertions are checked by `tsc --noEmit -p .` (part of npm test), which also refuses any
// `new TwofoldError('<code>')` whose code is not in the union; the source scan below catches a code
// smuggled past the compiler (a cast, a computed string) by checking each literal in the sources.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ConsentRequiredError, TwofoldError, type TwofoldErrorCode, type ValidationError } from '../../../sdk/protocol/errors';
import type { SealError, SealErrorCode } from '../../../sdk/protocol/seal-envelope';
import type { RateLimitedError } from '../../../sdk/server/http/limits';
import type { RightsError } from '../../../sdk/server/rights';
import type { TotpRefusedError } from '../../../sdk/server/totp-verifier';

const root = resolve(__dirname, '../../..');

/** What a site's error handling looks like: exhaustive over the browser codes it can meet. */
function advice(error: TwofoldError): string {
  switch (error.code) {
    case 'consent_required':
      return 'ask for consent';
    case 'collector_unavailable':
      return 'serve twofold-collector.js next to twofold.js';
    case 'missing_public_key':
    case 'seal_bad_key':
      return 'pass the site key to init()';
    default:
      return error.code;
  }
}

describe('TwofoldError.code', () => {
  it('is the literal union TwofoldErrorCode, on the base class and every subclass', () => {
    expectTypeOf<TwofoldError['code']>().toEqualTypeOf<TwofoldErrorCode>();
    expectTypeOf<string>().not.toExtend<TwofoldErrorCode>();
    expectTypeOf<ConsentRequiredError['code']>().toEqualTypeOf<TwofoldErrorCode>();
    expectTypeOf<ValidationError['code']>().toEqualTypeOf<TwofoldErrorCode>();
    expectTypeOf<SealErrorCode>().toExtend<TwofoldErrorCode>();
    expectTypeOf<SealError['code']>().toEqualTypeOf<SealErrorCode>();
    expectTypeOf<RightsError['code']>().toExtend<TwofoldErrorCode>();
    expectTypeOf<RateLimitedError['code']>().toExtend<TwofoldErrorCode>();
    expectTypeOf<TotpRefusedError['code']>().toExtend<TwofoldErrorCode>();
    expectTypeOf<'collector_unavailable' | 'consent_required' | 'invalid_input' | 'nonce_spent' | 'rate_limited'>().toExtend<TwofoldErrorCode>();
    expectTypeOf<TwofoldError['toJSON']>().returns.toEqualTypeOf<{ error: { code: TwofoldErrorCode; message: string } }>();
  });

  it('refuses a code outside the union at compile time, and callers can switch on it', () => {
    // @ts-expect-error 'no_such_code' is not a TwofoldErrorCode: this line must not compile.
    const unknown = new TwofoldError('no_such_code', 'x');
    expect(unknown.code).toBe('no_such_code');
    expect(advice(new ConsentRequiredError('pending'))).toBe('ask for consent');
    expect(advice(new TwofoldError('collector_unavailable', 'x'))).toMatch(/twofold-collector/);
    expect(advice(new TwofoldError('nonce_spent', 'x', { status: 409 }))).toBe('nonce_spent');
  });

  it('lists every code the sources raise', () => {
    const source = readFileSync(join(root, 'sdk/protocol/errors.ts'), 'utf8');
    // The code groups: from the first `export type` to the union of them all.
    const groups = source.slice(source.indexOf('export type'), source.indexOf('export type TwofoldErrorCode'));
    const listed = new Set([...groups.matchAll(/'([a-z0-9_]+)'/g)].map((m) => m[1]));
    expect(listed.size).toBeGreaterThan(100);
    const files = ['sdk', 'extension', 'demo'].flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.tsx?$/.test(file))
        .map((file) => join(root, dir, file)),
    );
    const raised = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // new TwofoldError('code', …) and super('code', …) inside the subclasses, also across a line break.
      for (const m of text.matchAll(/(?:new TwofoldError|super)\(\s*'([a-z0-9_]+)'/g)) raised.add(m[1]!);
    }
    expect(raised.size).toBeGreaterThan(50);
    expect([...raised].filter((code) => !listed.has(code))).toEqual([]);
  });
});
