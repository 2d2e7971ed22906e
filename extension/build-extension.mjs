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

const TOKENS_LINK = /[ \t]*<link rel="stylesheet" href="tokens\.css">\r?\n(?=\s*<link rel="stylesheet" href="([\w.-]+\.css)">)/;

/**
 * Each built page links tokens.css first and then its own stylesheet: the build puts the tokens at
 * the top of that stylesheet and drops the tokens link, so a page waits for one CSS file before its
 * first render instead of two (the popup opens with 200 codes in <= 100 ms). Same cascade order as
 * the two links; tokens.css stays in the folder for any page that links it alone.
 */
function inlineTokens(dir) {
  const tokens = readFileSync(join(dir, 'tokens.css'), 'utf8');
  const stylesheets = new Set();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.html'))) {
    const html = readFileSync(join(dir, name), 'utf8');
    const match = TOKENS_LINK.exec(html);
    if (!match) continue;
    stylesheets.add(match[1]);
    writeFileSync(join(dir, name), html.replace(TOKENS_LINK, ''));
  }
  for (const css of stylesheets) writeFileSync(join(dir, css), `${tokens}\n${readFileSync(join(dir, css), 'utf8')}`);
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
  inlineTokens(chromeDir);
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
