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

const CLASSIC_LOADERS = ['twofold.js', 'twofold.en.js', 'twofold.nb.js'];
const MODULE_LOADERS = ['twofold.mjs', 'twofold.en.mjs', 'twofold.nb.mjs'];

describe('buildSdk', () => {
  it('writes every file and its sha384 hash; each classic loader pins the collector it was built with', () => {
    expect(Object.keys(integrity).sort()).toEqual([
      'twofold-collector.js',
      'twofold-collector.mjs',
      'twofold-react.mjs',
      'twofold-vue.mjs',
      'twofold.en.js',
      'twofold.en.mjs',
      'twofold.js',
      'twofold.mjs',
      'twofold.nb.js',
      'twofold.nb.mjs',
    ]);
    for (const [file, hash] of Object.entries(integrity)) {
      expect(hash, file).toBe(
        `sha384-${createHash('sha384')
          .update(readFileSync(join(out, file)))
          .digest('base64')}`,
      );
    }
    expect(JSON.parse(read('integrity.json'))).toEqual(integrity);
    for (const loader of CLASSIC_LOADERS) {
      expect(read(loader), loader).toContain(JSON.stringify(integrity['twofold-collector.js']));
      expect(read(loader), loader).toContain('"twofold-collector.js"');
    }
    for (const loader of MODULE_LOADERS) expect(read(loader), loader).toContain('"twofold-collector.mjs"');
  });

  it('a per-language loader carries only its own banner texts and refuses another locale', async () => {
    // Escaped as the minifiers write non-ASCII text (\xE6 is æ; the escape's hex digits compared in upper case).
    const norwegian = ['Godta', 'Personvernerkl\\xE6ring', 'Nettleserfingeravtrykk'];
    const english = ['Decline', 'Privacy policy', 'Browser fingerprint (FingerprintJS visitor id)'];
    const texts = (loader: string) => read(loader).replace(/\\x[0-9a-f]{2}/gi, (hex) => `\\x${hex.slice(2).toUpperCase()}`);
    for (const loader of ['twofold.js', 'twofold.mjs'])
      for (const text of [...norwegian, ...english]) expect(texts(loader), `${loader}: ${text}`).toContain(text);
    for (const loader of ['twofold.en.js', 'twofold.en.mjs']) {
      for (const text of english) expect(texts(loader), `${loader}: ${text}`).toContain(text);
      for (const text of norwegian) expect(texts(loader), `${loader}: ${text}`).not.toContain(text);
    }
    for (const loader of ['twofold.nb.js', 'twofold.nb.mjs']) {
      for (const text of norwegian) expect(texts(loader), `${loader}: ${text}`).toContain(text);
      for (const text of english) expect(texts(loader), `${loader}: ${text}`).not.toContain(text);
    }
    const en = (await import(pathToFileURL(join(out, 'twofold.en.mjs')).href)) as { init(options: unknown): unknown };
    expect(() => en.init({ site: 'shop.example', consent: 'manual', locale: 'nb' })).toThrow(/locale: expected one of "en", received "nb"/);
  });

  it('the classic loader publishes as window.Twofold exactly what the module loader exports', async () => {
    const moduleExports = (await import(pathToFileURL(join(out, 'twofold.mjs')).href)) as Record<string, unknown>;
    for (const loader of CLASSIC_LOADERS) {
      const sandbox: { window: Record<string, unknown>; document: { currentScript: null } } = { window: {}, document: { currentScript: null } };
      runInNewContext(read(loader), sandbox);
      const published = sandbox.window.Twofold as Record<string, unknown>;
      expect(Object.keys(published).sort(), loader).toEqual(Object.keys(moduleExports).sort());
      expect(typeof published.init).toBe('function');
      expect(published.version).toBe(moduleExports.version);
    }
  });

  it('every script ends with a newline, so a site that concatenates the collector and a loader still gets both', () => {
    // The last line of each file is its sourceMappingURL comment: without the newline it would
    // swallow the first line of the next script, which in a minified file is all of it.
    for (const file of [...CLASSIC_LOADERS, ...MODULE_LOADERS, 'twofold-collector.js', 'twofold-collector.mjs'])
      expect(read(file).endsWith('\n'), file).toBe(true);
    const sandbox = { window: {} as Record<string, unknown>, document: { currentScript: null }, TextEncoder };
    runInNewContext(`${read('twofold-collector.js')};${read('twofold.js')}`, sandbox);
    expect(typeof (sandbox.window.Twofold as { init?: unknown } | undefined)?.init).toBe('function');
  });

  it('renames only internal members: the public API, receipt and announcement fields keep their names', async () => {
    const script = pathToFileURL(join(root, 'sdk', 'browser', 'build-sdk.mjs')).href;
    const { LOADER_INTERNAL_PROPS } = (await import(script)) as { LOADER_INTERNAL_PROPS: string[] };
    for (const loader of [...CLASSIC_LOADERS, ...MODULE_LOADERS]) {
      const text = read(loader);
      for (const name of LOADER_INTERNAL_PROPS) expect(text, `${loader}: ${name}`).not.toMatch(new RegExp(`[.{,]${name}\\b(?![-"])`));
      // Public API (tf.*, tf.consent.*), receipt fields, the collector hand-off and the announcer's
      // methods the loader relays to (the collector is built without renaming, so these must match).
      for (const name of [
        'setRightsToken',
        'onChange',
        'revoke',
        'grant',
        'deny',
        'receiptId',
        'collectedAt',
        'collectSignals',
        'sealReport',
        'pageError',
        'createAnnouncer',
        'requested',
        'collected',
        'consentChanged',
      ])
        expect(text, `${loader}: ${name}`).toContain(name);
    }
    // The announcement is built in the collector, with the wire field names of sdk/protocol/announce.ts;
    // the loader only relays to it (announce-relay.ts), so it names none of the fields it alone builds.
    for (const loader of [...CLASSIC_LOADERS, ...MODULE_LOADERS])
      for (const name of ['receiptTime', 'sdkVersion', 'withdrawnAt', 'twofold:announce']) expect(read(loader), `${loader}: ${name}`).not.toContain(name);
    for (const collector of ['twofold-collector.js', 'twofold-collector.mjs'])
      for (const name of ['receiptTime', 'sdkVersion', 'withdrawnAt', 'rightsToken', 'receiptSignature', 'requested', 'consentChanged'])
        expect(read(collector), `${collector}: ${name}`).toContain(name);
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
      for (const loader of [...CLASSIC_LOADERS, ...MODULE_LOADERS]) expect(read(loader).includes(name), `${loader} mentions ${name}`).toBe(false);
    }
    expect(FINGERPRINTING_NAMES.filter((name) => !read('twofold-collector.js').includes(name))).toEqual([]);
  });

  it('the sizes sdk/browser/README.md states: each loader, and loader + collector within FingerprintJS + 8 KB min+gzip', () => {
    const gzipKb = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length / 1024;
    const sdk = (file: string) => gzipKb(join(out, file));
    // About 20 bytes above what the build gives now: moving a part back into the loader (the announcer
    // was ~170 bytes) fails here.
    expect(sdk('twofold.js')).toBeLessThanOrEqual(7.91);
    expect(sdk('twofold.mjs')).toBeLessThanOrEqual(7.71);
    for (const [loader, kb] of [
      ['twofold.en.js', 6.85],
      ['twofold.en.mjs', 6.65],
      ['twofold.nb.js', 7.53],
      ['twofold.nb.mjs', 7.34],
    ] as const) {
      expect(sdk(loader), loader).toBeLessThanOrEqual(kb);
      expect(sdk(loader), loader).toBeLessThan(sdk(loader.endsWith('.mjs') ? 'twofold.mjs' : 'twofold.js'));
    }
    // The budget: a page that consents pays at most 8 KB more than FingerprintJS alone (its own dist).
    const fingerprintjs = gzipKb(join(root, 'node_modules', '@fingerprintjs', 'fingerprintjs', 'dist', 'fp.min.js'));
    for (const loader of CLASSIC_LOADERS) expect(sdk(loader) + sdk('twofold-collector.js') - fingerprintjs, loader).toBeLessThanOrEqual(8);
    expect(sdk('twofold-collector.js')).toBeGreaterThan(sdk('twofold.js'));
  });

  it("both collectors start with V8's compile hint (compiled off the main thread as they stream in); the loaders do not", () => {
    for (const collector of ['twofold-collector.js', 'twofold-collector.mjs'])
      expect(read(collector).split('\n')[0], collector).toBe('//# allFunctionsCalledOnLoad');
    for (const loader of [...CLASSIC_LOADERS, ...MODULE_LOADERS]) expect(read(loader), loader).not.toContain('allFunctionsCalledOnLoad');
  });

  it("the collector leaves out FingerprintJS' domBlockers source (its filter-list table) but keeps the others", () => {
    const collector = read('twofold-collector.js');
    expect(collector).not.toContain('abpIndo'); // a filter-list name from getDomBlockers' table
    // Sources on either side of it in FingerprintJS' table are still bundled.
    for (const name of ['fonts', 'fontPreferences', 'webGlExtensions', 'canvas']) expect(collector, name).toContain(name);
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
