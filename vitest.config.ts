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
          // Two files at a time even on two cores (vitest's default there is one): the slow files
          // wait on PostgreSQL commits, child servers and timers more than they compute (CI: unit
          // 395 s with one worker, 267 s with two).
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Two files at a time: most of an e2e file's time is waiting (browser launch, the fill
          // gate's read delay, TOTP steps), so two overlap on two cores (CI: 625 s of file time in
          // 347 s). Each file launches its own browsers on its own profile and ports.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
