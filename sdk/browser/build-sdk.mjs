// Builds the embeddable SDK in two stages into <outdir> (dist/sdk/ by default), with esbuild:
//   twofold.js / twofold.mjs                       the loader: init, consent, banner, receipt
//   twofold.en.js / .mjs, twofold.nb.js / .mjs     the same loader with one locale's banner texts
//   twofold-collector.js / twofold-collector.mjs   the collector: FingerprintJS, signals, sealing
//   twofold-react.mjs / twofold-vue.mjs            useTwofold for React and Vue (ESM; import twofold.mjs)
// The collector is built first; the sha384 Subresource Integrity hash of the classic-script
// collector is compiled into the classic-script loader, which refuses any other file. Also writes
// integrity.json (file → SRI hash) for sites that pin the files themselves. Used by build.mjs and
// by the e2e helper that rebuilds a stale SDK (test/e2e/helpers/sdk-bundle.ts).
import * as esbuild from 'esbuild';
import { minify } from 'terser';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';

/** Locales with a per-language loader (sdk/browser/consent/texts-<locale>.ts). */
export const SDK_LOCALES = ['en', 'nb'];

/** File names inside the SDK directory. */
export const SDK_FILES = {
  loader: 'twofold.js',
  loaderModule: 'twofold.mjs',
  ...Object.fromEntries(
    SDK_LOCALES.flatMap((locale) => [
      [`loader.${locale}`, `twofold.${locale}.js`],
      [`loaderModule.${locale}`, `twofold.${locale}.mjs`],
    ]),
  ),
  collector: 'twofold-collector.js',
  collectorModule: 'twofold-collector.mjs',
  react: 'twofold-react.mjs',
  vue: 'twofold-vue.mjs',
};

/**
 * The framework bindings import the loader as the sibling file twofold.mjs instead of bundling a
 * copy, so a page has one SDK: one consent state, one collector load, one TwofoldError class.
 * React and Vue are the site's own (peer dependencies), never bundled.
 */
const loaderAsSibling = {
  name: 'loader-as-sibling',
  setup(build) {
    build.onResolve({ filter: /^\.\/index$/ }, (args) =>
      args.importer.endsWith('framework-instance.ts') ? { path: `./${SDK_FILES.loaderModule}`, external: true } : undefined,
    );
  },
};

/**
 * FingerprintJS sources the visitor-id signal leaves out (OMITTED_FINGERPRINT_SOURCES in
 * sdk/browser/signals/visitor-id.ts says why). FingerprintJS exports its sources only as one object
 * literal, which a bundler cannot trim, so this removes their entries from that table as the file
 * is loaded; the source functions, loadSources and hashComponents stay FingerprintJS' own, and the
 * unreferenced source code is then tree-shaken away. Fails the build if the table no longer has
 * exactly these entries (a FingerprintJS upgrade must be looked at, not silently bundle them again).
 */
export const OMITTED_FINGERPRINT_SOURCES = ['domBlockers'];
export const omitFingerprintSources = {
  name: 'omit-fingerprint-sources',
  setup(build) {
    build.onLoad({ filter: /[\\/]@fingerprintjs[\\/]fingerprintjs[\\/]dist[\\/]fp\.esm\.js$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      const table = contents.indexOf('const sources = {');
      for (const name of OMITTED_FINGERPRINT_SOURCES) {
        const entry = new RegExp(`\\n\\s+${name}: \\w+,(?=\\n)`, 'g');
        const found = [...contents.matchAll(entry)];
        if (table < 0 || found.length !== 1 || found[0].index < table) {
          throw new Error(
            `FingerprintJS (${args.path}) no longer lists the source "${name}" once in its \`sources\` table; review OMITTED_FINGERPRINT_SOURCES`,
          );
        }
        contents = contents.replace(entry, '');
      }
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Members of the loader's internal objects (the consent controller, its storage, the announcement
 * relay, the banner's callbacks) that the minifier may rename: each is used only inside one loader build, never
 * by a page, the collector or the extension. Names of the public API (Twofold.init, its options,
 * tf.*, TwofoldError), of stored or announced data (receipt and announcement fields) and of DOM
 * properties must never be listed; build-sdk.test.ts checks the public ones survive.
 */
export const LOADER_INTERNAL_PROPS = [
  'restoreBannerChoice',
  'wipeLateWrites',
  'api',
  'readChoice',
  'writeChoice',
  'readReceipt',
  'writeReceipt',
  'wipe',
  'relay',
  'arrived',
  'onChoice',
  'onDismiss',
  'newId',
  'onGrant',
  // The banner texts' fields (consent/texts.ts) and a signal's opt-in rule (signals/catalogue.ts).
  'title',
  'intro',
  'details',
  'policy',
  'accept',
  'decline',
  'categories',
  'enabled',
];
const mangleInternal = { mangleProps: new RegExp(`^(${LOADER_INTERNAL_PROPS.join('|')})$`) };

// es2022: class fields and `??=` stay native instead of helper calls (supported since Chrome 85,
// Firefox 90, Safari 15); the collector needs far newer browsers for native X25519 anyway.
const page = { bundle: true, platform: 'browser', target: ['es2022'], minify: true, sourcemap: true, logLevel: 'warning', metafile: true };

/**
 * Terser, run over esbuild's output: esbuild minifies in one pass, terser's repeated passes
 * (inlining single-use functions, joining statements and declarations, shorter conditionals) take
 * another 3.5 % off the loader and 5.6 % off the collector (gzip -9; sdk/browser/README.md, "Bytes").
 * Only terser's safe transforms (no `unsafe*` option), so what runs is what esbuild wrote; ASCII-only
 * output as esbuild writes it (a classic script served without a charset must not depend on one).
 */
const TERSER_OPTIONS = { ecma: 2020, compress: { passes: 3 }, mangle: true, format: { comments: /^# allFunctionsCalledOnLoad$/, ascii_only: true } };

/**
 * First line of both collector files: V8's explicit compile hint (Chromium 136+; other engines ignore
 * it). The whole file is compiled on a background thread while it streams in, instead of function by
 * function on the main thread at each first call, and a collection calls most of it (FingerprintJS'
 * sources, the signals; the rest at sealing). Cold collects in Chromium: the collector runs ~10 ms
 * later, its sources ~20-50 ms sooner (sdk/browser/README.md, "Cold collect latency"). The loaders
 * do not get it: most of their code (banner, TCF) never runs on a given page.
 */
const COMPILE_HINT = { js: '//# allFunctionsCalledOnLoad' };

/** Minifies a built file again with terser in place, carrying esbuild's source map through. */
async function terse(path, format) {
  const code = readFileSync(path, 'utf8');
  const map = readFileSync(`${path}.map`, 'utf8');
  const file = basename(path);
  // A fresh copy each time: terser fills its defaults into the nested option objects (an ES module's
  // `module: true` would then drop a later classic script's "use strict").
  const result = await minify(code, {
    ...structuredClone(TERSER_OPTIONS),
    module: format === 'esm',
    sourceMap: { content: map, filename: file, url: `${file}.map` },
  });
  // Ends with a newline, as esbuild's output did: the last line is the sourceMappingURL comment, and a
  // site that concatenates scripts would otherwise comment out the first line of the next one.
  writeFileSync(path, result.code.endsWith('\n') ? result.code : `${result.code}\n`);
  writeFileSync(`${path}.map`, typeof result.map === 'string' ? result.map : JSON.stringify(result.map));
}

/** `sha384-<base64>` of a file, as a `<script integrity>` attribute takes it. */
export function integrityOf(path) {
  return `sha384-${createHash('sha384').update(readFileSync(path)).digest('base64')}`;
}

/**
 * Builds the SDK files (SDK_FILES). Returns one row per file ({ bundle, file, bytes }, file relative to
 * root) and the SRI hash of every file.
 * @param {string} root repository root
 * @param {string} [outdir] output directory (relative to root, or absolute)
 */
export async function buildSdk(root, outdir = 'dist/sdk') {
  mkdirSync(resolve(root, outdir), { recursive: true });
  const rows = [];
  const build = async (name, options) => {
    const result = await esbuild.build({ ...page, absWorkingDir: root, ...options });
    for (const file of Object.keys(result.metafile.outputs)) {
      if (file.endsWith('.map')) continue;
      await terse(resolve(root, file), options.format);
      rows.push({ bundle: name, file, bytes: statSync(resolve(root, file)).size });
    }
  };
  const out = (file) => resolve(root, outdir, file);
  const plugins = [omitFingerprintSources];
  await build('sdk collector (iife)', {
    entryPoints: ['sdk/browser/collector-script.ts'],
    outfile: out(SDK_FILES.collector),
    format: 'iife',
    plugins,
    banner: COMPILE_HINT,
  });
  await build('sdk collector (esm)', {
    entryPoints: ['sdk/browser/collector.ts'],
    outfile: out(SDK_FILES.collectorModule),
    format: 'esm',
    plugins,
    banner: COMPILE_HINT,
  });
  const collectorSri = integrityOf(out(SDK_FILES.collector));
  const loaderDefine = (format, file, sri, locale) => ({
    // A classic script has no import.meta (the loader reads document.currentScript there instead).
    ...(format === 'iife' ? { 'import.meta.url': 'undefined' } : {}),
    __TWOFOLD_FORMAT__: JSON.stringify(format),
    __TWOFOLD_COLLECTOR_FILE__: JSON.stringify(file),
    __TWOFOLD_COLLECTOR_SRI__: JSON.stringify(sri),
    // The banner texts the loader carries (consent/texts.ts): every locale, or only this one.
    __TWOFOLD_LOCALE__: locale ? JSON.stringify(locale) : 'undefined',
  });
  // The all-languages loader, then one per locale: the texts are compiled in (nothing is fetched
  // before consent), so a site that knows its language loads the smaller file.
  for (const locale of [undefined, ...SDK_LOCALES]) {
    const suffix = locale ? ` ${locale}` : '';
    await build(`sdk loader${suffix} (iife)`, {
      entryPoints: ['sdk/browser/loader-script.ts'],
      outfile: out(locale ? SDK_FILES[`loader.${locale}`] : SDK_FILES.loader),
      format: 'iife',
      define: loaderDefine('iife', SDK_FILES.collector, collectorSri, locale),
      ...mangleInternal,
    });
    await build(`sdk loader${suffix} (esm)`, {
      entryPoints: ['sdk/browser/index.ts'],
      outfile: out(locale ? SDK_FILES[`loaderModule.${locale}`] : SDK_FILES.loaderModule),
      format: 'esm',
      define: loaderDefine('esm', SDK_FILES.collectorModule, '', locale),
      ...mangleInternal,
    });
  }
  for (const [name, file] of [
    ['react', SDK_FILES.react],
    ['vue', SDK_FILES.vue],
  ]) {
    await build(`sdk ${name} binding (esm)`, {
      entryPoints: [`sdk/browser/${name}.ts`],
      outfile: out(file),
      format: 'esm',
      external: ['react', 'vue'],
      plugins: [loaderAsSibling],
    });
  }
  const integrity = Object.fromEntries(Object.values(SDK_FILES).map((file) => [file, integrityOf(out(file))]));
  writeFileSync(out('integrity.json'), `${JSON.stringify(integrity, null, 2)}\n`);
  return { rows, integrity };
}
