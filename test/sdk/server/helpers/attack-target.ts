// `twofold serve` as a child process for the attack tests (test/sdk/server/attacks), on SQLite and
// on PostgreSQL (DATABASE_URL; under CI=true its absence fails the suite, see pg.ts): the attacker
// talks HTTP to a real server, and the site's own server is played by calls bearing the API key.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealReport } from '../../../../sdk/protocol/seal';
import type { SignalReport } from '../../../../sdk/protocol/report';
import type { TestDeviceKey } from './device-key';
import { dropSchema, postgresUrl, urlWithSchema } from './pg';
import { sampleReport } from './report';
import { bundleCli, startServe, stopServe, type CliBundle, type ServeProcess } from './serve-process';

export const ATTACK_SITE = 'example.com';
export const ATTACK_ORIGIN = 'https://example.com';
export const ATTACK_API_KEY = 'attack-test-api-key-0123456789';
/** The victim's browser, as the attacker copies it. */
export const VICTIM_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/** A store the child serves: its URL, and how to drop it afterwards. */
export type AttackBackend = [name: string, prepare: () => Promise<{ store: string; cleanup: () => Promise<void> }>];

/** SQLite file and, when DATABASE_URL names one, PostgreSQL (a schema of its own per file). */
export function attackBackends(schema: string): AttackBackend[] {
  const backends: AttackBackend[] = [
    [
      'sqlite',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'twofold-attack-'));
        return { store: `sqlite:${join(dir, 'attack.sqlite')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    ],
  ];
  const url = postgresUrl();
  if (url) backends.push(['postgres', async () => ({ store: await urlWithSchema(url, schema), cleanup: () => dropSchema(url, schema) })]);
  return backends;
}

/** A running target: the child, and the calls the tests make to it. */
/** A parsed response body; the attack tests read whichever fields the route under attack answers with. */
// biome-ignore lint/suspicious/noExplicitAny: a response body read field by field in assertions; the server's own schemas are what is under test
type JsonBody = any;

export interface AttackTarget {
  base: string;
  server: ServeProcess;
  publicKey: string;
  /** Any HTTP call; the JSON body parsed (or undefined). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: JsonBody; text: string }>;
  /** A report sealed on a fresh nonce, as anyone can make one with the published key; signed by `deviceKey` when given. */
  seal(report: SignalReport, deviceKey?: TestDeviceKey): Promise<string>;
  /** The site's server: assess with the API key, for `userId`, the client at `ip` (one trusted proxy hop). */
  assess(userId: string, sealed: string | undefined, ip: string, userAgent?: string): Promise<{ status: number; json: JsonBody }>;
  /** The site's server records the outcome (API key); a success hands out the rights token. */
  record(attemptToken: unknown, outcome: 'success' | 'failure'): Promise<{ status: number; json: JsonBody }>;
  /** assess + record success: a completed sign-in (binding `deviceKey` when given); the record's answer (rightsToken, receipt, loginId). */
  signIn(userId: string, deviceId: string | undefined, ip: string, deviceKey?: TestDeviceKey): Promise<JsonBody>;
  stop(): Promise<void>;
}

let bundle: CliBundle | undefined;
let users = 0;

/** Starts `twofold serve` on the backend's store (bundling the CLI once per test file). */
export async function startAttackTarget(store: string, options: { trustProxy?: string | boolean; extraArgs?: string[] } = {}): Promise<AttackTarget> {
  bundle ??= await bundleCli();
  const dir = mkdtempSync(join(tmpdir(), 'twofold-attack-keys-'));
  const keys = join(dir, 'keys.json');
  const server = await startServe(bundle.path, {
    site: ATTACK_SITE,
    store,
    keys,
    apiKey: ATTACK_API_KEY,
    trustProxy: options.trustProxy ?? '1',
    ...(options.extraArgs ? { extraArgs: options.extraArgs } : {}),
  });
  const publicKey = (JSON.parse(readFileSync(keys, 'utf8')) as { publicKey: string }).publicKey;
  const call: AttackTarget['call'] = async (method, path, body, headers = {}) => {
    const response = await fetch(server.base + path, {
      method,
      headers: { 'content-type': 'application/json', 'user-agent': VICTIM_UA, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text };
  };
  const seal: AttackTarget['seal'] = async (report, deviceKey) => {
    const { json } = await call('GET', '/twofold/nonce');
    return sealReport(report, { publicKey, nonce: json.nonce, site: ATTACK_SITE, origin: ATTACK_ORIGIN, ...(deviceKey ? { prove: deviceKey.prove } : {}) });
  };
  const asSite = { authorization: `Bearer ${ATTACK_API_KEY}` };
  const assess: AttackTarget['assess'] = (userId, sealed, ip, userAgent = VICTIM_UA) =>
    call('POST', '/twofold/assess', { userId, ...(sealed ? { sealed } : {}) }, { ...asSite, 'x-forwarded-for': ip, 'user-agent': userAgent });
  const record: AttackTarget['record'] = (attemptToken, outcome) => call('POST', '/twofold/record', { attemptToken, outcome }, asSite);
  return {
    base: server.base,
    server,
    publicKey,
    call,
    seal,
    assess,
    record,
    async signIn(userId, deviceId, ip, deviceKey) {
      const sealed = await seal(sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN, ...(deviceId ? { deviceId } : {}), userAgent: VICTIM_UA }), deviceKey);
      const assessed = await assess(userId, sealed, ip);
      if (assessed.status !== 200) throw new Error(`sign-in assess answered ${assessed.status}: ${JSON.stringify(assessed.json)}`);
      const recorded = await record(assessed.json.attemptToken, 'success');
      if (recorded.status !== 200) throw new Error(`sign-in record answered ${recorded.status}: ${JSON.stringify(recorded.json)}`);
      return recorded.json;
    },
    async stop() {
      await stopServe(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Removes the bundled CLI (afterAll of a test file). */
export function removeAttackBundle(): void {
  bundle?.remove();
  bundle = undefined;
}

/** A user name no other test in the run uses (the store may be shared across a file's tests). */
export function freshUser(prefix: string): string {
  return `${prefix}-${process.pid}-${++users}`;
}
