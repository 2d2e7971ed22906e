/**
 * Seeded mutation helpers shared by the importer fuzz tests (test/extension/import/fuzz.test.ts and
 * test/extension/background/import-fuzz.test.ts): one PRNG and one set of mutations, so a failure
 * reproduces from its seed in either test. Not a test file itself.
 */
import { seededRandom } from '../../helpers/seeded-random';

/** The shared seeded PRNG (mulberry32), under the name the fuzz tests use. */
export const prng = seededRandom;

/** A stable 32-bit seed from a name (so each fixture gets its own reproducible stream). */
export function seedOf(name: string): number {
  return [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 17);
}

/** Values that break type and range assumptions of a parser. */
export const NASTY: readonly unknown[] = [
  null,
  -1,
  0,
  1.5,
  1e308,
  2 ** 53 + 2,
  '',
  '💥',
  'A'.repeat(5000),
  [],
  {},
  true,
  [-129, 300],
  { nested: { deep: [null] } },
  'otpauth://steam/x?secret=AA',
];

/** Replaces (or, 15% of the time, deletes) one randomly chosen value in a JSON tree, in place. */
export function mutateJson(value: unknown, next: () => number): unknown {
  const slots: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        slots.push({ parent: node, key: i });
        walk(child);
      });
    } else if (node && typeof node === 'object') {
      for (const [k, child] of Object.entries(node)) {
        slots.push({ parent: node as Record<string, unknown>, key: k });
        walk(child);
      }
    }
  };
  walk(value);
  const slot = slots[Math.floor(next() * slots.length)];
  if (!slot) return structuredClone(NASTY[Math.floor(next() * NASTY.length)]);
  // A copy: a later mutation of the same tree must never reach into NASTY (or make a cycle).
  const replacement = next() < 0.15 ? undefined : structuredClone(NASTY[Math.floor(next() * NASTY.length)]);
  if (replacement === undefined && !Array.isArray(slot.parent)) delete (slot.parent as Record<string, unknown>)[slot.key as string];
  else (slot.parent as Record<string | number, unknown>)[slot.key] = replacement;
  return value;
}

/** The byte-level mutations: 0 flip a few bytes, 1 truncate, 2 insert junk, 3 delete a span. */
export const BYTE_MUTATIONS = ['byte-flip', 'truncate', 'insert-junk', 'delete-span'] as const;

/** Applies one byte-level mutation (`kind` indexes BYTE_MUTATIONS; random when omitted). */
export function mutateBytes(bytes: Uint8Array, next: () => number, kind = Math.floor(next() * 4)): Uint8Array {
  const out = [...bytes];
  const at = Math.floor(next() * Math.max(out.length, 1));
  if (kind === 0) for (let i = 0; i < 1 + Math.floor(next() * 4); i++) out[Math.floor(next() * out.length)] = Math.floor(next() * 256);
  else if (kind === 1) out.length = at;
  else if (kind === 2) out.splice(at, 0, ...Array.from({ length: 1 + Math.floor(next() * 8) }, () => Math.floor(next() * 256)));
  else out.splice(at, 1 + Math.floor(next() * 16));
  return Uint8Array.from(out);
}

/** Half the time a JSON value swap (when the bytes are JSON), otherwise a byte mutation. */
export function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  if (next() < 0.5) {
    try {
      const json = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
      return new TextEncoder().encode(JSON.stringify(mutateJson(json, next)));
    } catch {
      // not JSON: fall through to byte mutations
    }
  }
  return mutateBytes(bytes, next);
}

/** Oversized-field mutation: stretches one to three string values of a JSON tree, in place. */
export function stretchJson(value: unknown, next: () => number): unknown {
  const slots: { parent: Record<string, unknown> | unknown[]; key: string | number; text: string }[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, child] of Object.entries(node)) {
      const key = Array.isArray(node) ? Number(k) : k;
      if (typeof child === 'string') slots.push({ parent: node as Record<string, unknown>, key, text: child });
      else walk(child);
    }
  };
  walk(value);
  if (slots.length === 0) return value;
  for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
    const slot = slots[Math.floor(next() * slots.length)]!;
    const length = [9, 64, 300, 5000, 70_000][Math.floor(next() * 5)]!;
    (slot.parent as Record<string | number, unknown>)[slot.key] =
      next() < 0.5 ? slot.text.repeat(Math.ceil(length / Math.max(slot.text.length, 1))).slice(0, length) : 'A'.repeat(length);
  }
  return value;
}
