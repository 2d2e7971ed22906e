import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestFor } from '../../extension/manifest-for.mjs';

const root = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** The fields these tests read; manifestFor returns the root manifest's shape, which is untyped JSON. */
type Manifest = Record<string, unknown> & { browser_specific_settings?: { gecko: Record<string, unknown> } };

describe('manifestFor', () => {
  it('gives Chrome a service worker and no Gecko settings', () => {
    const m = manifestFor(root, 'chrome') as Manifest;
    expect(m.manifest_version).toBe(3);
    expect(m.background).toEqual({ service_worker: 'background.js' });
    expect(m.browser_specific_settings).toBeUndefined();
  });

  it('gives Firefox background.scripts and the Gecko id, min version and data collection declaration', () => {
    const m = manifestFor(root, 'firefox') as Manifest;
    expect(m.background).toEqual({ scripts: ['background.js'] });
    expect(m.browser_specific_settings?.gecko.id).toBe('twofold@twofold.dev');
    expect(m.browser_specific_settings?.gecko.strict_min_version).toBe('142.0');
    expect(m.browser_specific_settings?.gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });

  it('keeps everything else identical and does not mutate the source', () => {
    const before = JSON.stringify(root);
    const chrome = manifestFor(root, 'chrome') as Manifest;
    const firefox = manifestFor(root, 'firefox') as Manifest;
    expect(JSON.stringify(root)).toBe(before);
    for (const key of ['name', 'version', 'host_permissions', 'action', 'options_ui']) {
      expect(chrome[key]).toEqual((root as Record<string, unknown>)[key]);
      expect(firefox[key]).toEqual((root as Record<string, unknown>)[key]);
    }
    expect(chrome.permissions).toEqual((root as Record<string, unknown>).permissions);
  });

  it('drops Chrome-only permissions (offscreen) from the Firefox manifest only', () => {
    const source = { ...root, permissions: ['storage', 'offscreen', 'alarms'] };
    expect((manifestFor(source, 'firefox') as Manifest).permissions).toEqual(['storage', 'alarms']);
    expect((manifestFor(source, 'chrome') as Manifest).permissions).toEqual(['storage', 'offscreen', 'alarms']);
  });

  it('refuses an unknown target, a non-MV3 source and a Firefox build without a Gecko id', () => {
    expect(() => manifestFor(root, 'safari' as never)).toThrow(/unknown target/);
    expect(() => manifestFor({ ...root, manifest_version: 2 }, 'chrome')).toThrow(/Manifest V3/);
    expect(() => manifestFor({ ...root, browser_specific_settings: undefined }, 'firefox')).toThrow(/gecko.id/);
    expect(() => manifestFor({ ...root, background: {} }, 'chrome')).toThrow(/background/);
  });
});
