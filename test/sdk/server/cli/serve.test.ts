// `twofold serve` in-process: argument parsing and usage errors (exit 2), the keys file (created
// 0600 once, then reused; a bad one refused with a message), environment fallbacks, start-up
// failures (exit 1), and an orderly stop. The child-process run under load is test/sdk/server/load.test.ts.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../../sdk/server/cli/args';
import { runCli } from '../../../../sdk/server/cli/index';
import { loadOrCreateKeys, resolveServeArgs, runServe, startServer } from '../../../../sdk/server/cli/serve';

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) } };
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'twofold-serve-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('twofold serve arguments', () => {
  it('parses defaults and every flag, in any order and as --flag=value', () => {
    // --workers defaults to the cores of this machine.
    expect(parseArgs(['serve', '--site', 'example.com'])).toEqual({
      command: 'serve',
      site: 'example.com',
      port: 8080,
      host: '127.0.0.1',
      keys: 'twofold-keys.json',
      trustProxy: false,
      workers: availableParallelism(),
    });
    expect(
      parseArgs([
        'serve',
        '--port=0',
        '--trust-proxy',
        '--store',
        'postgres://u:p@db/tf',
        '--site=a.test',
        '--host',
        '0.0.0.0',
        '--keys',
        '/etc/tf/keys.json',
        '--api-key',
        's3cret',
        '--workers',
        '3',
      ]),
    ).toEqual({
      command: 'serve',
      site: 'a.test',
      port: 0,
      host: '0.0.0.0',
      store: 'postgres://u:p@db/tf',
      keys: '/etc/tf/keys.json',
      apiKey: 's3cret',
      trustProxy: 1,
      workers: 3,
    });
    expect(parseArgs(['serve', '--site', 'a.test', '--workers=1'])).toMatchObject({ workers: 1 });
    expect(parseArgs(['serve', '--help'])).toEqual({ command: 'help' });
  });

  it('--trust-proxy takes a hop count or proxy addresses / CIDR ranges; --public-url an origin', () => {
    const serve = (...flags: string[]) => parseArgs(['serve', '--site', 'a.test', ...flags]);
    expect(serve('--trust-proxy', '2')).toMatchObject({ trustProxy: 2 });
    expect(serve('--trust-proxy=0')).toMatchObject({ trustProxy: 0 });
    expect(serve('--trust-proxy', '10.0.0.0/8,loopback', '--port', '1')).toMatchObject({ trustProxy: ['10.0.0.0/8', 'loopback'], port: 1 });
    expect(serve('--trust-proxy=192.0.2.1')).toMatchObject({ trustProxy: ['192.0.2.1'] });
    expect(serve('--public-url', 'https://login.example.com/')).toMatchObject({ publicUrl: 'https://login.example.com' });
  });

  it.each([
    [['serve'], /serve needs --site/],
    [['serve', '--site'], /--site needs the site name/],
    [['serve', '--site', '--port', '80'], /--site needs the site name/],
    [['serve', '--site', 'a.test', '--port', 'http'], /--port must be a whole number from 0 to 65535, got "http"/],
    [['serve', '--site', 'a.test', '--port', '65536'], /from 0 to 65535/],
    [['serve', '--site', 'a.test', '--port=-1'], /from 0 to 65535/],
    [['serve', '--site', 'a.test', '--store'], /--store needs a database URL/],
    [['serve', '--site', 'a.test', '--api-key='], /--api-key needs/],
    [['serve', '--site', 'a.test', '--verbose'], /Unknown option "--verbose" for serve/],
    [['serve', '--site', 'a.test', 'extra'], /no positional arguments, got "extra"/],
    [['serve', '--site', 'a.test', '--trust-proxy=yes'], /--trust-proxy: trustProxy entry "yes" is not an IP address/],
    [['serve', '--site', 'a.test', '--trust-proxy', '10.0.0.0/40'], /--trust-proxy: .*10\.0\.0\.0\/40/],
    [['serve', '--site', 'a.test', '--trust-proxy', '99'], /--trust-proxy: .*hop count/],
    [['serve', '--site', 'a.test', '--trust-proxy='], /--trust-proxy= needs/],
    [['serve', '--site', 'a.test', '--public-url', 'login.example.com'], /--public-url must be an http\(s\) origin/],
    [['serve', '--site', 'a.test', '--public-url', 'https://a.test/path'], /--public-url must be an http\(s\) origin/],
    [['serve', '--site', 'a.test', '--workers', '0'], /--workers must be a whole number from 1 to 256, got "0"/],
    [['serve', '--site', 'a.test', '--workers', 'all'], /--workers must be a whole number from 1 to 256/],
    [['serve', '--site', 'a.test', '--workers=257'], /from 1 to 256/],
    [['serve', '--site', 'a.test', '--workers'], /--workers needs a number of worker processes/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('runCli exits 2 with the message and the usage, which documents serve', async () => {
    const s = io();
    expect(await runCli(['serve', '--port', '1'], s.io)).toBe(2);
    expect(s.err.join('')).toMatch(/^twofold: serve needs --site.*\n\nUsage: twofold inspect .*\n\s+twofold serve --site <name>/s);
    const help = io();
    expect(await runCli(['--help'], help.io)).toBe(0);
    for (const flag of [
      '--site',
      '--port',
      '--host',
      '--store',
      '--keys',
      '--api-key',
      '--trust-proxy',
      '--public-url',
      '--workers',
      'DATABASE_URL',
      'TWOFOLD_API_KEY',
      'listening on',
    ])
      expect(help.out.join('')).toContain(flag);
  });

  it('falls back to DATABASE_URL and TWOFOLD_API_KEY; flags win', () => {
    const args = { site: 'a.test', port: 0, host: '127.0.0.1', keys: 'k.json', trustProxy: false };
    expect(resolveServeArgs(args, { DATABASE_URL: 'postgres://db/x', TWOFOLD_API_KEY: 'env-key' })).toMatchObject({
      store: 'postgres://db/x',
      apiKey: 'env-key',
    });
    expect(resolveServeArgs({ ...args, store: 'sqlite:a.db', apiKey: 'flag' }, { DATABASE_URL: 'postgres://db/x', TWOFOLD_API_KEY: 'env' })).toMatchObject({
      store: 'sqlite:a.db',
      apiKey: 'flag',
    });
    const bare = resolveServeArgs(args, { DATABASE_URL: '', TWOFOLD_API_KEY: '' });
    expect(bare.store).toBeUndefined();
    expect(bare.apiKey).toBeUndefined();
  });
});

describe('twofold serve keys file', () => {
  it('creates the keys once with mode 0600, then every start reuses them', async () => {
    const path = join(dir, 'keys.json');
    const first = await loadOrCreateKeys(path);
    expect(first.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateKeys(path);
    expect(again).toEqual({ keys: first.keys, created: false });
  });

  it('instances starting together agree on one key set', async () => {
    const path = join(dir, 'keys.json');
    const results = await Promise.all(Array.from({ length: 4 }, () => loadOrCreateKeys(path)));
    expect(new Set(results.map((r) => r.keys.kid)).size).toBe(1);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(results[0]!.keys);
  });

  it.each([
    ['not JSON', '{', /keys\.json is not a usable Twofold keys file: it is not valid JSON/],
    ['a missing field', JSON.stringify({ kid: 'x', publicKey: 'y' }), /missing or malformed: privateKey, signingPublicKey, signingPrivateKey/],
    ['a bad private key', null, /privateKey is not a P-256 key/],
    ['a kid of other keys', null, /kid does not belong to privateKey/],
  ])('refuses a keys file with %s', async (what, text, message) => {
    const path = join(dir, 'keys.json');
    const good = (await loadOrCreateKeys(path)).keys;
    const body = text ?? JSON.stringify(what === 'a bad private key' ? { ...good, privateKey: 'AAAA' } : { ...good, kid: 'not-the-kid' });
    writeFileSync(path, body);
    await expect(loadOrCreateKeys(path)).rejects.toThrow(message);
    const s = io();
    expect(
      await runServe(
        { site: 'a.test', port: 0, host: '127.0.0.1', keys: path, store: `sqlite:${join(dir, 'db.sqlite')}`, trustProxy: false },
        s.io,
        Promise.resolve('test'),
      ),
    ).toBe(1);
    expect(s.err.join('')).toMatch(/^twofold: serve could not start: .*keys\.json is not a usable Twofold keys file.*\(keys_file_invalid\)\n$/s);
  });
});

describe('twofold serve', () => {
  it('serves the endpoints until stopped, then exits 0 with the store closed', async () => {
    const s = io();
    let stop!: (signal: string) => void;
    const exit = runServe(
      { site: 'a.test', port: 0, host: '127.0.0.1', keys: join(dir, 'keys.json'), store: `sqlite:${join(dir, 'db.sqlite')}`, apiKey: 'k', trustProxy: false },
      s.io,
      new Promise((resolve) => (stop = resolve)),
    );
    await expect.poll(() => s.out.join(''), { timeout: 10_000 }).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\n/);
    const base = /listening on (\S+)/.exec(s.out.join(''))![1]!;
    expect(s.out[0]).toMatch(
      /^twofold: site a\.test, store sqlite, keys .*keys\.json \(created, kid [\w-]+\), \/twofold\/assess and \/twofold\/record for the api key holder, trust proxy none, public url none \(well-known for loopback only\)\n$/,
    );
    const nonce = await fetch(`${base}/twofold/nonce`);
    expect(nonce.status).toBe(200);
    const wellKnown = (await (await fetch(`${base}/.well-known/twofold.json`)).json()) as { site: string; sealing: { publicKey: string } };
    expect(wellKnown.site).toBe('a.test');
    expect(wellKnown.sealing.publicKey).toBe(JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')).publicKey);
    stop('SIGTERM');
    expect(await exit).toBe(0);
    expect(s.out.at(-1)).toBe('twofold: SIGTERM, shutting down\n');
    await expect(fetch(`${base}/twofold/nonce`)).rejects.toThrow();
  });

  it('exits 1 with a clear message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const s = io();
      expect(
        await runServe(
          { site: 'a.test', port, host: '127.0.0.1', keys: join(dir, 'keys.json'), store: `sqlite:${join(dir, 'db.sqlite')}`, trustProxy: false },
          s.io,
          Promise.resolve('test'),
        ),
      ).toBe(1);
      expect(s.err.join('')).toMatch(
        new RegExp(`^twofold: serve could not start: Cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*\\(listen_failed\\)\\n$`),
      );
    } finally {
      blocker.close();
    }
  });

  it('on stop, answers the request in flight before closing', async () => {
    const s = io();
    const running = await startServer(
      { site: 'a.test', port: 0, host: '127.0.0.1', keys: join(dir, 'keys.json'), store: `sqlite:${join(dir, 'db.sqlite')}`, apiKey: 'k', trustProxy: false },
      s.io,
    );
    const { hostname, port } = new URL(running.url);
    const body = JSON.stringify({ userId: 'ada', sealed: 'tf1.not-a-seal' });
    // A request whose body is still arriving when the stop begins. "Expect: 100-continue": the server
    // answers "100 Continue" once it has the headers, so the stop begins with the request known to be
    // in the server's hands (a fixed pause instead could end before a stalled machine accepted it).
    let inHand!: () => void;
    const accepted = new Promise<void>((resolve) => {
      inHand = resolve;
    });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          hostname,
          port,
          method: 'POST',
          path: '/twofold/assess',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: 'Bearer k', expect: '100-continue' },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.on('continue', () => {
        req.write(body.slice(0, 10));
        inHand();
        setTimeout(() => req.end(body.slice(10)), 300);
      });
      req.flushHeaders();
    });
    await accepted;
    const closed = running.close();
    const { status, text } = await answer;
    expect(status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'seal_malformed' } });
    await closed;
    await expect(fetch(`${running.url}/twofold/nonce`)).rejects.toThrow();
  });

  it('startServer without an api key leaves /twofold/record disabled (401)', async () => {
    const s = io();
    const running = await startServer(
      { site: 'a.test', port: 0, host: '127.0.0.1', keys: join(dir, 'keys.json'), store: `sqlite:${join(dir, 'db.sqlite')}`, trustProxy: false },
      s.io,
    );
    try {
      expect(s.out.join('')).toContain('/twofold/assess and /twofold/record closed (no api key)');
      const record = await fetch(`${running.url}/twofold/record`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(record.status).toBe(401);
    } finally {
      await running.close();
    }
  });
});
