// The extension's build step (run by build.mjs after the bundles): copies the static UI files next
// to the bundles, writes one manifest per browser from the root manifest.json via manifestFor, and
// zips both folders. Bundles are written once into dist/chrome/ and copied to dist/firefox/.
import { cpSync, readFileSync, writeFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { manifestFor } from './manifest-for.mjs';

/** Where build.mjs writes the extension bundles (relative to the repo root). */
export const EXTENSION_BUNDLE_DIR = 'dist/chrome';

/** Lists every file under `dir` as [relative path, bytes], sorted so zips are reproducible. */
function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push([relative(dir, full).split('\\').join('/'), readFileSync(full)]);
    }
  };
  walk(dir);
  return out;
}

/** Finishes dist/chrome and dist/firefox (static files, manifests) and writes their zips. */
export function packageExtension(root) {
  const source = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const chromeDir = join(root, 'dist/chrome');
  const firefoxDir = join(root, 'dist/firefox');
  cpSync(join(root, 'extension/ui/static'), chromeDir, { recursive: true });
  // The design tokens every UI page links first (tokens.css), kept apart from the pages' own CSS.
  cpSync(join(root, 'extension/ui/styles'), chromeDir, { recursive: true });
  // The devtools page and panel keep their HTML/CSS next to their code.
  cpSync(join(root, 'extension/ui/devtools'), chromeDir, { recursive: true, filter: (src) => !/\.tsx?$/.test(src) });
  rmSync(firefoxDir, { recursive: true, force: true });
  cpSync(chromeDir, firefoxDir, { recursive: true, filter: (src) => !src.endsWith('.map') });
  for (const [target, dir] of [
    ['chrome', chromeDir],
    ['firefox', firefoxDir],
  ]) {
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifestFor(source, target), null, 2)}\n`);
    const files = Object.fromEntries(
      filesUnder(dir)
        .filter(([name]) => !name.endsWith('.map'))
        .map(([name, bytes]) => [name, [bytes, { mtime: new Date('2020-01-01T00:00:00Z') }]]),
    );
    const zip = zipSync(files, { level: 9 });
    writeFileSync(join(root, `dist/twofold-${target}.zip`), zip);
    console.log(`dist/twofold-${target}.zip  ${String(zip.length).padStart(9)} B  (${Object.keys(files).length} files)`);
  }
}
