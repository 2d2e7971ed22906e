// Seeded fuzz of the announcement validator the extension runs on every page-supplied detail:
// malformed, truncated, oversized and type-confused inputs must end in a valid Announcement or a
// ValidationError — never another exception, never a hang.
import { describe, expect, it } from 'vitest';
import { MAX_ANNOUNCEMENT_LENGTH, parseAnnouncement } from '../../../sdk/protocol/announce';
import { ValidationError } from '../../../sdk/protocol/errors';
import { seededRandom as rng } from '../../helpers/seeded-random';

const valid = {
  v: 1,
  site: 'shop.example',
  origin: 'https://shop.example',
  controller: { name: 'Shop AS', contact: 'dpo@shop.example', policyUrl: 'https://shop.example/p' },
  signals: [
    { id: 'screen', category: 'device' },
    { id: 'visitor-id', category: 'fingerprint' },
  ],
  receiptId: 'rcpt-0001-abcd',
  receiptTime: '2026-03-01T10:00:00.000Z',
  consent: 'granted',
  collectedAt: '2026-03-01T10:00:02.000Z',
  rightsToken: 'rt1.a.b',
  sdkVersion: '0.1.0',
};

const weird: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1e308,
  NaN,
  '',
  'x'.repeat(5000),
  [],
  {},
  [[]],
  { __proto__: { v: 1 } },
  true,
  '2026-13-45T99:99:99Z',
  '<script>',
  '\u0000',
  '\ud800',
];

function mutate(random: () => number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const doc = structuredClone(valid) as Record<string, unknown>;
  const keys = [...Object.keys(doc), 'signals.0', 'controller.name', '__proto__', 'constructor', 'extra'];
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const key = pick(keys);
    if (key === 'signals.0' && Array.isArray(doc.signals)) doc.signals[0] = pick(weird);
    else if (key === 'controller.name' && typeof doc.controller === 'object' && doc.controller) (doc.controller as Record<string, unknown>).name = pick(weird);
    else if (random() < 0.2) delete doc[key];
    else doc[key] = pick(weird);
  }
  const text = JSON.stringify(doc);
  switch (Math.floor(random() * 6)) {
    case 0:
      return text.slice(0, Math.floor(random() * text.length)); // truncated
    case 1:
      return text.replace(/[:,{]/, pick(['', '::', '}', '"'])); // broken syntax
    case 2:
      return `${text}${' '.repeat(MAX_ANNOUNCEMENT_LENGTH)}`; // oversized
    case 3:
      return pick(weird); // not a string at all
    default:
      return text;
  }
}

describe('parseAnnouncement fuzz (seeded)', () => {
  it('10,000 malformed details: only Announcements or ValidationErrors', () => {
    const random = rng(20261123);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 10_000; i++) {
      const input = mutate(random);
      try {
        const a = parseAnnouncement(input);
        expect(a.v).toBe(1);
        expect(typeof a.site).toBe('string');
        accepted++;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw new Error(`case ${i}: ${String(error)} for ${String(input).slice(0, 200)}`);
        expect(error.code).toBe('invalid_input');
        rejected++;
      }
    }
    // The generator must exercise both outcomes, or this test proves nothing.
    expect(rejected).toBeGreaterThan(5_000);
    expect(accepted).toBeGreaterThan(0);
  });
});
