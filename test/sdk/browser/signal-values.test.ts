// The per-signal value types are derived from the registry (checked by tsc via expectTypeOf).
import { describe, expectTypeOf, it } from 'vitest';
import type { SignalId, SignalValues } from '../../../sdk/browser';

describe('SignalValues', () => {
  it('maps each registry id to its collect() value type', () => {
    expectTypeOf<SignalValues['visitor-id']['visitorId']>().toEqualTypeOf<string>();
    expectTypeOf<SignalValues['device-type']['type']>().toEqualTypeOf<'mobile' | 'tablet' | 'desktop'>();
    expectTypeOf<SignalValues['device-id']['isNew']>().toEqualTypeOf<boolean>();
    expectTypeOf<SignalValues['location']>().toMatchTypeOf<'unsupported' | 'not-permitted' | { lat: number; lon: number; accuracyKm: number }>();
    expectTypeOf<'visitor-id'>().toMatchTypeOf<SignalId>();
    // @ts-expect-error an id that is not in the registry
    expectTypeOf<SignalValues['no-such-signal']>().toBeAny();
  });
});
