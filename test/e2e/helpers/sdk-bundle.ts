/**
 * e2e helper: the BUILT SDK (dist/sdk/: loaders and collectors) as text. Rebuilds it with
 * sdk/browser/build-sdk.mjs (what build.mjs runs) when a file is missing or older than a source
 * under sdk/browser or sdk/protocol, then reads it into memory, so a concurrent `node build.mjs`
 * wiping dist/ cannot break a running test.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Repository root. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The built SDK directory, and the classic-script loader in it. */
export const SDK_DIR = join(REPO_ROOT, 'dist', 'sdk');
export const SDK_BUNDLE = join(SDK_DIR, 'twofold.js');
/** Every file a page may load from dist/sdk/ (see sdk/browser/build-sdk.mjs). */
export const SDK_FILE_NAMES = [
  'twofold.js',
  'twofold.mjs',
  'twofold.en.js',
  'twofold.en.mjs',
  'twofold.nb.js',
  'twofold.nb.mjs',
  'twofold-collector.js',
  'twofold-collector.mjs',
  'twofold-react.mjs',
  'twofold-vue.mjs',
] as const;
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

let building: Promise<unknown> | null = null;

/** Rebuilds dist/sdk/ (both stages, build-sdk.mjs) when a file is missing or older than a source. */
async function freshSdk(): Promise<void> {
  const sources = Math.max(newestMtime(join(REPO_ROOT, 'sdk', 'browser')), newestMtime(join(REPO_ROOT, 'sdk', 'protocol')));
  const stale = SDK_FILE_NAMES.some((name) => {
    const file = join(SDK_DIR, name);
    return !existsSync(file) || statSync(file).mtimeMs < sources;
  });
  if (!stale) return;
  building ??= (import(pathToFileURL(join(REPO_ROOT, 'sdk', 'browser', 'build-sdk.mjs')).href) as Promise<{ buildSdk(root: string): Promise<unknown> }>)
    .then((m) => m.buildSdk(REPO_ROOT))
    .finally(() => (building = null));
  await building;
}

/** Returns the text of dist/sdk/twofold.js (the loader), building the SDK first when missing or stale. */
export async function loadSdkBundle(): Promise<string> {
  await freshSdk();
  return readFileSync(SDK_BUNDLE, 'utf8');
}

/**
 * The files of dist/sdk/ a page may load, by name (built first when stale): the loaders
 * twofold.js / twofold.mjs and the collectors they fetch after consent from the same directory.
 */
export async function loadSdkFiles(): Promise<Record<string, string>> {
  await freshSdk();
  return Object.fromEntries(SDK_FILE_NAMES.map((name) => [name, readFileSync(join(SDK_DIR, name), 'utf8')]));
}

/** The SDK files as test-server pages under `/sdk/` (e.g. `{ pages: { ...await sdkPages() } }`). */
export async function sdkPages(): Promise<Record<string, string>> {
  return Object.fromEntries(Object.entries(await loadSdkFiles()).map(([name, body]) => [`/sdk/${name}`, body]));
}
