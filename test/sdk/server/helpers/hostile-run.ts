// Runs the hostile classes (hostile-sealed.ts, hostile-requests.ts) against a Twofold handler
// listening on loopback, and checks every answer as it comes: never 5xx; every refusal a JSON
// `{ error: { code, message } }` whose code the scenario allows; no stack trace or path in any body.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTableGeo } from '../../../../sdk/server/geo';
import type { TwofoldHandler, TwofoldHandlerOptions } from '../../../../sdk/server/http/index';
import { createSigner } from '../../../../sdk/server/rights';
import type { SiteKeys } from '../../../../sdk/server/seal';
import type { Store } from '../../../../sdk/server/store/types';
import { BASE, Rng, attackerSigner, type Answer, type HostileClass, type HostileContext, type Login, type Shot } from './hostile';
import { REQUEST_CLASSES } from './hostile-requests';
import { SEALED_CLASSES } from './hostile-sealed';
import { sampleReport } from './report';

/** Every hostile class, sealed payloads first. */
export const HOSTILE_CLASSES: readonly HostileClass[] = [...SEALED_CLASSES, ...REQUEST_CLASSES];

/** Every path the handler serves. */
export const ENDPOINT_PATHS: readonly string[] = [
  ...['nonce', 'assess', 'record', 'rights/access', 'rights/export', 'rights/erase', 'rights/object', 'rights/rectify'].map((name) => `${BASE}/${name}`),
  '/.well-known/twofold.json',
];

/** The site the fuzz attacks. */
export const FUZZ_SITE = { name: 'example.com', origin: 'https://example.com', apiKey: 'fuzz-api-key' };

const FUZZ_UNREACHABLE = { limit: 1e9, windowMs: 60_000 };
const FUZZ_UNREACHABLE_LIMITS = {
  nonce: FUZZ_UNREACHABLE,
  assess: FUZZ_UNREACHABLE,
  record: FUZZ_UNREACHABLE,
  rights: FUZZ_UNREACHABLE,
  totp: FUZZ_UNREACHABLE,
};

/** Handler options for the fuzz: origins pinned, record enabled, proxy headers trusted (so they are attack surface too). */
export function hostileHandlerOptions(store: Store, keys: SiteKeys, onError: (error: unknown) => void): TwofoldHandlerOptions {
  return {
    site: FUZZ_SITE.name,
    origins: [FUZZ_SITE.origin],
    store,
    keys,
    apiKey: FUZZ_SITE.apiKey,
    trustProxy: true,
    purgeIntervalMs: 0,
    onError,
    // Limits on but out of reach: every request still goes through the limiter (hostile headers
    // and all), while the classes keep their own refusal codes. 429s are proven in test/sdk/server/attacks/.
    limits: { perIp: FUZZ_UNREACHABLE_LIMITS, perAccount: FUZZ_UNREACHABLE_LIMITS },
    geo: createTableGeo({
      '203.0.113.0/24': { country: 'NO', asn: '2119', lat: 59.9, lon: 10.7 },
      '2001:db8::/32': { country: 'BR', asn: '28573', lat: -23.5, lon: -46.6 },
    }),
  };
}

/** A handler on 127.0.0.1 that also counts requests still being handled (a hung one never drains). */
export interface CountingServer {
  base: string;
  server: Server;
  inFlight(): number;
  close(): Promise<void>;
}

/** Serves `handler` on an ephemeral loopback port, counting in-flight requests. */
export async function serveCounting(handler: TwofoldHandler): Promise<CountingServer> {
  let inFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    void handler(req, res).finally(() => inFlight--);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    inFlight: () => inFlight,
    async close() {
      handler.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Counts per class: scenarios run, hostile requests sent, answers by code. */
export interface ClassTally {
  scenarios: number;
  hostile: number;
  codes: Record<string, number>;
}

/** What a run saw; `violations` lists every broken rule (empty on a pass). */
export interface HostileReport {
  requests: number;
  /** Hostile requests that got an answer, each checked (the run goes on until `cases` of them). */
  hostile: number;
  /** Hostile requests the client hung up on mid-body (no answer to check; they count in no total above). */
  aborted: number;
  genuine: number;
  statuses: Record<string, number>;
  /** Hostile requests per endpoint path (`other` for paths the handler does not serve). */
  endpoints: Record<string, number>;
  classes: Record<string, ClassTally>;
  violations: string[];
  /**
   * `class: code` pairs a class was built to provoke but never did, checked at every run size (a
   * short run tops each class up, see COVERAGE_SCENARIOS).
   */
  missing: string[];
}

/** Where and how to run. */
export interface HostileRunOptions {
  base: string;
  keys: SiteKeys;
  /** Hostile requests to send (genuine set-up requests come on top). */
  cases: number;
  seed: number;
  classes?: readonly HostileClass[];
  /** Called after each scenario, e.g. to take a heap measurement after a warm-up. */
  afterScenario?: (report: HostileReport) => void;
}

/**
 * Extra scenarios a class may run after the weighted phase to provoke a `mustSee` code it has not
 * shown yet; the rarest branches come about once in 60 scenarios of their class, so 600 make a
 * miss by chance negligible (< 1e-4) while a class that cannot provoke a code at all still fails.
 */
export const COVERAGE_SCENARIOS = 600;

// A stack frame, a source path or a module path in a body means internals leaked.
const LEAK = /\n\s+at |\bat [^\s]+ \(|node_modules|\/work\/|\.ts:\d+|\.m?js:\d+|[A-Za-z]+Error: /;

/** Runs hostile scenarios until `cases` hostile requests were answered; never throws on a bad answer, reports it. */
export async function runHostile(options: HostileRunOptions): Promise<HostileReport> {
  const classes = options.classes ?? HOSTILE_CLASSES;
  const report: HostileReport = { requests: 0, hostile: 0, aborted: 0, genuine: 0, statuses: {}, endpoints: {}, classes: {}, violations: [], missing: [] };
  for (const cls of classes) report.classes[cls.name] = { scenarios: 0, hostile: 0, codes: {} };
  const rng = new Rng(options.seed);
  const signer = await createSigner(options.keys);
  const { publicKey, kid } = options.keys;
  const site = { ...FUZZ_SITE, publicKey, kid };
  let current = classes[0]!;
  const violation = (text: string) => {
    if (report.violations.length < 200) report.violations.push(`[${current.name}] ${text}`);
  };
  const tally = (shot: { genuine?: boolean; path: string }, code: string) => {
    if (shot.genuine) return void report.genuine++;
    if (code === 'aborted') report.aborted++;
    else report.hostile++;
    const path = shot.path.replace(/[?#].*$/, '').replace(/(.)\/$/, '$1');
    const endpoint = ENDPOINT_PATHS.includes(path) ? path : 'other';
    report.endpoints[endpoint] = (report.endpoints[endpoint] ?? 0) + 1;
    const counts = report.classes[current.name]!;
    counts.hostile++;
    counts.codes[code] = (counts.codes[code] ?? 0) + 1;
  };

  async function send(shot: Shot): Promise<Answer> {
    const headers: Record<string, string> = { ...shot.headers };
    // Assess is the site's server's call: every shot carries the API key, so the classes reach the
    // input handling behind it, unless it sets its own Authorization (the anonymous-caller class does).
    if (shot.path.startsWith(`${BASE}/assess`) && headers['authorization'] === undefined) headers['authorization'] = `Bearer ${site.apiKey}`;
    let body: BodyInit | undefined;
    if (shot.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      // fetch labels a string body text/plain; bytes go without a content type.
      if (headers['content-type'] === '') delete headers['content-type'];
      body = shot.chunked ? chunks(shot.body) : headers['content-type'] === undefined ? Buffer.from(shot.body) : shot.body;
    }
    const label = `${shot.method} ${shot.path.slice(0, 80)} ${(shot.body ?? '').slice(0, 60)}`;
    report.requests++;
    let response: Response;
    let text: string;
    try {
      response = await fetch(options.base + shot.path, { method: shot.method, headers, body, ...(shot.chunked ? { duplex: 'half' } : {}) } as RequestInit);
      text = await response.text();
    } catch (error) {
      violation(`${label}: no answer (${String(error)})`);
      tally(shot, 'no_answer');
      return { status: 0, code: 'no_answer', json: undefined };
    }
    const { status } = response;
    report.statuses[status] = (report.statuses[status] ?? 0) + 1;
    let json: Record<string, unknown> | undefined;
    const bare = shot.method === 'HEAD' || status === 204;
    if (!bare) {
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        violation(`${label}: ${status} body is not JSON: ${text.slice(0, 120)}`);
      }
    }
    let code = status >= 200 && status < 300 ? 'ok' : `status_${status}`;
    if (status >= 500) violation(`${label}: ${status} ${text.slice(0, 200)}`);
    if (status >= 400 && !bare) {
      const error = (json?.['error'] ?? {}) as { code?: unknown; message?: unknown };
      if (typeof error.code === 'string' && /^[a-z][a-z0-9_]*$/.test(error.code)) code = error.code;
      else violation(`${label}: ${status} without an error code: ${text.slice(0, 120)}`);
      if (typeof error.message !== 'string' || error.message.trim().length < 10) violation(`${label}: ${status} ${code} without a message a person can read`);
      if (!String(response.headers.get('content-type')).startsWith('application/json')) violation(`${label}: ${status} not labelled JSON`);
    }
    if (LEAK.test(text)) violation(`${label}: internals in the body: ${text.slice(0, 200)}`);
    if (!shot.expect.includes(code)) violation(`${label}: expected ${shot.expect.join('|')}, got ${status} ${code}: ${text.slice(0, 160)}`);
    tally(shot, code);
    return { status, code, json };
  }

  async function abort(path: string, declared: number, sent: number): Promise<void> {
    const url = new URL(options.base);
    report.requests++;
    tally({ path }, 'aborted');
    await new Promise<void>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${site.apiKey}\r\nContent-Length: ${declared}\r\n\r\n`,
        );
        socket.write(`{"userId":"${'x'.repeat(Math.max(0, sent - 12))}`, () => {
          socket.destroy();
          resolve();
        });
      });
      socket.on('error', () => resolve());
    });
  }

  const nonce = async (): Promise<string> => {
    const answer = await send({ method: 'GET', path: `${BASE}/nonce`, expect: ['ok'], genuine: true });
    const value = answer.json?.['nonce'];
    if (typeof value !== 'string') throw new Error(`GET ${BASE}/nonce gave no nonce (${answer.status})`);
    return value;
  };
  const sealed = async (deviceId?: string): Promise<string> => {
    const signalReport = sampleReport({ site: site.name, origin: site.origin, ...(deviceId ? { deviceId } : {}) });
    return sealReport(signalReport, { publicKey, nonce: await nonce(), site: site.name, origin: site.origin });
  };
  const login = async (): Promise<Login> => {
    const deviceId = `fuzz-device-${rng.int(1e9)}`;
    const userId = `user-${rng.int(50)}`;
    const sign = async () => {
      const answer = await send({
        method: 'POST',
        path: `${BASE}/assess`,
        body: JSON.stringify({ userId, sealed: await sealed(deviceId) }),
        expect: ['ok'],
        genuine: true,
      });
      const attemptToken = answer.json?.['attemptToken'];
      if (typeof attemptToken !== 'string') throw new Error(`a genuine assess gave no attempt token (${answer.status} ${answer.code})`);
      return attemptToken;
    };
    // A successful sign-in: its record hands out the rights token and the receipt covering it.
    const recorded = await send({
      method: 'POST',
      path: `${BASE}/record`,
      headers: { authorization: `Bearer ${site.apiKey}` },
      body: JSON.stringify({ attemptToken: await sign(), outcome: 'success' }),
      expect: ['ok'],
      genuine: true,
    });
    const { rightsToken, receipt } = (recorded.json ?? {}) as Record<string, unknown>;
    if (typeof rightsToken !== 'string' || typeof receipt !== 'string')
      throw new Error(`a genuine successful record gave no rights token (${recorded.status} ${recorded.code})`);
    // A second, still unrecorded attempt for the classes that replay or forge attempt tokens.
    return { rightsToken, attemptToken: await sign(), receipt, deviceId };
  };
  const pooled = <T>(make: () => Promise<T>) => {
    let value: Promise<T> | undefined;
    let uses = 0;
    return () => {
      if (!value || ++uses > 25) {
        value = make();
        uses = 0;
      }
      return value;
    };
  };

  const ctx: HostileContext = {
    rng,
    site,
    send,
    abort,
    nonce,
    sealed,
    login,
    flag: violation,
    siteSign: (prefix, claims) => signer.sign(prefix, claims),
    attackerSign: await attackerSigner(),
    spareSealed: pooled(() => sealed()),
    spareLogin: pooled(login),
  };
  const totalWeight = classes.reduce((sum, cls) => sum + cls.weight, 0);
  while (report.hostile < options.cases) {
    let pick = rng.next() * totalWeight;
    current =
      classes.find((cls) => {
        pick -= cls.weight;
        return pick < 0;
      }) ?? classes[0]!;
    report.classes[current.name]!.scenarios++;
    try {
      await current.run(ctx);
    } catch (error) {
      violation(`scenario threw: ${error instanceof Error ? error.message : String(error)}`);
    }
    options.afterScenario?.(report);
  }
  // Coverage at every run size: a short run (the 1,500-case side runs) may, by chance, not have
  // drawn a class's rarest branch yet, so each class keeps running until it has provoked every code
  // it exists for, within COVERAGE_SCENARIOS more scenarios; only a class that still cannot is
  // reported (its generator degraded).
  const missingOf = (cls: HostileClass) => cls.mustSee.filter((code) => !report.classes[cls.name]!.codes[code]);
  for (const cls of classes) {
    current = cls;
    for (let extra = 0; extra < COVERAGE_SCENARIOS && missingOf(cls).length > 0; extra++) {
      report.classes[cls.name]!.scenarios++;
      try {
        await cls.run(ctx);
      } catch (error) {
        violation(`scenario threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const code of missingOf(cls)) report.missing.push(`${cls.name}: ${code}`);
  }
  return report;
}

function chunks(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 16 * 1024) controller.enqueue(bytes.subarray(i, i + 16 * 1024));
      controller.close();
    },
  });
}

/** The report as printable lines: totals, then per class its hostile count and the codes it earned. */
export function formatHostileReport(label: string, report: HostileReport): string {
  const lines = [
    `${label}: ${report.requests} requests (${report.hostile} hostile answered, ${report.aborted} hostile cut off mid-body, ${report.genuine} genuine controls); statuses ${JSON.stringify(report.statuses)}`,
  ];
  for (const [name, tally] of Object.entries(report.classes)) {
    const codes = Object.entries(tally.codes)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code}×${n}`)
      .join(' ');
    lines.push(`  ${name.padEnd(22)} ${String(tally.hostile).padStart(5)}  ${codes}`);
  }
  return lines.join('\n');
}
