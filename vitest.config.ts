import { defineConfig } from 'vitest/config';

// Two projects: `unit` (fast, Node or jsdom) and `e2e` (real browsers against dist/ and loopback
// servers). `npm test` runs them in that order after the build.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Browser launches dominate; two cores here, so run files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
