// `npm run bench` — the SDK vs FingerprintJS alone, in ONE headless Chromium page, interleaved:
// median latency of tf.collect() (after consent) vs FingerprintJS.load({monitoring:false}).get(),
// the longest main-thread task during each (PerformanceObserver 'longtask'), and min+gzip sizes:
// the loader dist/sdk/twofold.js (what every page pays, consent or not; also the per-language
// twofold.en.js / twofold.nb.js a site that knows its language serves) and loader + collector
// (twofold-collector.js, fetched on the first collect() after consent) vs FingerprintJS' own
// minified bundle. The SDK is the two-stage build: a cold run includes fetching the collector from
// the loader's directory (loopback). Writes bench/results/sdk.json.
// FingerprintJS computes `visitorId` lazily (a getter on the get() result), so the FingerprintJS
// side reads `.visitorId`: both contenders then do the same work, ending with a visitor id.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/e2e/helpers/chromium';
import { FPJS_UMD, REPO_ROOT, SDK_BUNDLE, SDK_DIR, sdkPages } from '../test/e2e/helpers/sdk-bundle';
import { startTestServer, type TestServer } from '../test/e2e/helpers/server';
import { build, type Plugin } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { median, writeBenchResult } from './report';

/** Minified bytes of each stage per origin (FingerprintJS, idb, Twofold's own code), from esbuild's metafile. */
async function bundleComposition(entry: 'sdk/browser/index.ts' | 'sdk/browser/collector.ts'): Promise<Record<string, number>> {
  // The FingerprintJS sources the build leaves out (build-sdk.mjs), so the composition matches dist/sdk/.
  const { omitFingerprintSources } = (await import(pathToFileURL(join(REPO_ROOT, 'sdk', 'browser', 'build-sdk.mjs')).href)) as {
    omitFingerprintSources: Plugin;
  };
  const result = await build({
    plugins: [omitFingerprintSources],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    write: false,
    metafile: true,
    entryPoints: [entry],
    outfile: 'out.js',
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    define: { __TWOFOLD_FORMAT__: '"esm"', __TWOFOLD_COLLECTOR_FILE__: '"twofold-collector.mjs"', __TWOFOLD_COLLECTOR_SRI__: '""' },
  });
  const parts: Record<string, number> = {};
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [file, info] of Object.entries(output.inputs)) {
      const key = file.startsWith('node_modules/')
        ? file
            .split('/')
            .slice(1, file.startsWith('node_modules/@') ? 3 : 2)
            .join('/')
        : file.split('/').slice(0, 2).join('/');
      parts[key] = (parts[key] ?? 0) + info.bytesInOutput;
    }
  }
  return parts;
}

// 31 warm and 16 cold rounds: with 21 and 6 the ratio swung 0.85-1.20 (warm) and 0.82-2.1 (cold)
// between runs on the shared 2-core machine at load ~15; with 8 cold rounds the cold ratio of one
// unchanged build still moved 1.04-1.15 between runs at load ~10.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 31);
/** Cold runs: a fresh page (and browser context) per run, as on a real first visit. */
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 16);
const FPJS_MIN = join(REPO_ROOT, 'node_modules', '@fingerprintjs', 'fingerprintjs', 'dist', 'fp.min.js');
const PAGE = '<!doctype html><html><body><p>bench</p><script src="/fp.umd.min.js"></script><script src="/sdk/twofold.js"></script></body></html>';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ pages: { ...(await sdkPages()), '/fp.umd.min.js': readFileSync(FPJS_UMD, 'utf8'), '/bench.html': PAGE } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Run = { ms: number; longest: number };

/** Median of twofold/FingerprintJS latency over rounds (run i of each list ran back to back). */
function pairedRatio(twofold: Run[], fingerprintjs: Run[]): number {
  return median(twofold.map((run, i) => run.ms / fingerprintjs[i]!.ms));
}

/** One cold run in a fresh page: latency and the longest task from page start to the end of the run. */
async function coldRun(who: 'sdk' | 'fpjs'): Promise<Run> {
  const page = await browser.newPage();
  await page.goto(server.url('/bench.html'));
  const run = await page.evaluate(async (w) => {
    const tasks: { start: number; end: number }[] = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, end: e.startTime + e.duration });
    }).observe({ type: 'longtask', buffered: true });
    await new Promise((r) => setTimeout(r, 100)); // page load's own tasks end first
    const start = performance.now();
    if (w === 'sdk') {
      const tf = Twofold.init({ site: 'bench.example', consent: 'manual' });
      tf.consent.grant();
      await tf.collect();
    } else
      await FingerprintJS.load({ monitoring: false })
        .then((a) => a.get())
        .then((r) => r.visitorId);
    const end = performance.now();
    await new Promise((r) => setTimeout(r, 0));
    return { ms: end - start, longest: tasks.filter((t) => t.end > start && t.start < end).reduce((m, t) => Math.max(m, t.end - t.start), 0) };
  }, who);
  await page.close();
  return run;
}

it('SDK collect vs FingerprintJS alone', async () => {
  const loadBefore = loadavg()[0];
  const coldSdk: Run[] = [];
  const coldFp: Run[] = [];
  for (let i = 0; i < COLD_ROUNDS; i++) {
    if (i % 2 === 0) {
      coldSdk.push(await coldRun('sdk'));
      coldFp.push(await coldRun('fpjs'));
    } else {
      coldFp.push(await coldRun('fpjs'));
      coldSdk.push(await coldRun('sdk'));
    }
  }
  const page = await browser.newPage();
  await page.goto(server.url('/bench.html'));
  await page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>;
    const tasks: { start: number; end: number }[] = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, end: e.startTime + e.duration });
    }).observe({ type: 'longtask', buffered: true });
    w.__longTasks = tasks;
    const tf = Twofold.init({ site: 'bench.example', consent: 'manual' });
    tf.consent.grant();
    w.__tf = tf;
    await tf.collect(); // warm-up: creates the device id database, JIT-compiles both code paths
    await FingerprintJS.load({ monitoring: false })
      .then((a) => a.get())
      .then((r) => r.visitorId);
  });
  /** Runs one contender in the page; returns its latency and the longest task overlapping it. */
  const run = (which: 'sdk' | 'fpjs') =>
    page.evaluate(async (who) => {
      const w = window as unknown as { __tf: { collect(): Promise<unknown> }; __longTasks: { start: number; end: number }[] };
      await new Promise((r) => setTimeout(r, 50)); // let the previous run's tail settle
      const start = performance.now();
      if (who === 'sdk') await w.__tf.collect();
      else
        await FingerprintJS.load({ monitoring: false })
          .then((a) => a.get())
          .then((r) => r.visitorId);
      const end = performance.now();
      await new Promise((r) => setTimeout(r, 0)); // the observer reports after the task ends
      const longest = w.__longTasks.filter((t) => t.end > start && t.start < end).reduce((m, t) => Math.max(m, t.end - t.start), 0);
      return { ms: end - start, longest };
    }, which);

  const sdk: { ms: number; longest: number }[] = [];
  const fpjs: { ms: number; longest: number }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Interleaved, alternating who goes first, so drift and caches hit both equally.
    if (i % 2 === 0) {
      sdk.push(await run('sdk'));
      fpjs.push(await run('fpjs'));
    } else {
      fpjs.push(await run('fpjs'));
      sdk.push(await run('sdk'));
    }
  }
  await page.close();

  const sdkMedian = median(sdk.map((r) => r.ms));
  const fpMedian = median(fpjs.map((r) => r.ms));
  const ratio = sdkMedian / fpMedian;
  const sdkLongest = Math.max(...sdk.map((r) => r.longest));
  const fpLongest = Math.max(...fpjs.map((r) => r.longest));
  const sdkRunsWithLongTask = sdk.filter((r) => r.longest > 50).length;
  const fpRunsWithLongTask = fpjs.filter((r) => r.longest > 50).length;

  const loaderBytes = readFileSync(SDK_BUNDLE);
  const collectorBytes = readFileSync(join(SDK_DIR, 'twofold-collector.js'));
  const fpBytes = readFileSync(FPJS_MIN);
  const loaderGzip = gzipSync(loaderBytes, { level: 9 }).length;
  const collectorGzip = gzipSync(collectorBytes, { level: 9 }).length;
  const sdkGzip = loaderGzip + collectorGzip;
  const fpGzip = gzipSync(fpBytes, { level: 9 }).length;
  const deltaKb = (sdkGzip - fpGzip) / 1024;
  // The per-language loaders (one locale's banner texts): what a site that knows its language
  // serves instead of twofold.js. Each gets its own row; loader + collector is shown for English.
  const perLanguage = ['twofold.en.js', 'twofold.nb.js'].map((file) => ({ file, gzip: gzipSync(readFileSync(join(SDK_DIR, file)), { level: 9 }).length }));
  const englishSdkGzip = perLanguage[0]!.gzip + collectorGzip;

  const coldSdkMedian = median(coldSdk.map((r) => r.ms));
  const coldFpMedian = median(coldFp.map((r) => r.ms));
  const coldSdkLongest = Math.max(...coldSdk.map((r) => r.longest));
  const coldFpLongest = Math.max(...coldFp.map((r) => r.longest));
  /** The fastest run of each and their ratio: the runs least disturbed by the shared machine, a noise-robust comparison. */
  const fastestRow = (kind: 'cold' | 'warm', twofoldRuns: { ms: number }[], fpRuns: { ms: number }[]) => {
    const [twofold, fingerprintjs] = [twofoldRuns, fpRuns].map((runs) => Math.min(...runs.map((r) => r.ms))) as [number, number];
    return { metric: `${kind}: fastest run (ms)`, twofold, fingerprintjs, ratio: twofold / fingerprintjs, target: '', met: null };
  };
  const rows = [
    {
      metric: `cold: median latency (ms), ${COLD_ROUNDS} fresh pages`,
      twofold: coldSdkMedian,
      fingerprintjs: coldFpMedian,
      ratio: coldSdkMedian / coldFpMedian,
      target: 'ratio <= 1.10',
      met: coldSdkMedian / coldFpMedian <= 1.1,
    },
    {
      metric: `cold: median of per-round ratios, ${COLD_ROUNDS} rounds`,
      twofold: null,
      fingerprintjs: null,
      ratio: pairedRatio(coldSdk, coldFp),
      target: 'ratio <= 1.10',
      met: pairedRatio(coldSdk, coldFp) <= 1.1,
    },
    fastestRow('cold', coldSdk, coldFp),
    {
      metric: 'cold: longest main-thread task (ms)',
      twofold: coldSdkLongest,
      fingerprintjs: coldFpLongest,
      ratio: coldFpLongest ? coldSdkLongest / coldFpLongest : null,
      target: 'twofold <= 50',
      met: coldSdkLongest <= 50,
    },
    {
      metric: `warm: median latency (ms), ${ROUNDS} interleaved`,
      twofold: sdkMedian,
      fingerprintjs: fpMedian,
      ratio,
      target: 'ratio <= 1.10',
      met: ratio <= 1.1,
    },
    // Each round runs both back to back: the median of the per-round ratios cancels the shared
    // machine's load drifting during the run, which the ratio of the two medians does not.
    {
      metric: `warm: median of per-round ratios, ${ROUNDS} rounds`,
      twofold: null,
      fingerprintjs: null,
      ratio: pairedRatio(sdk, fpjs),
      target: 'ratio <= 1.10',
      met: pairedRatio(sdk, fpjs) <= 1.1,
    },
    fastestRow('warm', sdk, fpjs),
    {
      metric: 'warm: median of per-run longest task (ms)',
      twofold: median(sdk.map((r) => r.longest)),
      fingerprintjs: median(fpjs.map((r) => r.longest)),
      ratio: null,
      target: 'twofold <= 50',
      met: median(sdk.map((r) => r.longest)) <= 50,
    },
    {
      metric: 'warm: longest main-thread task (ms)',
      twofold: sdkLongest,
      fingerprintjs: fpLongest,
      ratio: fpLongest ? sdkLongest / fpLongest : null,
      target: 'twofold <= 50',
      met: sdkLongest <= 50,
    },
    {
      metric: 'warm: runs with a task > 50 ms',
      twofold: sdkRunsWithLongTask,
      fingerprintjs: fpRunsWithLongTask,
      ratio: null,
      target: `of ${ROUNDS}`,
      met: sdkRunsWithLongTask === 0,
    },
    {
      metric: 'loader min+gzip size (KB), all languages (twofold.js)',
      twofold: loaderGzip / 1024,
      fingerprintjs: fpGzip / 1024,
      ratio: loaderGzip / fpGzip,
      target: 'twofold <= 6 KB',
      met: loaderGzip / 1024 <= 6,
    },
    ...perLanguage.map((loader) => ({
      metric: `loader, one language min+gzip size (KB): ${loader.file}`,
      twofold: loader.gzip / 1024,
      fingerprintjs: fpGzip / 1024,
      ratio: loader.gzip / fpGzip,
      target: 'twofold <= 6 KB',
      met: loader.gzip / 1024 <= 6,
    })),
    {
      metric: 'loader + collector min+gzip size (KB), all languages (twofold.js)',
      twofold: sdkGzip / 1024,
      fingerprintjs: fpGzip / 1024,
      ratio: sdkGzip / fpGzip,
      target: 'delta <= 8 KB',
      met: deltaKb <= 8,
    },
    {
      metric: 'loader, one language + collector min+gzip size (KB): twofold.en.js',
      twofold: englishSdkGzip / 1024,
      fingerprintjs: fpGzip / 1024,
      ratio: englishSdkGzip / fpGzip,
      target: 'delta <= 8 KB',
      met: (englishSdkGzip - fpGzip) / 1024 <= 8,
    },
  ];
  writeBenchResult('sdk', rows, {
    rounds: ROUNDS,
    coldRounds: COLD_ROUNDS,
    // The machine is shared (2 cores, other engineers' builds and browsers): long tasks track its load.
    loadAverage1m: { before: loadBefore, after: loadavg()[0] },
    bundleCompositionMinBytes: { loader: await bundleComposition('sdk/browser/index.ts'), collector: await bundleComposition('sdk/browser/collector.ts') },
    sizeBytes: {
      twofold: {
        loader: { min: loaderBytes.length, gzip: loaderGzip },
        loaderPerLanguageGzip: Object.fromEntries(perLanguage.map((l) => [l.file, l.gzip])),
        collector: { min: collectorBytes.length, gzip: collectorGzip },
        gzip: sdkGzip,
      },
      fingerprintjs: { min: fpBytes.length, gzip: fpGzip },
      gzipDeltaKb: deltaKb,
    },
    coldSamples: { twofold: coldSdk, fingerprintjs: coldFp },
    samples: {
      twofoldMs: sdk.map((r) => r.ms),
      fingerprintjsMs: fpjs.map((r) => r.ms),
      twofoldLongestTaskMs: sdk.map((r) => r.longest),
      fingerprintjsLongestTaskMs: fpjs.map((r) => r.longest),
    },
    browser: browser.version(),
  });
  expect(sdk).toHaveLength(ROUNDS);
});
