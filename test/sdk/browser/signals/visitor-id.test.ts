import { describe, expect, it } from 'vitest';
import { hashComponents, murmurX64Hash128, sources } from '@fingerprintjs/fingerprintjs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import {
  FINGERPRINT_SOURCES,
  MAX_COMPONENT_CHARS,
  canonicalComponents,
  componentJson,
  OMITTED_FINGERPRINT_SOURCES,
  keyedHash,
  siteKey,
  summariseComponents,
} from '../../../../sdk/browser/signals/visitor-id';

const hmacHex = async (key: string, message: string) => {
  const k = await crypto.subtle.importKey('raw', new TextEncoder().encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return Buffer.from(await crypto.subtle.sign('HMAC', k, new TextEncoder().encode(message))).toString('hex');
};

describe('visitor-id sources', () => {
  it("runs FingerprintJS' own sources in its order, minus the omitted ones, which the build drops too", async () => {
    const omitted: readonly string[] = OMITTED_FINGERPRINT_SOURCES;
    expect(omitted).toEqual(['domBlockers']);
    expect(Object.keys(FINGERPRINT_SOURCES)).toEqual(Object.keys(sources).filter((name) => !omitted.includes(name)));
    for (const [name, source] of Object.entries(FINGERPRINT_SOURCES)) expect(source, name).toBe(sources[name as keyof typeof sources]);
    const build = (await import(pathToFileURL(resolve(__dirname, '../../../../sdk/browser/build-sdk.mjs')).href)) as { OMITTED_FINGERPRINT_SOURCES: string[] };
    expect(build.OMITTED_FINGERPRINT_SOURCES).toEqual(omitted);
  });
});

describe('visitor-id component summary', () => {
  it('keeps short values, hashes long ones (canvas images) and marks errors', async () => {
    const image = `data:image/png;base64,${'A'.repeat(38_000)}`;
    const out = await summariseComponents(
      {
        timezone: { value: 'Europe/Oslo', duration: 0 },
        canvas: { value: { winding: true, geometry: image, text: image }, duration: 12 },
        audio: { error: new Error('suspended'), duration: 1 },
      },
      await siteKey('shop.example'),
    );
    expect(out.timezone).toBe('Europe/Oslo');
    expect(out.canvas).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(out.audio).toEqual({ error: true });
    expect(JSON.stringify(out).length).toBeLessThan(200);
  });
  it('the same long value gives the same hash on one site; a different value, or another site, a different hash', async () => {
    const long = (c: string) => ({ value: c.repeat(MAX_COMPONENT_CHARS + 1), duration: 0 });
    const shop = await siteKey('shop.example');
    const bank = await siteKey('bank.example');
    expect(await summariseComponents({ x: long('a') }, shop)).toEqual(await summariseComponents({ x: long('a') }, shop));
    expect(await summariseComponents({ x: long('a') }, shop)).not.toEqual(await summariseComponents({ x: long('b') }, shop));
    expect(await summariseComponents({ x: long('a') }, shop)).not.toEqual(await summariseComponents({ x: long('a') }, bank));
  });
});

describe("FingerprintJS' canonical component string", () => {
  // Values, errors, an undefined value, names with the characters FingerprintJS escapes, and an
  // insertion order that is not sorted: the string must be exactly the one hashComponents hashes.
  const components = {
    timezone: { value: 'Europe/Oslo', duration: 0 },
    canvas: { value: { winding: true, geometry: 'data:image/png;base64,AAAA', text: 'å|:\\' }, duration: 12 },
    audio: { error: new Error('suspended'), duration: 1 },
    'odd:na|me\\': { value: [1, null, 'x'], duration: 0 },
    absent: { value: undefined, duration: 0 },
    fonts: { value: ['Arial', 'Courier'], duration: 3 },
  };
  it("is what FingerprintJS' hashComponents hashes (its murmur of our string equals its hash)", () => {
    const canonical = canonicalComponents(components);
    expect(murmurX64Hash128(canonical)).toBe(hashComponents(components as unknown as Parameters<typeof hashComponents>[0]));
    expect(canonical.startsWith('absent:undefined|audio:error|canvas:{')).toBe(true);
  });
  it('one JSON per component serves the canonical string and the summary alike', async () => {
    const json = componentJson(components);
    expect(json.get('audio')).toBeUndefined();
    expect(json.get('fonts')).toBe('["Arial","Courier"]');
    expect(canonicalComponents(components, json)).toBe(canonicalComponents(components));
    const key = await siteKey('shop.example');
    expect(await summariseComponents(components, key, json)).toEqual(await summariseComponents(components, key));
  });
  it('a different component value gives a different canonical string, so a different id', () => {
    const changed = { ...components, fonts: { value: ['Arial'], duration: 3 } };
    expect(canonicalComponents(changed)).not.toBe(canonicalComponents(components));
  });
});

describe('per-site keyed ids', () => {
  it('is the first 128 bits of HMAC-SHA-256(site name, purpose NUL text)', async () => {
    const fpjsId = '0123456789abcdef0123456789abcdef';
    expect(await keyedHash(await siteKey('shop.example'), 'visitor-id', fpjsId)).toBe((await hmacHex('shop.example', `visitor-id\0${fpjsId}`)).slice(0, 32));
  });
  it('one FingerprintJS id gives unrelated ids on two sites, and a stable id on each', async () => {
    const fpjsId = 'ffffffffffffffffffffffffffffffff';
    const a = await keyedHash(await siteKey('shop.example'), 'visitor-id', fpjsId);
    const b = await keyedHash(await siteKey('bank.example'), 'visitor-id', fpjsId);
    expect(a).not.toBe(b);
    expect(a).not.toBe(fpjsId);
    expect(await keyedHash(await siteKey('shop.example'), 'visitor-id', fpjsId)).toBe(a);
  });
});
