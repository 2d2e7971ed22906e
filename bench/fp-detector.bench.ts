// `npm run bench` — overhead of the fingerprint detector (the ledger's third source, docs/ledger.md) on a canvas-heavy
// page (test/fixtures/fp-pages/canvas-workload.js: sprite draws, text labels, getImageData and
// toDataURL on a stage, detached thumbnails, 5 fingerprint-style reads), in headless Chromium:
//  1. The figure: page load with the BUILT extension reduced to the detector (a copy of dist/chrome
//     whose manifest keeps only the MAIN-world fp-detector.js and its fp-bridge.js, injected by the
//     browser at document_start as for users) vs the same browser without any extension, two
//     persistent profiles loaded interleaved. Time from navigation start to the end of the page's
//     script. One figure: the median of the paired differences, in ms and as a percentage of the
//     median load without the extension (one figure: an earlier row loaded no extension and printed
//     two figures that disagreed). The extension's own ledger is read afterwards as proof it observed.
//     The floor beside it: a third profile with a do-nothing extension of the same shape (a MAIN-world
//     and an isolated-world one-line script at document_start in every frame, a background service
//     worker), i.e. what any extension with a document_start script costs this page before the
//     detector does anything; its overhead is reported beside the figure, and the detector's own
//     share as the difference.
//  2. For context, not the figure: the detector code alone (no extension) in an in-page A/B,
//     interleaved at fine grain: the same workload alternately in two same-origin iframes of a
//     page, one with the bundled detector installed, with and without 5 fingerprinting reads per
//     run; plus the install time. Far less sensitive to other jobs than whole page loads.
// Writes bench/results/fp-detector.json. Target: page-load overhead ≤ 3%.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg, tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, launchChromiumPersistent } from '../test/e2e/helpers/chromium';
import { bundleDetector, FP_PAGES_DIR } from '../test/e2e/helpers/fp-pages';
import { startTestServer, type TestServer } from '../test/e2e/helpers/server';
import { median, writeBenchResult } from './report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 31);
const AB_PAGES = Number(process.env.BENCH_AB_PAGES ?? 12);
const AB_ROUNDS_PER_PAGE = 10;
const TARGET_OVERHEAD = 0.03;
const DIST = join(import.meta.dirname, '..', 'dist', 'chrome');

let browser: Browser;
let server: TestServer;
let detector: string;
let work: string;
let plainContext: BrowserContext;
let extensionContext: BrowserContext;
let floorContext: BrowserContext;
let extensionOrigin: string;

/** A copy of dist/chrome whose manifest keeps only the detector's two content scripts. */
function detectorOnlyExtension(dir: string): string {
  cpSync(DIST, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { content_scripts?: { js: string[] }[] };
  manifest.content_scripts = (manifest.content_scripts ?? []).filter((s) => s.js.includes('fp-detector.js') || s.js.includes('fp-bridge.js'));
  if (manifest.content_scripts.length !== 2)
    throw new Error('dist/chrome/manifest.json lacks the fp-detector/fp-bridge content scripts: run `node build.mjs` first');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** An extension shaped like the detector's part (MAIN + isolated document_start scripts in every frame, a service worker) doing nothing. */
function floorExtension(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const script = (js: string, world?: 'MAIN') => ({
    matches: ['http://*/*', 'https://*/*'],
    js: [js],
    run_at: 'document_start',
    all_frames: true,
    match_origin_as_fallback: true,
    ...(world ? { world } : {}),
  });
  const manifest = {
    manifest_version: 3,
    name: 'document_start floor',
    version: '1.0',
    background: { service_worker: 'background.js' },
    content_scripts: [script('main.js', 'MAIN'), script('isolated.js')],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'main.js'), 'void 0;\n');
  writeFileSync(join(dir, 'isolated.js'), 'void 0;\n');
  writeFileSync(join(dir, 'background.js'), 'void 0;\n');
  return dir;
}

beforeAll(async () => {
  detector = await bundleDetector();
  const page = readFileSync(join(FP_PAGES_DIR, 'canvas-heavy.html'), 'utf8');
  const ab = '<!doctype html><html><body><iframe srcdoc="<body></body>"></iframe><iframe srcdoc="<body></body>"></iframe></body></html>';
  server = await startTestServer({ static: { '/': FP_PAGES_DIR }, pages: { '/page.html': page, '/ab.html': ab } });
  work = mkdtempSync(join(tmpdir(), 'twofold-fp-bench-'));
  const extensionDir = detectorOnlyExtension(join(work, 'detector-only'));
  [browser, plainContext, extensionContext, floorContext] = await Promise.all([
    launchChromium(),
    launchChromiumPersistent(join(work, 'profile-plain')),
    launchChromiumPersistent(join(work, 'profile-extension'), { extensionDir }),
    launchChromiumPersistent(join(work, 'profile-floor'), { extensionDir: floorExtension(join(work, 'floor')) }),
  ]);
  const worker = extensionContext.serviceWorkers()[0] ?? (await extensionContext.waitForEvent('serviceworker', { timeout: 30_000 }));
  const url = new URL(worker.url());
  extensionOrigin = `${url.protocol}//${url.host}`;
}, 120_000);
afterAll(async () => {
  await Promise.all([browser?.close(), plainContext?.close(), extensionContext?.close(), floorContext?.close()]);
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const pairedOverhead = (withRuns: number[], withoutRuns: number[]) => median(withRuns.map((w, i) => w / withoutRuns[i]!)) - 1;

async function loadOnce(context: BrowserContext): Promise<{ loadMs: number; workMs: number; checksum: number }> {
  const page = await context.newPage();
  await page.goto(server.url('/page.html'));
  await page.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench !== undefined);
  const result = await page.evaluate(() => (window as unknown as { __bench: { loadMs: number; workMs: number; checksum: number } }).__bench);
  await page.close(); // pagehide: the detector flushes its batch to the extension
  return result;
}

/** Fingerprinting records the extension's background stored for the bench server (proof the detector ran). */
async function recordsStored(): Promise<number> {
  const page = await extensionContext.newPage();
  await page.goto(`${extensionOrigin}/popup.html`);
  const count = await page.evaluate(async (site: string) => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'twofold-ledger-fingerprints')) return 0;
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('twofold-ledger-fingerprints');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const all = open.result.transaction('observations').objectStore('observations').getAll();
        all.onsuccess = () => resolve((all.result as { site: string }[]).filter((r) => r.site === site).length);
        all.onerror = () => reject(all.error);
      };
    });
  }, server.origin);
  await page.close();
  return count;
}

/**
 * Runs the workload alternately in a pristine iframe and one with the detector, over several fresh
 * pages, putting the detector in the first iframe on even pages and the second on odd ones (two
 * realms of one page differ by themselves, by up to ±30% on a busy machine). Per-round times.
 */
async function inPageAB(
  pages: number,
  roundsPerPage: number,
  probes: number,
): Promise<{ without: number[]; with: number[]; installMs: number[]; checksums: number[] }> {
  const workload = readFileSync(join(FP_PAGES_DIR, 'canvas-workload.js'), 'utf8');
  const all = { without: [] as number[], with: [] as number[], installMs: [] as number[], checksums: new Set<number>() };
  for (let p = 0; p < pages; p++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url('/ab.html'));
    const result = await page.evaluate(
      ({ detectorJs, workloadJs, rounds, observedIndex, probeCount }) => {
        type Realm = Window & { eval(code: string): unknown; canvasWorkload(doc: Document, frames: number, probes: number): number };
        const observed = window.frames[observedIndex] as unknown as Realm;
        const plain = window.frames[1 - observedIndex] as unknown as Realm;
        const t = performance.now();
        observed.eval(detectorJs);
        const installMs = performance.now() - t;
        plain.eval(workloadJs);
        observed.eval(workloadJs);
        const times = { without: [] as number[], with: [] as number[] };
        const checksums: number[] = [];
        const time = (realm: Realm) => {
          const t0 = performance.now();
          checksums.push(realm.canvasWorkload(realm.document, 6, probeCount));
          return performance.now() - t0;
        };
        for (let i = 0; i < 4; i++) time(i % 2 ? plain : observed); // warm-up: JIT both realms
        for (let i = 0; i < rounds; i++) {
          if (i % 2 === 0) {
            times.without.push(time(plain));
            times.with.push(time(observed));
          } else {
            times.with.push(time(observed));
            times.without.push(time(plain));
          }
        }
        return { ...times, installMs, checksums };
      },
      { detectorJs: detector, workloadJs: workload, rounds: roundsPerPage, observedIndex: p % 2, probeCount: probes },
    );
    all.without.push(...result.without);
    all.with.push(...result.with);
    all.installMs.push(result.installMs);
    for (const c of result.checksums) all.checksums.add(c);
    await context.close();
  }
  return { ...all, checksums: [...all.checksums] };
}

it('measures the detector overhead on a canvas-heavy page with the built extension', async () => {
  for (const context of [extensionContext, plainContext, floorContext, extensionContext, plainContext, floorContext]) await loadOnce(context); // warm-up
  const loads = { without: [] as number[], with: [] as number[], floor: [] as number[] };
  const checksums = new Set<number>();
  const variants = [
    { context: plainContext, runs: loads.without },
    { context: extensionContext, runs: loads.with },
    { context: floorContext, runs: loads.floor },
  ];
  for (let i = 0; i < ROUNDS; i++) {
    // Rotate which variant goes first so drift on a shared machine hits all equally.
    for (let k = 0; k < variants.length; k++) {
      const { context, runs } = variants[(i + k) % variants.length]!;
      const r = await loadOnce(context);
      runs.push(r.loadMs);
      checksums.add(r.checksum);
    }
  }
  await expect.poll(recordsStored, { timeout: 15_000, interval: 500 }).toBeGreaterThan(0);
  const ab = await inPageAB(AB_PAGES, AB_ROUNDS_PER_PAGE, 5);
  const abPlain = await inPageAB(AB_PAGES, AB_ROUNDS_PER_PAGE, 0);
  // The one figure: the median paired difference, also as a share of the median load without it.
  const withoutMs = median(loads.without);
  const overheadMs = median(loads.with.map((w, i) => w - loads.without[i]!));
  const overhead = overheadMs / withoutMs;
  const floorMs = median(loads.floor.map((f, i) => f - loads.without[i]!));
  const detectorMs = median(loads.with.map((w, i) => w - loads.floor[i]!));
  writeBenchResult(
    'fp-detector',
    [
      {
        measurement: 'page load, built extension (detector only) vs no extension',
        runs: ROUNDS,
        median_without_ms: withoutMs,
        overhead_ms: overheadMs,
        overhead_pct: overhead * 100,
        target_pct: TARGET_OVERHEAD * 100,
        meets_target: overhead <= TARGET_OVERHEAD,
        floor_overhead_ms: floorMs,
        floor_overhead_pct: (floorMs / withoutMs) * 100,
        detector_beyond_floor_ms: detectorMs,
        detector_beyond_floor_pct: (detectorMs / withoutMs) * 100,
      },
      {
        measurement: 'page load, do-nothing extension of the same shape (floor) vs no extension',
        runs: ROUNDS,
        median_without_ms: withoutMs,
        overhead_ms: floorMs,
        overhead_pct: (floorMs / withoutMs) * 100,
      },
      {
        measurement: 'detector code alone (no extension), in-page A/B: canvas work + 5 fingerprinting reads',
        runs: ab.with.length,
        median_without_ms: median(ab.without),
        overhead_pct: pairedOverhead(ab.with, ab.without) * 100,
      },
      {
        measurement: 'detector code alone (no extension), in-page A/B: canvas work only',
        runs: abPlain.with.length,
        median_without_ms: median(abPlain.without),
        overhead_pct: pairedOverhead(abPlain.with, abPlain.without) * 100,
      },
      { measurement: 'detector install (parse + wrap, in an iframe)', runs: ab.installMs.length, median_ms: median(ab.installMs) },
    ],
    { detectorBytes: detector.length, detectorGzipBytes: gzipSync(detector).length, page: 'test/fixtures/fp-pages/canvas-heavy.html', loadavg1: loadavg()[0] },
  );
  // The detector must not change what the page computes.
  expect(checksums.size).toBe(1);
  expect(ab.checksums).toHaveLength(1);
  expect(abPlain.checksums).toHaveLength(1);
}, 600_000);
