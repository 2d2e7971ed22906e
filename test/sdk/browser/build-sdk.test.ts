// The two-stage build (sdk/browser/build-sdk.mjs): the classic-script loader carries the SRI hash
// of the very collector file built next to it (and integrity.json lists every file's hash), and
// the loader's code does not even name the fingerprinting APIs the collector uses — what a page
// runs before consent has nothing to read them with.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
let out: string;
let integrity: Record<string, string>;
const read = (file: string) => readFileSync(join(out, file), 'utf8');

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'twofold-sdk-'));
  const script = pathToFileURL(join(root, 'sdk', 'browser', 'build-sdk.mjs')).href; // plain JS, no types
  const { buildSdk } = (await import(script)) as { buildSdk(root: string, outdir: string): Promise<{ integrity: Record<string, string> }> };
  ({ integrity } = await buildSdk(root, out));
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** APIs signals and FingerprintJS read; none may appear in the loader. */
const FINGERPRINTING_NAMES = [
  'toDataURL',
  'getHighEntropyValues',
  'OfflineAudioContext',
  'hardwareConcurrency',
  'deviceMemory',
  'getTimezoneOffset',
  'resolvedOptions',
  'matchMedia',
  'offsetWidth',
  'maxTouchPoints',
  'userAgent',
  'colorDepth',
  'getParameter',
];

describe('buildSdk', () => {
  it('writes the four files and their sha384 hashes; the classic loader pins the collector it was built with', () => {
    expect(Object.keys(integrity).sort()).toEqual([
      'twofold-collector.js',
      'twofold-collector.mjs',
      'twofold-react.mjs',
      'twofold-vue.mjs',
      'twofold.js',
      'twofold.mjs',
    ]);
    for (const [file, hash] of Object.entries(integrity)) {
      expect(hash, file).toBe(
        `sha384-${createHash('sha384')
          .update(readFileSync(join(out, file)))
          .digest('base64')}`,
      );
    }
    expect(JSON.parse(read('integrity.json'))).toEqual(integrity);
    expect(read('twofold.js')).toContain(JSON.stringify(integrity['twofold-collector.js']));
    expect(read('twofold.js')).toContain('"twofold-collector.js"');
    expect(read('twofold.mjs')).toContain('"twofold-collector.mjs"');
  });

  it('the classic loader publishes as window.Twofold exactly what the module loader exports', async () => {
    const sandbox: { window: Record<string, unknown>; document: { currentScript: null } } = { window: {}, document: { currentScript: null } };
    runInNewContext(read('twofold.js'), sandbox);
    const published = sandbox.window.Twofold as Record<string, unknown>;
    const moduleExports = (await import(pathToFileURL(join(out, 'twofold.mjs')).href)) as Record<string, unknown>;
    expect(Object.keys(published).sort()).toEqual(Object.keys(moduleExports).sort());
    expect(typeof published.init).toBe('function');
    expect(published.version).toBe(moduleExports.version);
  });

  it('the React and Vue bindings import the loader next to them and leave React and Vue to the site', () => {
    for (const [file, framework] of [
      ['twofold-react.mjs', 'react'],
      ['twofold-vue.mjs', 'vue'],
    ]) {
      const text = read(file!);
      expect(text).toMatch(new RegExp(`from"${framework}"`));
      expect(text).toContain('from"./twofold.mjs"');
      expect(text.length, `${file} bundles no framework and no loader copy`).toBeLessThan(3000);
    }
  });

  it('the loader names none of the fingerprinting APIs; the collector does', () => {
    for (const name of FINGERPRINTING_NAMES) {
      expect(read('twofold.js').includes(name), `loader mentions ${name}`).toBe(false);
      expect(read('twofold.mjs').includes(name), `module loader mentions ${name}`).toBe(false);
    }
    expect(FINGERPRINTING_NAMES.filter((name) => !read('twofold-collector.js').includes(name))).toEqual([]);
  });

  it('the loader is about 10 KB min+gzip, as README.md says, and the collector carries the rest', () => {
    const gzipKb = (file: string) => gzipSync(readFileSync(join(out, file)), { level: 9 }).length / 1024;
    expect(gzipKb('twofold.js')).toBeLessThanOrEqual(11);
    expect(gzipKb('twofold.mjs')).toBeLessThanOrEqual(11);
    expect(gzipKb('twofold-collector.js')).toBeGreaterThan(gzipKb('twofold.js'));
  });

  it('the collector seals with WebCrypto alone: no HPKE library is bundled into the page (README.md)', async () => {
    const inputs = async (entry: string) =>
      Object.keys(
        (await build({ entryPoints: [entry], absWorkingDir: root, bundle: true, platform: 'browser', write: false, metafile: true, logLevel: 'silent' }))
          .metafile.inputs,
      );
    const collector = await inputs('sdk/browser/collector.ts');
    expect(collector).toContain('sdk/protocol/seal-native.ts');
    expect(collector.filter((path) => path.includes('@hpke/'))).toEqual([]);
    // Sanity: the server's opener does bundle it, so the filter above can see the package.
    expect((await inputs('sdk/protocol/seal.ts')).some((path) => path.includes('@hpke/'))).toBe(true);
  }, 30_000);
});
