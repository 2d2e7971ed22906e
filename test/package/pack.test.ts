// The package as a site installs it: `npm pack` of the built repository, `npm install <tarball>`
// into a fresh project (from the local npm cache when it has the packages: --prefer-offline), then
// a strict TypeScript consumer is compiled and run against it, and the framework examples under
// examples/ (Express, Fastify, Hono) are started from it and driven over HTTP. One pack and one
// install serve every test in this file. Needs `node build.mjs` first (npm test builds).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTotp } from '../../sdk/server/totp';
import { CONSUMER_BROWSER, CONSUMER_FRAMEWORKS, CONSUMER_SERVER, CONSUMER_TSCONFIG } from './consumer-sources';

const run = promisify(execFile);
const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
const repoVersion = (name: string) => (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
/** What the examples and the typed consumer need besides the package, at the versions the repository locked (so the npm cache has them). */
const EXTRA = ['better-sqlite3', 'express', 'fastify', 'hono', '@hono/node-server', '@types/node', 'react', '@types/react', 'vue'];
/** Packages the site must not get: browser/extension libraries (shipped pre-bundled), the raw geo data, optional peers it did not ask for. */
const NOT_INSTALLED = [
  'pg',
  'geoip-lite',
  '@ip-location-db/asn',
  'preact',
  'webextension-polyfill',
  'jsqr',
  'idb',
  '@fingerprintjs/fingerprintjs',
  'qrcode',
  'yargs',
  'playwright-core',
  'esbuild',
];
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let dir = '';
let packed: { filename: string; size: number; unpackedSize: number; files: { path: string }[] };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'twofold-pack-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO, maxBuffer: 16 << 20 });
  packed = (JSON.parse(stdout) as (typeof packed)[])[0]!;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const extras = EXTRA.map((name) => `${name}@${repoVersion(name)}`);
  // --ignore-scripts: better-sqlite3 would compile its native addon (minutes here); the addon the
  // repository built is copied in below instead, as its prebuilt download would be.
  await run('npm', ['install', join(dir, packed.filename), ...extras, '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: dir,
    maxBuffer: 16 << 20,
  });
  const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  mkdirSync(dirname(join(dir, addon)), { recursive: true });
  copyFileSync(join(REPO, addon), join(dir, addon));
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the built package only: bundles, declarations, geo data, CLI, README, LICENSE; no sources, tests or source maps', () => {
    const files = packed.files.map((f) => f.path);
    for (const needed of [
      'dist/server/index.mjs',
      'dist/protocol/index.mjs',
      'dist/cli/twofold.mjs',
      'dist/sdk/twofold.js',
      'dist/sdk/twofold.mjs',
      'dist/sdk/twofold-collector.js',
      'dist/sdk/twofold-react.mjs',
      'dist/sdk/twofold-vue.mjs',
      'dist/types/browser/react.d.ts',
      'dist/types/server/index.d.ts',
      'dist/types/browser/index.d.ts',
      'dist/geo/ip-geo.bin.gz',
      'bin/twofold.mjs',
      'README.md',
      'LICENSE',
      'package.json',
    ])
      expect(files).toContain(needed);
    expect(
      files.filter((f) => /^(sdk|test|extension|demo|bench|examples)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts') !== f.endsWith('.d.ts')),
    ).toEqual([]);
    console.log(`npm pack: ${(packed.size / 1e6).toFixed(1)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(1)} MB unpacked, ${files.length} files`);
  });

  it('installs without browser or extension libraries, the raw geo data or the optional peers (pg, playwright-core) it did not ask for', () => {
    for (const name of NOT_INSTALLED) expect(existsSync(join(dir, 'node_modules', name)), name).toBe(false);
    expect(existsSync(join(dir, 'node_modules/twofold/dist/geo/ip-geo.bin.gz'))).toBe(true);
  });

  it('type-checks a strict Node16 consumer of twofold/server, twofold/protocol, twofold (browser), twofold/react and twofold/vue, with library checks on', async () => {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG));
    writeFileSync(join(dir, 'server.ts'), CONSUMER_SERVER);
    writeFileSync(join(dir, 'browser.ts'), CONSUMER_BROWSER);
    writeFileSync(join(dir, 'frameworks.ts'), CONSUMER_FRAMEWORKS);
    const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', dir], { cwd: dir }).catch((error: { stdout: string }) => ({ stdout: error.stdout, failed: true }));
    expect(result.stdout).toBe('');
  }, 120_000);

  it('runs the compiled consumer: nonce, a 4xx JSON error for a malformed body, offline geo, one TwofoldError class, a named missing driver', async () => {
    const { stdout } = await run(process.execPath, [join(dir, 'out/server.js'), join(dir, 'consumer.sqlite')], { cwd: dir });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
      nonce: true,
      malformed: [400, expect.any(String)],
      geo: ['US', '15169'],
      oneErrorClass: true,
      withoutPg: ['store_driver_missing', 'The PostgreSQL store needs the pg package: run `npm install pg`.'],
    });
  }, 60_000);

  it('runs the CLI from node_modules/.bin', async () => {
    const { stdout } = await run(join(dir, 'node_modules/.bin/twofold'), ['help'], { cwd: dir });
    expect(stdout).toContain('twofold serve --site');
  }, 60_000);
});

/** Starts an example with PORT=0; resolves with its base URL once it prints "listening on …". */
async function startExample(name: string): Promise<{ url: string; child: ChildProcess; exited: Promise<number | null> }> {
  const file = join(dir, `example-${name}.mjs`);
  copyFileSync(join(REPO, 'examples', name, 'server.mjs'), file);
  const env = {
    ...process.env,
    PORT: '0',
    TWOFOLD_API_KEY: 'site-secret',
    TWOFOLD_STORE: `sqlite:${join(dir, `${name}.sqlite`)}`,
    EXAMPLE_TOTP_SECRET: TOTP_SECRET,
  };
  const child = spawn(process.execPath, [file], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) resolve(match[1]!.replace(/\/$/, ''));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`example ${name} exited (${code}) before listening:\n${output}`)));
  });
  return { url, child, exited };
}

const json = { 'content-type': 'application/json' };
const site = { ...json, authorization: 'Bearer site-secret' };

describe.each([
  ['express', '/auth/twofold'],
  ['fastify', '/twofold'],
  ['hono', '/twofold'],
])('examples/%s against the packed package', (name, path) => {
  it('answers a nonce, refuses an anonymous assess (401 JSON), assesses and records a sign-in, verifies a TOTP code, stops on SIGTERM', async () => {
    const { url, child, exited } = await startExample(name);
    try {
      const base = `${url}${path}`;
      const nonce = await fetch(`${base}/nonce`);
      expect(nonce.status).toBe(200);
      expect(((await nonce.json()) as { nonce: unknown }).nonce).toEqual(expect.any(String));

      const anonymous = await fetch(`${base}/assess`, { method: 'POST', headers: json, body: JSON.stringify({ userId: 'ada' }) });
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).toEqual(expect.any(String));

      const assess = await fetch(`${base}/assess`, { method: 'POST', headers: site, body: JSON.stringify({ userId: 'ada' }) });
      expect(assess.status).toBe(200);
      const assessed = (await assess.json()) as { decision: string; attemptToken: string };
      expect(['allow', 'challenge', 'deny']).toContain(assessed.decision);
      const record = await fetch(`${base}/record`, {
        method: 'POST',
        headers: site,
        body: JSON.stringify({ attemptToken: assessed.attemptToken, outcome: 'success' }),
      });
      expect(record.status).toBe(200);
      expect(((await record.json()) as { recorded: boolean }).recorded).toBe(true);

      const code = await generateTotp(TOTP_SECRET);
      const totp = await fetch(`${base}/totp/verify`, { method: 'POST', headers: site, body: JSON.stringify({ userId: 'ada', code }) });
      expect(await totp.json()).toEqual({ accepted: true });
      const replay = await fetch(`${base}/totp/verify`, { method: 'POST', headers: site, body: JSON.stringify({ userId: 'ada', code }) });
      expect(replay.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
