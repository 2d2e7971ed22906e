// Builds every Twofold output with esbuild's API: the embeddable SDK, the extension (Chrome and
// Firefox), the server/demo bundles and the CLI. One entry table; prints each bundle's gzip size.
// No shell-outs, no prompts. Usage: node build.mjs
import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync, rmSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageExtension } from './extension/build-extension.mjs';
import { buildSdk } from './sdk/browser/build-sdk.mjs';
import { buildDeclarations, TYPES_DIR } from './build-types.mjs';
import { buildGeoData } from './sdk/server/geo/build-geo-data.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');

/** Options every script for web pages shares (the extension adds its own browser targets). */
const page = { platform: 'browser', target: ['es2020'], minify: true, sourcemap: true };
/** Options every Node program shares: ESM, and packages stay external so native modules load from node_modules. */
const node = { format: 'esm', platform: 'node', target: ['node20'], packages: 'external', sourcemap: true };
/**
 * Options of what the npm package ships for Node (server library, protocol, CLI). Only the packages
 * whose types the declarations name, the native store drivers and the optional playwright-core
 * stay external (package.json `dependencies`/peer); small pure-JS helpers (otplib, qrcode,
 * ua-parser-js, @scure/base) are bundled, so a site does not install them (qrcode alone pulls yargs).
 * Bundled CommonJS calls require() for Node built-ins, which an ES module lacks: the banner provides it.
 */
const published = {
  format: 'esm',
  platform: 'node',
  target: ['node20'],
  sourcemap: true,
  external: ['@hpke/core', 'better-sqlite3', 'kysely', 'pg', 'pg-native', 'playwright-core', 'valibot'],
  banner: { js: "import { createRequire as __twofoldCreateRequire } from 'node:module'; const require = __twofoldCreateRequire(import.meta.url);" },
};

/**
 * @typedef {{ name: string, options: import('esbuild').BuildOptions }} Entry
 * @type {Entry[]}
 */
const entries = [
  // The embeddable SDK (classic script `Twofold` global + ES module, each a loader and a collector
  // fetched after consent) is built by buildSdk() in main(), which also prints its SRI hashes.
  // The demo site (`npm start`).
  { name: 'demo server', options: { ...node, entryPoints: ['demo/server.ts'], outfile: 'dist/demo/server.mjs' } },
  // The demo's signal inspector page script, served by the demo at /assets/inspector.js.
  { name: 'demo inspector', options: { ...page, entryPoints: ['demo/inspector/index.ts'], outfile: 'dist/demo/assets/inspector.js', format: 'iife' } },
  // The package's Node side: the server library (`twofold/server`), the shared schemas and errors
  // (`twofold/protocol`) and the CLI (`npx twofold inspect|serve`, run by bin/twofold.mjs), built in one
  // pass split into shared chunks, so a program importing two of them has one TwofoldError class.
  {
    name: 'server library, protocol, cli',
    options: {
      ...published,
      entryPoints: { 'server/index': 'sdk/server/index.ts', 'protocol/index': 'sdk/protocol/index.ts', 'cli/twofold': 'sdk/server/cli/twofold.ts' },
      outdir: 'dist',
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
    },
  },
  // The extension: one set of bundles in dist/chrome/, copied to dist/firefox/ by packageExtension.
  // Classic scripts (iife): Firefox loads background.scripts as non-module scripts.
  {
    name: 'extension',
    options: {
      entryPoints: {
        background: 'extension/background/index.ts',
        popup: 'extension/ui/popup/index.tsx',
        options: 'extension/ui/options/index.tsx',
        ledger: 'extension/ui/ledger/index.tsx', // privacy ledger page
        bind: 'extension/ui/bind/index.tsx', // the bind window: the only place an account is bound to a new site
        offscreen: 'extension/ui/offscreen/index.ts',
        devtools: 'extension/ui/devtools/devtools.ts', // registers the "Twofold" devtools panel
        panel: 'extension/ui/devtools/index.tsx', // the devtools panel's UI
        content: 'extension/content/index.ts', // OTP field detection + fill
        'fp-detector': 'extension/content/fp-detector.ts', // MAIN-world fingerprint detector (the ledger's third source, docs/ledger.md)
        'fp-bridge': 'extension/content/fp-bridge.ts', // its isolated-world bridge to the background
        announce: 'extension/content/announce-start.ts', // the ledger's announcement listener, at document_start
        'qr-collect': 'extension/content/qr-collect-entry.ts', // injected on "Scan QR code" only: reads the page's QR images
      },
      outdir: 'dist/chrome',
      format: 'iife',
      platform: 'browser',
      target: ['chrome120', 'firefox128'],
      minify: true,
      sourcemap: true,
    },
  },
];

/** Steps that run after the bundles (e.g. deriving the two extension manifests). */
const afterBuild = [
  () => packageExtension(root),
  // The package's type declarations and its offline geo data (the server's default GeoResolver reads it).
  () => console.log(`declarations: ${buildDeclarations(root)} files in ${TYPES_DIR}/`),
  () => {
    const geo = buildGeoData(root);
    console.log(`geo data: ${geo.file} ${(geo.bytes / 1e6).toFixed(1)} MB`);
  },
];

function gzipSize(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

async function main() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const rows = [];
  const sdk = await buildSdk(root);
  for (const r of sdk.rows) rows.push({ ...r, file: relative(root, join(root, r.file)), gzip: gzipSize(join(root, r.file)) });
  for (const entry of entries) {
    const result = await esbuild.build({ bundle: true, logLevel: 'warning', metafile: true, absWorkingDir: root, ...entry.options });
    for (const [file, info] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.map')) continue;
      rows.push({ bundle: entry.name, file, bytes: info.bytes, gzip: gzipSize(join(root, file)) });
    }
  }
  for (const step of afterBuild) await step();
  const width = Math.max(...rows.map((r) => r.file.length));
  for (const r of rows) {
    console.log(`${r.file.padEnd(width)}  ${String(r.bytes).padStart(9)} B  ${String(r.gzip).padStart(8)} B gzip  (${r.bundle})`);
  }
  for (const [file, hash] of Object.entries(sdk.integrity)) console.log(`integrity dist/sdk/${file}  ${hash}`);
  console.log(`built ${rows.length} files into ${relative(process.cwd(), dist) || 'dist'}/`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
