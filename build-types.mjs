// Type declarations for the published package: tsc (tsconfig.build.json) emits dist/types/ from the
// three public entry points, then every relative specifier gets the `.js` Node's ESM resolution
// needs (`./seal` → `./seal.js`, `./store` → `./store/index.js`). Without that, a consumer compiling
// with `moduleResolution: "node16"`/`"nodenext"` cannot follow the imports inside the declarations
// and silently sees `any`. Used by build.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where the declarations go, relative to the repository root (tsconfig.build.json's outDir). */
export const TYPES_DIR = 'dist/types';

// `from './x'`, `import('./x')` and `declare module './x'`: the quote, the relative path, the same quote.
// tsc also writes `import(".")` for a type of the file's own folder index.
const RELATIVE_SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\bmodule\s+)(['"])(\.\.?(?:\/[^'"]*)?)\2/g;

/** The specifier Node's ESM resolution finds from `dir` for an extensionless relative `specifier`. */
export function withJsExtension(dir, specifier) {
  if (/\.(js|mjs|cjs|json)$/.test(specifier)) return specifier;
  if (specifier === '.' || specifier === '..') return `${specifier}/index.js`;
  if (existsSync(join(dir, `${specifier}.d.ts`))) return `${specifier}.js`;
  if (existsSync(join(dir, specifier, 'index.d.ts'))) return `${specifier.replace(/\/$/, '')}/index.js`;
  throw new Error(`build-types: ${specifier} (imported from ${dir}) has no declaration file; is it missing from tsconfig.build.json?`);
}

function* declarationFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarationFiles(path);
    else if (entry.name.endsWith('.d.ts')) yield path;
  }
}

/**
 * Emits dist/types/{server,protocol,browser}/… and fixes their relative specifiers. Returns how many
 * files were written.
 * @param {string} root repository root
 */
export function buildDeclarations(root) {
  // TypeScript 7's compiler is a native binary with no in-process API, so this one step runs it as a
  // child process (node + its launcher, no shell).
  const tsc = join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  } catch {
    // tsc still wrote what it could. A type error must not stop the demo and e2e builds here: `npm test`
    // fails on it (tsc --noEmit, and the pack test's strict consumer of these declarations).
    console.error('build-types: tsc reported errors (above); the declarations in dist/types may be incomplete.');
  }
  let count = 0;
  for (const file of declarationFiles(join(root, TYPES_DIR))) {
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(RELATIVE_SPECIFIER, (_, lead, quote, specifier) => `${lead}${quote}${withJsExtension(dirname(file), specifier)}${quote}`);
    if (fixed !== text) writeFileSync(file, fixed);
    count++;
  }
  return count;
}
