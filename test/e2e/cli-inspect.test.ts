// `npx twofold inspect` as a user runs it: the bundled CLI (bin/twofold.mjs →
// dist/cli/twofold.mjs) in a child process against local pages embedding the built SDK, in manual
// and banner consent mode; plus the errors a developer meets (no SDK, unreachable, bad flags).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './helpers/chromium';
import { REPO_ROOT, sdkPages } from './helpers/sdk-bundle';
import { startTestServer, type TestServer } from './helpers/server';

const BIN = join(REPO_ROOT, 'bin', 'twofold.mjs');
const runWith = async (env: NodeJS.ProcessEnv, ...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      timeout: 90_000,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
};
const run = (...args: string[]) => runWith({}, ...args);

const page = (init: string) => `<!doctype html><html><head><meta charset="utf-8"><title>cli</title></head><body><h1>Shop</h1>
<script src="/sdk/twofold.js"></script><script>${init}</script></body></html>`;

interface CliJson {
  site: string;
  consentMode: string;
  consentVia: string;
  runs: number;
  signals: { id: string; category: string; personalData: string; runs: number; distinctValues: number; medianMs: number }[];
  reports: { signals: Record<string, unknown>; meta: Record<string, { category: string }> }[];
}

let server: TestServer;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli', 'twofold.mjs'))) throw new Error('dist/cli/twofold.mjs is missing: run `node build.mjs` first');
  server = await startTestServer({
    pages: {
      ...(await sdkPages()), // the loader and the collector it fetches after consent
      // A page that keeps its instance under another global name, in manual mode.
      '/manual.html': page(`window.shopTwofold = Twofold.init({ site: 'shop.test', consent: 'manual' });`),
      '/banner.html': page(`window.tf = Twofold.init({ site: 'banner.test', consent: 'banner' });`),
      '/no-sdk.html': '<!doctype html><title>plain</title><p>No SDK here.</p>',
      // TCF mode with no CMP on the page: only the CMP may grant, so the CLI must refuse.
      '/tcf.html': page(`window.tf = Twofold.init({ site: 'tcf.test', consent: 'tcf' });`),
      '/sdk-no-instance.html': page(`/* loads the SDK but never keeps the instance */ Twofold.init({ site: 'x.test', consent: 'manual' });`),
    },
  });
});

afterAll(async () => {
  await server?.close();
});

describe.skipIf(!hasChromium())('twofold inspect (bundled CLI, headless Chromium)', () => {
  it('manual mode: grants, collects N times, reports every signal with meta and stability (--json)', async () => {
    const out = await run('inspect', server.url('/manual.html'), '--json', '--runs', '3');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as CliJson;
    expect(json).toMatchObject({ site: 'shop.test', consentMode: 'manual', consentVia: 'manual-grant', runs: 3 });
    expect(json.reports).toHaveLength(3);
    // Every signal of the reports is a row, with the SDK's own metadata, seen in all 3 runs.
    const ids = Object.keys(json.reports[2]!.signals).sort();
    expect(json.signals.map((s) => s.id).sort()).toEqual(ids);
    for (const row of json.signals) {
      expect(row.category).toBe(json.reports[2]!.meta[row.id]!.category);
      expect(row.runs).toBe(3);
    }
    const byId = Object.fromEntries(json.signals.map((s) => [s.id, s]));
    // The first-party device id is created on the first run (isNew: true) and read back after
    // (isNew: false): the same id, two distinct values, and the CLI must say so.
    const deviceIds = json.reports.map((r) => (r.signals['device-id'] as { value: { id: string; isNew: boolean } }).value);
    expect(new Set(deviceIds.map((d) => d.id)).size).toBe(1);
    expect(deviceIds.map((d) => d.isNew)).toEqual([true, false, false]);
    expect(byId['device-id']!.distinctValues).toBe(2);
    expect(byId['visitor-id']!.distinctValues).toBe(1);
  });

  it('banner mode: clicks Accept and prints a table', async () => {
    const out = await run('inspect', server.url('/banner.html'), '--runs', '2');
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe(`Twofold inspect ${server.url('/banner.html')}`);
    expect(out.stdout).toContain('banner (banner-accept), 2 runs');
    expect(lines.find((l) => l.startsWith('signal'))).toMatch(/^signal\s+category\s+personal data\s+ms \(median\)\s+stable\s+value$/);
    expect(lines.find((l) => l.startsWith('visitor-id '))).toMatch(/ fingerprint .* yes \(2\/2\) /);
    // The device id's isNew changes by design (true on the first collection only): named, not flagged.
    expect(lines.find((l) => l.startsWith('device-id '))).toMatch(/ device .* yes; changes by design \(isNew is true only on the first collection\) /);
    // …and says why: the diff between the two runs names the field that changed.
    expect(out.stdout).toContain('Between the last two runs:\n  device-id: isNew true → false\n');
  });

  it('clear errors: no SDK (1), SDK without a reachable instance (1), unreachable URL (1)', async () => {
    const none = await run('inspect', server.url('/no-sdk.html'));
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No Twofold SDK on this page.*\(no_sdk\)/);
    const hidden = await run('inspect', server.url('/sdk-no-instance.html'));
    expect(hidden.code).toBe(1);
    expect(hidden.stderr).toMatch(/window\.tf.*\(no_instance\)/);
    const closed = await startTestServer();
    const deadUrl = closed.url('/');
    await closed.close();
    const dead = await run('inspect', deadUrl);
    expect(dead.code).toBe(1);
    expect(dead.stderr).toMatch(/Could not load .*ERR_CONNECTION_REFUSED.*\(unreachable\)/);
  });

  it('clear errors: TCF consent mode (1), no Chromium at TWOFOLD_CHROMIUM (1)', async () => {
    const tcf = await run('inspect', server.url('/tcf.html'));
    expect(tcf.code).toBe(1);
    expect(tcf.stderr).toMatch(/consent mode is "tcf".*\(consent_mode\)/);
    const missing = join(REPO_ROOT, 'no-such-dir', 'chromium');
    const noBrowser = await runWith({ TWOFOLD_CHROMIUM: missing }, 'inspect', server.url('/manual.html'));
    expect(noBrowser.code).toBe(1);
    expect(noBrowser.stderr).toContain(`Chromium not found at ${missing}`);
    expect(noBrowser.stderr).toContain('(no_browser)');
  });

  it('usage errors exit with 2 and print the usage', async () => {
    for (const args of [
      ['inspect'],
      ['inspect', 'not a url'],
      ['inspect', server.url('/'), '--runs', 'many'],
      ['inspect', server.url('/'), '--color'],
      ['scan', server.url('/')],
    ]) {
      const out = await run(...args);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr).toMatch(/^twofold: .+\n\nUsage: twofold inspect/);
    }
  });
});
