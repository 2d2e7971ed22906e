// A load driver for the Twofold HTTP endpoints: many users and devices sign in with a
// realistic mix — GET /twofold/nonce, seal a report, POST /twofold/assess, POST /twofold/record,
// and now and then a rights call (access / erase / object) — with bounded concurrency, bounded by a
// request count AND a wall-clock budget. It measures per-request latency and keeps a ledger of
// every acknowledged (2xx) write, so a test can count rows afterwards and prove none was lost.
// A request that fails at the connection level (the server was killed under it) is "interrupted":
// neither an error nor acknowledged; the worker then waits at `gate` until the server is back.
// The client is lean on purpose, because it shares the machine with the servers it measures: it
// seals on node:crypto (node-sealer.ts: the same envelope a browser's sealReport makes, same
// sizes) and sends over keep-alive node:http connections, not fetch.
import { Agent, request } from 'node:http';
import { createNodeSealer } from './node-sealer';
import { sampleReport } from './report';
import { seededRandom } from '../../../helpers/seeded-random';

/** The endpoint kinds the driver calls. */
export const REQUEST_KINDS = ['nonce', 'assess', 'record', 'access', 'erase', 'object'] as const;
/** One endpoint kind. */
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** The server under load. */
export interface LoadTarget {
  /** Current base URL (read per request, so a restarted server may move). */
  base: () => string;
  site: string;
  origin: string;
  /** The site's HPKE public key (what the SDK seals to). */
  publicKey: string;
  /** Bearer key for POST /twofold/record. */
  apiKey: string;
}

/** Bounds and shape of a run. */
export interface LoadOptions {
  /** Most HTTP requests to send. */
  requests: number;
  /** Wall-clock budget; no request starts after it. */
  durationMs: number;
  /** Sign-in sessions running at once (one request in flight each). */
  concurrency: number;
  /** Devices in play (users have one or two). */
  devices: number;
  seed?: number;
  /** Awaited before every request: resolves at once normally, or when the killed server is back. */
  gate?: () => Promise<void>;
  /** Called after every request that got a response, with how many have so far. */
  onResponse?: (responses: number) => void;
}

/** An unexpected answer: any status other than the one the call must get (every 5xx included). */
export interface LoadError {
  kind: RequestKind;
  status: number;
  code?: string;
  message: string;
}

/** What one device did, as far as the server acknowledged it. */
export interface DeviceLedger {
  userId: string;
  deviceId: string;
  /** Collections acknowledged (an assess with a sealed report answered 200). */
  collections: number;
  /** Assess calls with a sealed report that were interrupted (their collection may or may not exist). */
  unsureCollections: number;
  /** Login ids acknowledged by POST /twofold/record. */
  logins: string[];
  /** Record calls interrupted. */
  unsureLogins: number;
  /** The device's data was erased / objected to, acknowledged (the device is then retired). */
  ended?: 'erase' | 'object';
  /** An erase / object call was interrupted (the device is retired; its data may or may not be gone). */
  unsureEnd?: 'erase' | 'object';
}

/** Latency and counts of one kind of request. */
export interface KindStats {
  count: number;
  interrupted: number;
  p50: number;
  p99: number;
}

/** The outcome of a run. */
export interface LoadResult {
  elapsedMs: number;
  /** Requests that got an HTTP response. */
  responses: number;
  interrupted: number;
  /** Responses per second of wall clock. */
  throughput: number;
  p50: number;
  p99: number;
  kinds: Record<RequestKind, KindStats>;
  errors: LoadError[];
  devices: DeviceLedger[];
  /** Logins recorded without consent (no sealed report, so no device id), by user. */
  anonymousLogins: Map<string, { logins: string[]; unsure: number }>;
}

/** The nearest-rank percentile `p` (0-100) of `xs` in ms, 0 for none. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const USER_AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
];

/** Shares of a session's choices: most visitors consent and succeed; rights calls are rarer. */
const MIX = { consent: 0.9, failure: 0.1, access: 0.08, erase: 0.02, object: 0.01 };

type Answer = { status: number; json: Record<string, unknown> } | undefined;

const bases = new Map<string, { hostname: string; port: number }>();
/** `http://host:port` → what node:http needs, parsed once per base. */
function hostOf(base: string): { hostname: string; port: number } {
  let host = bases.get(base);
  if (!host) {
    const url = new URL(base);
    host = { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) };
    bases.set(base, host);
  }
  return host;
}

/** One HTTP request on `agent`; rejects when the connection fails (the server is gone). */
function sendOn(
  agent: Agent,
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        ...hostOf(base),
        method,
        path,
        agent,
        headers: { 'content-type': 'application/json', ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('response aborted')));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs the mix against `target` until `requests` or `durationMs` is used up. */
export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const random = seededRandom(options.seed ?? 1);
  const sealer = createNodeSealer(target.publicKey);
  // One keep-alive connection per session in flight (a killed server's sockets error, and the
  // request counts as interrupted; the next one opens a fresh connection).
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const run = Math.floor(random() * 2 ** 32).toString(36);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const latencies = Object.fromEntries(REQUEST_KINDS.map((k) => [k, [] as number[]])) as Record<RequestKind, number[]>;
  const interrupted = Object.fromEntries(REQUEST_KINDS.map((k) => [k, 0])) as Record<RequestKind, number>;
  const errors: LoadError[] = [];
  const ledgers: DeviceLedger[] = [];
  const anonymousLogins = new Map<string, { logins: string[]; unsure: number }>();
  const idle: { ledger: DeviceLedger; ip: string; userAgent: string }[] = [];
  let deviceCount = 0;
  const newDevice = (userId: string, ip: string) => {
    const ledger: DeviceLedger = { userId, deviceId: `load-${run}-d${deviceCount++}`, collections: 0, unsureCollections: 0, logins: [], unsureLogins: 0 };
    ledgers.push(ledger);
    idle.push({ ledger, ip, userAgent: pick(USER_AGENTS) });
  };
  const users = Math.max(1, Math.ceil(options.devices / 1.5));
  for (let i = 0; i < options.devices; i++) newDevice(`load-${run}-u${i % users}`, `203.0.${113 + (i % 3)}.${1 + ((i % users) % 250)}`);

  const started = performance.now();
  const deadline = started + options.durationMs;
  let sent = 0;
  let responses = 0;
  const take = (): boolean => {
    if (sent >= options.requests || performance.now() >= deadline) return false;
    sent++;
    return true;
  };

  async function call(kind: RequestKind, expect: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    await options.gate?.();
    const t0 = performance.now();
    let status: number;
    let text: string;
    try {
      ({ status, text } = await sendOn(agent, target.base(), method, path, headers, body === undefined ? undefined : JSON.stringify(body)));
    } catch {
      interrupted[kind]++;
      await options.gate?.();
      return undefined;
    }
    latencies[kind].push(performance.now() - t0);
    responses++;
    options.onResponse?.(responses);
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      errors.push({ kind, status, message: `not JSON: ${text.slice(0, 80)}` });
      return { status, json };
    }
    if (status !== expect) {
      const error = (json['error'] ?? {}) as { code?: string; message?: string };
      errors.push({ kind, status, ...(error.code ? { code: error.code } : {}), message: error.message ?? text.slice(0, 120) });
    }
    return { status, json };
  }

  async function session(device: { ledger: DeviceLedger; ip: string; userAgent: string }): Promise<void> {
    const { ledger } = device;
    const headers = { 'x-forwarded-for': random() < 0.95 ? device.ip : `198.51.100.${1 + Math.floor(random() * 250)}`, 'user-agent': device.userAgent };
    const consent = random() < MIX.consent;
    let sealed: string | undefined;
    if (consent) {
      if (!take()) return;
      const nonce = await call('nonce', 200, 'GET', '/twofold/nonce', undefined, headers);
      if (nonce?.status !== 200) return;
      sealed = sealer.seal(sampleReport({ site: target.site, origin: target.origin, deviceId: ledger.deviceId, userAgent: device.userAgent }), {
        nonce: String(nonce.json['nonce']),
        site: target.site,
        origin: target.origin,
      });
    }
    if (!take()) return;
    // Assess is the site's server's call (API key); the browser only sends it the sealed report.
    const assess = await call(
      'assess',
      200,
      'POST',
      '/twofold/assess',
      { userId: ledger.userId, ...(sealed ? { sealed } : {}) },
      { ...headers, authorization: `Bearer ${target.apiKey}` },
    );
    if (!assess) ledger.unsureCollections += sealed ? 1 : 0;
    if (assess?.status !== 200) return;
    if (sealed) ledger.collections++;
    if (assess.json['rightsToken'] !== undefined)
      errors.push({ kind: 'assess', status: 200, message: 'assess handed out a rights token (only a successful record may)' });
    if (!take()) return;
    const anonymous = sealed ? undefined : (anonymousLogins.get(ledger.userId) ?? { logins: [], unsure: 0 });
    if (anonymous) anonymousLogins.set(ledger.userId, anonymous);
    const outcome = random() < MIX.failure ? 'failure' : 'success';
    const record = await call(
      'record',
      200,
      'POST',
      '/twofold/record',
      { attemptToken: assess.json['attemptToken'], outcome },
      { ...headers, authorization: `Bearer ${target.apiKey}` },
    );
    if (!record) {
      if (anonymous) anonymous.unsure++;
      else ledger.unsureLogins++;
      return;
    }
    const loginId = record.json['loginId'];
    if (record.status !== 200) return;
    if (typeof loginId !== 'string') {
      errors.push({ kind: 'record', status: 200, message: 'record answered without a loginId' });
      return;
    }
    (anonymous?.logins ?? ledger.logins).push(loginId);
    // The rights token (this user on this device) comes with a successful record, and only then.
    const rightsToken = record.json['rightsToken'];
    if (outcome === 'success' && sealed && typeof rightsToken !== 'string')
      errors.push({ kind: 'record', status: 200, message: 'a successful consented sign-in got no rights token' });
    if (outcome === 'failure' && rightsToken !== undefined) errors.push({ kind: 'record', status: 200, message: 'a failed sign-in got a rights token' });
    if (typeof rightsToken !== 'string') return;
    const r = random();
    if (r < MIX.access) {
      if (!take()) return;
      const access = await call('access', 200, 'GET', '/twofold/rights/access', undefined, { authorization: `Bearer ${rightsToken}` });
      // Read-your-writes: the export must hold every login the server acknowledged for this device.
      const exported = new Set(((access?.json['logins'] ?? []) as { id: string }[]).map((l) => l.id));
      const missing = ledger.logins.filter((id) => !exported.has(id));
      if (access?.status === 200 && missing.length > 0)
        errors.push({ kind: 'access', status: 200, message: `export lacks acknowledged logins ${missing.join(', ')}` });
    } else if (r < MIX.access + MIX.erase + MIX.object) {
      const kind = r < MIX.access + MIX.erase ? 'erase' : 'object';
      if (!take()) return;
      const answer = await call(kind, 200, 'POST', `/twofold/rights/${kind}`, { token: rightsToken });
      if (!answer) ledger.unsureEnd = kind;
      else if (answer.status === 200) ledger.ended = kind;
    }
  }

  async function worker(): Promise<void> {
    while (sent < options.requests && performance.now() < deadline) {
      const device = idle.shift();
      if (!device) return;
      await session(device);
      // A device whose data was erased (or might have been) is retired: the user signs in next time
      // from a new device, so every ledger has one unambiguous end state.
      if (device.ledger.ended || device.ledger.unsureEnd) newDevice(device.ledger.userId, device.ip);
      else idle.push(device);
    }
  }
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }

  const elapsedMs = performance.now() - started;
  const all = REQUEST_KINDS.flatMap((k) => latencies[k]);
  const kinds = Object.fromEntries(
    REQUEST_KINDS.map((k) => [
      k,
      { count: latencies[k].length, interrupted: interrupted[k], p50: percentile(latencies[k], 50), p99: percentile(latencies[k], 99) },
    ]),
  ) as Record<RequestKind, KindStats>;
  return {
    elapsedMs,
    responses,
    interrupted: REQUEST_KINDS.reduce((n, k) => n + interrupted[k], 0),
    throughput: responses / (elapsedMs / 1000),
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    kinds,
    errors,
    devices: ledgers,
    anonymousLogins,
  };
}

/** The run as table rows: one per kind plus "all" (count, share of wall-clock throughput, p50/p99 ms). */
export function loadTable(result: LoadResult): { kind: string; count: number; interrupted: number; 'req/s': number; 'p50 ms': number; 'p99 ms': number }[] {
  const seconds = result.elapsedMs / 1000;
  const row = (kind: string, s: KindStats) => ({
    kind,
    count: s.count,
    interrupted: s.interrupted,
    'req/s': s.count / seconds,
    'p50 ms': s.p50,
    'p99 ms': s.p99,
  });
  return [
    ...REQUEST_KINDS.map((k) => row(k, result.kinds[k])),
    row('all', { count: result.responses, interrupted: result.interrupted, p50: result.p50, p99: result.p99 }),
  ];
}
