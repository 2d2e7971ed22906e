import { defineConfig } from 'vitest/config';

// `npm run bench`: each bench/*.bench.ts prints a table and writes bench/results/<name>.json.
// Benches run one file at a time so they do not disturb each other's timings. After the last one,
// bench/summary.ts prints the side-by-side table and writes bench/results/summary.json.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    globalSetup: ['bench/summary.ts'],
  },
});
