import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';
import { EXTRA_NAMES, SERVICE_ICONS } from '../../../extension/icons/catalogue';
import { iconForAccount, iconForIssuer, iconForSite, iconKey, initialColour } from '../../../extension/icons/match';

describe('service icons: matching', () => {
  it('folds names like simple-icons slugs', () => {
    expect(iconKey('Battle.net')).toBe('battledotnet');
    expect(iconKey('Chess.com')).toBe('chessdotcom');
    expect(iconKey('1Password')).toBe('1password');
    expect(iconKey('  Proton Mail ')).toBe('protonmail');
  });

  it.each([
    ['GitHub', 'github'],
    ['github', 'github'],
    ['GitHub Enterprise', 'github'],
    ['Battle.net', 'battledotnet'],
    ['Blizzard', 'battledotnet'],
    ['Twitter', 'x'],
    ['X', 'x'],
    ['Steam', 'steam'],
    ['Proton Mail', 'protonmail'],
    ['Google', 'google'],
    ['Electronic Arts', 'ea'],
    ['Chess.com', 'chessdotcom'],
  ])('issuer %s → %s', (issuer, slug) => expect(iconForIssuer(issuer)?.slug).toBe(slug));

  it('short names match only exactly, and unknown issuers match nothing', () => {
    for (const issuer of ['Xero', 'Eagle Bank', 'Loopback Bank', 'Acme', '', '   ', 'Gitea Self-hosted']) expect(iconForIssuer(issuer), issuer).toBeUndefined();
  });

  it('falls back to the bound site: an extra domain or the domain name itself', () => {
    expect(iconForSite('steampowered.com')?.slug).toBe('steam');
    expect(iconForSite('twitter.com')?.slug).toBe('x');
    expect(iconForSite('github.com')?.slug).toBe('github');
    expect(iconForSite('gitlab.example.org')?.slug).toBe('gitlab');
    expect(iconForSite('git.example.org')).toBeUndefined();
    expect(iconForAccount({ issuer: 'My work login', sites: ['example.org', 'battle.net'] })?.slug).toBe('battledotnet');
    expect(iconForAccount({ issuer: 'Loopback Bank', sites: ['bank.test'] })).toBeUndefined();
  });

  it('gives the initial fallback a stable colour per name, different across names', () => {
    expect(initialColour('Loopback Bank')).toBe(initialColour(' loopback bank '));
    expect(new Set(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'].map(initialColour)).size).toBeGreaterThan(3);
    expect(initialColour('Alpha')).toMatch(/^hsl\(\d+, 55%, 38%\)$/);
  });
});

describe('service icons: the shipped catalogue', () => {
  const data = JSON.parse(readFileSync('node_modules/simple-icons/data/simple-icons.json', 'utf8')) as { slug: string; license?: { type: string } }[];

  it('ships only icons under simple-icons CC0 (none with a licence of its own), each a real SVG path and colour', () => {
    expect(SERVICE_ICONS.length).toBeGreaterThan(50);
    for (const icon of SERVICE_ICONS) {
      const entry = data.find((d) => d.slug === icon.slug);
      expect(entry, icon.slug).toBeDefined();
      expect(entry!.license === undefined || entry!.license.type === 'CC0-1.0', icon.slug).toBe(true);
      expect(icon.hex).toMatch(/^[0-9A-F]{6}$/);
      expect(icon.path).toMatch(/^[Mm][\d.\-\s,A-Za-z]+$/);
    }
    for (const slug of Object.keys(EXTRA_NAMES))
      expect(
        SERVICE_ICONS.some((i) => i.slug === slug),
        slug,
      ).toBe(true);
  });

  it('bundles to a small subset, not the whole package (esbuild tree-shakes the named imports)', async () => {
    const result = await esbuild.build({
      entryPoints: ['extension/icons/match.ts'],
      bundle: true,
      minify: true,
      write: false,
      format: 'iife',
      platform: 'browser',
    });
    const bytes = result.outputFiles[0]!.contents.length;
    console.log(`service icon catalogue + matcher: ${SERVICE_ICONS.length} icons, ${bytes} bytes minified`);
    expect(bytes).toBeLessThan(90_000);
  });
});
