/**
 * A password strength hint for the backup and vault passwords: an estimate of guessing entropy from
 * length and the kinds of characters used, discounted for repeats and runs ("aaaa", "1234"). It is
 * a hint for the person typing, not a security decision: the background enforces the minimum
 * length and the key derivation makes every guess slow.
 */

/** Hint levels shown next to a password field. */
export type Strength = 'weak' | 'fair' | 'strong';

/** Estimated bits below which a password is weak, and from which it is strong. */
export const WEAK_BELOW_BITS = 50;
export const STRONG_FROM_BITS = 75;

/** Rough guessing entropy of `password` in bits. */
export function estimateBits(password: string): number {
  const chars = [...password];
  if (chars.length === 0) return 0;
  let pool = 0;
  if (/[a-z]/.test(password)) pool += 26;
  if (/[A-Z]/.test(password)) pool += 26;
  if (/[0-9]/.test(password)) pool += 10;
  if (/[^A-Za-z0-9]/.test(password)) pool += 33;
  // Characters that repeat the previous one or continue a run (abc, 321) add little to a guesser's work.
  let effective = 0;
  for (let i = 0; i < chars.length; i++) {
    const step = i === 0 ? Number.NaN : chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!;
    effective += step === 0 || step === 1 || step === -1 ? 0.25 : 1;
  }
  return effective * Math.log2(Math.max(pool, 2));
}

/** The hint level for `password`. */
export function passwordStrength(password: string): Strength {
  const bits = estimateBits(password);
  return bits < WEAK_BELOW_BITS ? 'weak' : bits < STRONG_FROM_BITS ? 'fair' : 'strong';
}
