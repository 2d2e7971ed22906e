// Maps lines of an esbuild bundle back to the source modules they came from, for the CPU profile
// summaries (cpu-profile.mjs reads V8's profiles, cpu-perf.mjs Linux perf's samples).
import { readFileSync } from 'node:fs';

/**
 * The source module of each line (0-based) of `bundle`: the last esbuild `// sdk/…`,
 * `// node_modules/…` or `// bench/…` marker at or above it ('' before the first).
 */
export function bundleModules(bundle) {
  const moduleAt = [];
  let current = '';
  readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const marker = /^\/\/ ((?:sdk|node_modules|bench)\/\S+)$/.exec(line);
      if (marker) current = marker[1];
      moduleAt[i] = current;
    });
  return moduleAt;
}
