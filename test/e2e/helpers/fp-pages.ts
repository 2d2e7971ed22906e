/**
 * e2e/bench helper for the fingerprint detector without the extension: the detector bundled in
 * memory with build.mjs's extension options (so a concurrent `node build.mjs` wiping dist/ cannot
 * break a run), a stand-in bridge script for the page (the same channel code the extension's
 * isolated-world bridge uses, reporting raw batches to an exposed binding), and the fixture pages
 * served from two loopback origins: the page on http://127.0.0.1:<p1>, "third-party" scripts on
 * http://localhost:<p2>.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './sdk-bundle';
import { startTestServer, type TestServer } from './server';

/** The fixture folder. */
export const FP_PAGES_DIR = join(REPO_ROOT, 'test', 'fixtures', 'fp-pages');
/** Name of the binding the stand-in bridge reports raw batch JSON to. */
export const FP_REPORT_BINDING = '__twofoldFpReport';

async function bundle(entry: { path?: string; contents?: string }): Promise<string> {
  const result = await build({
    ...(entry.path ? { entryPoints: [entry.path] } : { stdin: { contents: entry.contents ?? '', resolveDir: REPO_ROOT, loader: 'ts' } }),
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120', 'firefox128'],
    minify: true,
    absWorkingDir: REPO_ROOT,
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

/** The detector as the extension ships it (extension/content/fp-detector.ts, minified IIFE). */
export function bundleDetector(): Promise<string> {
  return bundle({ path: join(REPO_ROOT, 'extension/content/fp-detector.ts') });
}

/** A page-world stand-in for fp-bridge.ts: binds the channel and reports each raw batch to the binding. */
export function bundleStandInBridge(): Promise<string> {
  return bundle({
    contents: `import { listenForDetector } from './extension/content/fp-channel';
      listenForDetector(window, (json) => { const report = (window as any)[${JSON.stringify(FP_REPORT_BINDING)}]; if (report) void report(json); });`,
  });
}

/** The two loopback servers hosting the fixture pages. */
export interface FpServers {
  page: TestServer;
  third: TestServer;
  /** Origin of the third-party server as the page sees it (`http://localhost:<port>`). */
  thirdOrigin: string;
  close(): Promise<void>;
}

/** Starts the page server (templating `%THIRD%`) and the third-party server (also serving FingerprintJS' UMD bundle). */
export async function startFpServers(): Promise<FpServers> {
  const third = await startTestServer({
    static: { '/': FP_PAGES_DIR, '/vendor/fingerprintjs/': join(REPO_ROOT, 'node_modules', '@fingerprintjs', 'fingerprintjs', 'dist') },
  });
  const thirdOrigin = `http://localhost:${third.port}`;
  const page = await startTestServer({
    handlers: [
      (_req, res, url) => {
        if (!url.pathname.endsWith('.html')) return false;
        let body: string;
        try {
          body = readFileSync(join(FP_PAGES_DIR, url.pathname.replace(/^\/+/, '').replace(/\.\./g, '')), 'utf8');
        } catch {
          return false;
        }
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(body.replaceAll('%THIRD%', thirdOrigin));
        return true;
      },
    ],
    static: { '/': FP_PAGES_DIR },
  });
  return { page, third, thirdOrigin, close: async () => void (await Promise.all([page.close(), third.close()])) };
}
