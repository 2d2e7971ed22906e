// `npm start` as a user runs it after the build (README Quick start): the bundled demo server
// (dist/demo/server.mjs) in its own process serves the demo, the SDK and the site's well-known
// document on 127.0.0.1, and prints where the built extension and its zips are; a bad
// TWOFOLD_ON_CONSENT_REFUSED stops it with a message naming the allowed values.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/sdk-bundle';

const SERVER = join(REPO_ROOT, 'dist', 'demo', 'server.mjs');

/** A port free right now on loopback (the demo takes PORT, not 0, since it prints its URL). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const { port } = probe.address() as { port: number };
  await new Promise((ok) => probe.close(ok));
  return port;
}

/** Runs the demo server with `env`; resolves once it printed the line matching `until`, or it exited. */
function startDemoProcess(env: NodeJS.ProcessEnv, until: RegExp): Promise<{ child: ChildProcess; output: () => string; code: number | null }> {
  // Without DATABASE_URL, as in the Quick start: the embedded SQLite store in .twofold-data/demo.
  const { DATABASE_URL: _unused, ...inherited } = process.env;
  const child = spawn(process.execPath, [SERVER], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...inherited, ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo neither started nor exited within 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (until.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output, code: null });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ child, output: () => output, code });
    });
  });
}

let demo: Awaited<ReturnType<typeof startDemoProcess>>;
let port: number;

beforeAll(async () => {
  if (!existsSync(SERVER)) throw new Error('dist/demo/server.mjs is missing: run `node build.mjs` first');
  port = await freePort();
  demo = await startDemoProcess({ PORT: String(port) }, /^Packaged: .*$/m);
});

afterAll(async () => {
  if (demo && demo.child.exitCode === null) {
    const exited = new Promise((ok) => demo.child.once('exit', ok));
    demo.child.kill('SIGTERM');
    await exited;
  }
});

describe('npm start (dist/demo/server.mjs in its own process)', () => {
  it('serves the demo, the SDK and the well-known document on 127.0.0.1:PORT', async () => {
    expect(demo.code, demo.output()).toBeNull();
    expect(demo.output()).toContain(`Twofold demo running at http://127.0.0.1:${port}/`);
    const base = `http://127.0.0.1:${port}`;
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('twofold.js');
    const sdk = await fetch(`${base}/sdk/twofold.js`);
    expect(sdk.status).toBe(200);
    expect(await sdk.text()).toContain('Twofold');
    const wellKnown = await fetch(`${base}/.well-known/twofold.json`);
    expect(wellKnown.status).toBe(200);
    expect(await wellKnown.json()).toMatchObject({ version: 1, retentionDays: expect.any(Number) });
    expect((await fetch(`${base}/inspector`)).status).toBe(200);
  });

  it('prints where the built extension and its zips are, and they are there', () => {
    const out = demo.output();
    for (const built of [join('dist', 'chrome'), join('dist', 'firefox'), join('dist', 'twofold-chrome.zip'), join('dist', 'twofold-firefox.zip')]) {
      const path = join(REPO_ROOT, built);
      expect(out).toContain(path);
      expect(existsSync(path), path).toBe(true);
    }
    expect(existsSync(join(REPO_ROOT, 'dist', 'chrome', 'manifest.json'))).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'dist', 'firefox', 'manifest.json'))).toBe(true);
  });

  it('refuses a bad TWOFOLD_ON_CONSENT_REFUSED with a message naming the allowed values', async () => {
    const bad = await startDemoProcess({ PORT: String(await freePort()), TWOFOLD_ON_CONSENT_REFUSED: 'maybe' }, /^Packaged: .*$/m);
    if (bad.code === null) bad.child.kill('SIGKILL');
    expect(bad.code).toBe(1);
    expect(bad.output()).toContain('TWOFOLD_ON_CONSENT_REFUSED must be "challenge" or "deny", got "maybe".');
  });
});
