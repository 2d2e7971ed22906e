/**
 * e2e helper: the BUILT SDK (dist/sdk/twofold.js) as text. Rebuilds it with esbuild (same options
 * as build.mjs's "sdk (iife)" entry) when it is missing or older than a source under sdk/browser or sdk/protocol, then
 * reads it into memory, so a concurrent `node build.mjs` wiping dist/ cannot break a running test.
 */
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The built classic-script SDK. */
export const SDK_BUNDLE = join(REPO_ROOT, 'dist', 'sdk', 'twofold.js');
/** FingerprintJS' own UMD bundle (global `FingerprintJS`), for side-by-side checks. */
export const FPJS_UMD = join(REPO_ROOT, 'node_modules', '@fingerprintjs', 'fingerprintjs', 'dist', 'fp.umd.min.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Returns the text of dist/sdk/twofold.js, building it first when missing or stale. */
export async function loadSdkBundle(): Promise<string> {
  const sources = Math.max(newestMtime(join(REPO_ROOT, 'sdk', 'browser')), newestMtime(join(REPO_ROOT, 'sdk', 'protocol')));
  const stale = !existsSync(SDK_BUNDLE) || statSync(SDK_BUNDLE).mtimeMs < sources;
  if (stale) {
    await build({
      absWorkingDir: REPO_ROOT, bundle: true, logLevel: 'warning',
      entryPoints: ['sdk/browser/index.ts'], outfile: SDK_BUNDLE, format: 'iife', globalName: 'Twofold',
      platform: 'browser', target: ['es2020'], minify: true, sourcemap: true,
    });
  }
  return readFileSync(SDK_BUNDLE, 'utf8');
}

/** The files of dist/sdk/ a page may load, by name (built first when stale), e.g. `twofold.js`. */
export async function loadSdkFiles(): Promise<Record<string, string>> {
  return { 'twofold.js': await loadSdkBundle() };
}
