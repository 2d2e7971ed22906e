// @vitest-environment jsdom
// What the React hook and the Vue composable share (sdk/browser/framework-instance.ts): one SDK
// instance per page for equal init options (StrictMode's double effects, several components), a
// site's own instance passed through, and a typed error when an attached form has no nonce.
import { describe, expect, it } from 'vitest';
import { instanceFor, isInstance, resolveNonce } from '../../../sdk/browser/framework-instance';
import { init } from '../../../sdk/browser/sdk';
import { ValidationError } from '../../../sdk/protocol/errors';

describe('framework bindings: instanceFor', () => {
  it('returns one instance for equal options (compared by content), another for other options', () => {
    const first = instanceFor({ site: 'shop.example', consent: 'manual' });
    expect(instanceFor({ site: 'shop.example', consent: 'manual' })).toBe(first);
    expect(instanceFor({ site: 'other.example', consent: 'manual' })).not.toBe(first);
    expect(first.consent.state).toBe('pending');
  });
  it('passes a site-created instance through, and validates options as init() does', () => {
    const own = init({ site: 'own.example', consent: 'manual' });
    expect(isInstance(own)).toBe(true);
    expect(isInstance({ site: 'own.example', consent: 'manual' })).toBe(false);
    expect(instanceFor(own)).toBe(own);
    expect(() => instanceFor({ site: '', consent: 'manual' })).toThrow(ValidationError);
  });
});

describe('framework bindings: resolveNonce', () => {
  it('takes a nonce or a function, and refuses none with an invalid_input error', async () => {
    expect(await resolveNonce('n'.repeat(22))).toBe('n'.repeat(22));
    expect(await resolveNonce(async () => 'fetched-nonce-0123456789')).toBe('fetched-nonce-0123456789');
    await expect(resolveNonce(undefined)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/nonce/) });
  });
});
