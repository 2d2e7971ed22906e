/**
 * Command-line parsing for `twofold`: pure, so every bad flag has a unit test. A usage
 * mistake is a `UsageError` (exit code 2), never a stack trace.
 */
import { availableParallelism } from 'node:os';
import { TwofoldError } from '../../protocol/errors';
import { compileTrustProxy, type TrustProxy } from '../http/proxy';

/** The usage text printed by `--help` and after a usage error. */
export const USAGE = `Usage: twofold inspect <url> [--json] [--runs N]
       twofold serve --site <name> [--port N] [--host H] [--store URL] [--keys FILE] [--api-key K]
                     [--trust-proxy [HOPS|CIDR,…]] [--public-url URL] [--totp-secrets FILE] [--no-rate-limits]
                     [--workers N]

inspect
  Opens <url> in headless Chromium, grants consent on the page's Twofold SDK (manual mode: calls
  tf.consent.grant(); banner mode: clicks Accept), collects N times with tf.inspect() and prints
  every signal with its category, personal-data class, duration and stability across runs.

  --json       print the summary and the raw reports as JSON
  --runs N     number of collections (1-50, default 3)

  The Chromium binary is /usr/lib/chromium/chromium, or TWOFOLD_CHROMIUM.
  The page must expose its Twofold instance as window.tf (or any global holding it).

serve
  Runs the Twofold endpoints (/twofold/nonce, /assess, /record, /rights/*, /.well-known/twofold.json)
  as a standalone HTTP server. Prints "listening on http://host:port" when ready; SIGTERM or SIGINT
  finishes the requests in flight and closes the store. Several instances may share one PostgreSQL.

  --site NAME      the site name the SDK is initialised with (required)
  --port N         TCP port (0-65535, default 8080; 0 picks a free one)
  --host H         address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --store URL      postgres://… or sqlite:<path> (default: $DATABASE_URL, else ./twofold.sqlite)
  --keys FILE      site keys as JSON; created (mode 0600) on first start and reused, so restarts
                   and every instance share them (default ./twofold-keys.json)
  --api-key K      the secret your login server sends as "Authorization: Bearer K": enables
                   POST /twofold/assess (full reasons) and /twofold/record (default:
                   $TWOFOLD_API_KEY; without one, both answer 401 to everyone)
  --trust-proxy [HOPS|CIDR,…]
                   proxies in front of this server: a hop count (bare flag = 1), or their
                   addresses / CIDR ranges (e.g. 10.0.0.0/8,loopback). The client IP is the
                   right-most X-Forwarded-For entry no trusted proxy wrote; never the first.
  --public-url URL the public origin (e.g. https://login.example.com) /.well-known/twofold.json
                   names the rights endpoint under; without it, only loopback requests get it
  --totp-secrets FILE
                   enables POST /twofold/totp/verify (API key): a JSON object of account id →
                   base32 TOTP secret, re-read when the file changes; failures, backoff, lockout
                   and used codes are kept in the store
  --no-rate-limits turn the per-IP / per-account rate limits off (benchmarks and load tests only)
  --workers N      worker processes sharing the port and the database (default: the number of
                   cores; 1 = one process). The store must be a SQLite file or PostgreSQL; a worker
                   that dies is restarted, SIGTERM lets every worker finish its requests in flight

  -h, --help   show this text`;

/** A mistake in how the CLI was called; exit code 2. */
export class UsageError extends TwofoldError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/** What the user asked for. */
export type CliCommand = { command: 'help' } | { command: 'inspect'; url: string; json: boolean; runs: number } | ({ command: 'serve' } & ServeArgs);

/** What `twofold serve` was asked for; `store` and `apiKey` fall back to the environment in serve.ts. */
export interface ServeArgs {
  site: string;
  port: number;
  host: string;
  /** Store URL, when given on the command line. */
  store?: string;
  keys: string;
  apiKey?: string;
  /** false, a hop count, or proxy addresses / CIDR ranges (see TrustProxy). */
  trustProxy: TrustProxy;
  publicUrl?: string;
  /** JSON file of account id → base32 TOTP secret (enables POST /twofold/totp/verify). */
  totpSecrets?: string;
  /** False with --no-rate-limits (absent: limits on). */
  rateLimits?: false;
  /** Worker processes (cluster.ts); the CLI defaults it to the number of cores, absent = this one process. */
  workers?: number;
}

const MAX_RUNS = 50;
/** Most worker processes `--workers` accepts (see cluster.ts). */
const MAX_WORKERS = 256;

/** Parses `argv` (without node and the script path). */
export function parseArgs(argv: readonly string[]): CliCommand {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help') || argv[0] === 'help') return { command: 'help' };
  const [command, ...rest] = argv;
  if (command === 'serve') return { command: 'serve', ...parseServeArgs(rest) };
  if (command !== 'inspect') throw new UsageError(`Unknown command "${command}". The commands are "inspect" and "serve".`);
  let url: string | undefined;
  let json = false;
  let runs = 3;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--runs' || arg.startsWith('--runs=')) {
      const text = arg === '--runs' ? rest[++i] : arg.slice('--runs='.length);
      if (text === undefined || !/^\d+$/.test(text))
        throw new UsageError(`--runs needs a whole number from 1 to ${MAX_RUNS}, got ${text === undefined ? 'nothing' : `"${text}"`}.`);
      runs = Number(text);
      if (runs < 1 || runs > MAX_RUNS) throw new UsageError(`--runs must be from 1 to ${MAX_RUNS}, got ${runs}.`);
    } else if (arg.startsWith('-')) throw new UsageError(`Unknown option "${arg}".`);
    else if (url === undefined) url = arg;
    else throw new UsageError(`Give one URL; got "${url}" and "${arg}".`);
  }
  if (url === undefined) throw new UsageError('Give the URL of a page that runs the Twofold SDK, e.g. twofold inspect http://127.0.0.1:8080/');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a URL; give an absolute http(s) URL, e.g. http://127.0.0.1:8080/.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`Only http and https URLs can be inspected, got ${parsed.protocol}`);
  return { command: 'inspect', url: parsed.href, json, runs };
}

/** The value of `--name V` / `--name=V` at `rest[i]`, and the index of the last argument used. */
function flagValue(rest: readonly string[], i: number, name: string, what: string): [string, number] {
  const arg = rest[i]!;
  const inline = arg.startsWith(`${name}=`);
  const value = inline ? arg.slice(name.length + 1) : rest[i + 1];
  if (value === undefined || value === '' || (!inline && value.startsWith('--'))) throw new UsageError(`${name} needs ${what}.`);
  return [value, inline ? i : i + 1];
}

/** `--trust-proxy` value: none (one hop), a hop count, or a comma list of addresses / CIDR ranges. */
function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined) return 1;
  if (value === '') throw new UsageError('--trust-proxy= needs a hop count or proxy addresses, e.g. --trust-proxy 1 or --trust-proxy 10.0.0.0/8.');
  const setting: TrustProxy = /^\d+$/.test(value) ? Number(value) : value.split(',').map((entry) => entry.trim());
  try {
    compileTrustProxy(setting);
  } catch (error) {
    throw new UsageError(`--trust-proxy: ${(error as Error).message}`);
  }
  return setting;
}

function parseServeArgs(rest: readonly string[]): ServeArgs {
  const out: Partial<ServeArgs> & { port: number; host: string; keys: string; trustProxy: TrustProxy } = {
    port: 8080,
    host: '127.0.0.1',
    keys: 'twofold-keys.json',
    trustProxy: false,
    workers: availableParallelism(),
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const name = arg.split('=')[0]!;
    if (arg === '--trust-proxy' || arg.startsWith('--trust-proxy=')) {
      // A bare flag is one proxy hop; a value is a hop count or a list of addresses / CIDR ranges.
      const inline = arg.startsWith('--trust-proxy=');
      const next = rest[i + 1];
      const value = inline ? arg.slice('--trust-proxy='.length) : next !== undefined && !next.startsWith('-') ? next : undefined;
      if (!inline && value !== undefined) i++;
      out.trustProxy = parseTrustProxy(value);
      continue;
    }
    if (arg === '--no-rate-limits') {
      out.rateLimits = false;
      continue;
    }
    let value: string;
    switch (name) {
      case '--site':
        [value, i] = flagValue(rest, i, name, 'the site name the SDK is initialised with, e.g. --site example.com');
        out.site = value;
        break;
      case '--port':
        [value, i] = flagValue(rest, i, name, 'a port number from 0 to 65535');
        if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${value}".`);
        out.port = Number(value);
        break;
      case '--host':
        [value, i] = flagValue(rest, i, name, 'an address to listen on, e.g. 127.0.0.1');
        out.host = value;
        break;
      case '--store':
        [value, i] = flagValue(rest, i, name, 'a database URL: postgres://user:pass@host/db or sqlite:<path>');
        out.store = value;
        break;
      case '--keys':
        [value, i] = flagValue(rest, i, name, 'the path of the site keys file (JSON)');
        out.keys = value;
        break;
      case '--public-url':
        [value, i] = flagValue(rest, i, name, 'the public origin of this server, e.g. --public-url https://login.example.com');
        if (!/^https?:\/\/[^/?#\s]+\/?$/.test(value))
          throw new UsageError(`--public-url must be an http(s) origin such as https://login.example.com, got "${value}".`);
        out.publicUrl = value.replace(/\/$/, '');
        break;
      case '--api-key':
        [value, i] = flagValue(rest, i, name, 'the secret your login server sends as "Authorization: Bearer <key>"');
        out.apiKey = value;
        break;
      case '--workers':
        [value, i] = flagValue(rest, i, name, `a number of worker processes from 1 to ${MAX_WORKERS}`);
        if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_WORKERS)
          throw new UsageError(`--workers must be a whole number from 1 to ${MAX_WORKERS}, got "${value}".`);
        out.workers = Number(value);
        break;
      case '--totp-secrets':
        [value, i] = flagValue(rest, i, name, 'the path of a JSON file mapping account ids to base32 TOTP secrets');
        out.totpSecrets = value;
        break;
      default:
        throw new UsageError(arg.startsWith('-') ? `Unknown option "${arg}" for serve.` : `serve takes no positional arguments, got "${arg}".`);
    }
  }
  if (!out.site) throw new UsageError('serve needs --site: the site name the SDK is initialised with, e.g. twofold serve --site example.com');
  return { ...out, site: out.site };
}
