/**
 * `twofold serve`: the Twofold HTTP handler as a standalone server on node:http, so a site
 * can run it beside its own stack and scale it out (several instances on one PostgreSQL). The site
 * keys live in a JSON file that the first start creates and every later start (and every other
 * instance) reuses: a restart must not invalidate sealed reports, attempt tokens or rights tokens.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { base32nopad } from '@scure/base';
import * as v from 'valibot';
import { TwofoldError } from '../../protocol/errors';
import { createOfflineGeo } from '../geo/index';
import { createTwofoldHandler } from '../http/index';
import { generateSiteKeys, importRecipientKey, type SiteKeys } from '../keys';
import { openStore, sqlitePathOf, startWalCheckpointer, type WalCheckpointer } from '../store/sql/index';
import type { ServeArgs } from './args';
import { isServeWorker, runClusterPrimary, runClusterWorker } from './cluster';
import type { RunningServer, ServeIo } from './serve-types';

export type { RunningServer, ServeIo } from './serve-types';

/** How long a shutdown waits for requests in flight before dropping their connections. */
const SHUTDOWN_GRACE_MS = 10_000;

const JwkSchema = v.looseObject({ kty: v.literal('EC'), crv: v.literal('P-256'), x: v.string(), y: v.string() });
const SiteKeysSchema = v.object({
  kid: v.string(),
  publicKey: v.string(),
  privateKey: v.string(),
  signingPublicKey: JwkSchema,
  signingPrivateKey: v.looseObject({ ...JwkSchema.entries, d: v.string() }),
});

/** A keys file that exists but cannot be used; exit code 1 with a message saying which file and why. */
export class KeysFileError extends TwofoldError {
  constructor(path: string, why: string, cause?: unknown) {
    super(
      'keys_file_invalid',
      `${path} is not a usable Twofold keys file: ${why}. Fix it, or move it away to have new keys created (sealed reports and tokens issued with the old keys then stop working).`,
      { cause },
    );
    this.name = 'KeysFileError';
  }
}

async function readKeys(path: string, text: string): Promise<SiteKeys> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new KeysFileError(path, 'it is not valid JSON', cause);
  }
  const parsed = v.safeParse(SiteKeysSchema, json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.issues.map((issue) => v.getDotPath(issue) ?? '(the whole file)'))].join(', ');
    throw new KeysFileError(path, `expected the fields of generateSiteKeys(); missing or malformed: ${fields}`);
  }
  const keys = parsed.output as SiteKeys;
  const recipient = await importRecipientKey(keys.privateKey).catch((cause: unknown) => {
    throw new KeysFileError(path, 'privateKey is not a P-256 key', cause);
  });
  if (recipient.kid !== keys.kid) throw new KeysFileError(path, 'kid does not belong to privateKey (the file was edited or mixed from two key sets)');
  return keys;
}

/**
 * Reads the site keys at `path`, or creates them there (mode 0600) when the file does not exist.
 * Creation is atomic (write a private temp file, then hard-link it into place), so instances
 * starting together agree on one key set: the loser of the race reads the winner's file.
 */
export async function loadOrCreateKeys(path: string): Promise<{ keys: SiteKeys; created: boolean }> {
  const existing = readIfExists(path);
  if (existing !== undefined) return { keys: await readKeys(path, existing), created: false };
  const keys = await generateSiteKeys();
  const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temp, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(temp, 0o600); // the umask may have narrowed the mode, never widened it; make it exact
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { keys: await readKeys(path, readFileSync(path, 'utf8')), created: false };
  } finally {
    unlinkSync(temp);
  }
  return { keys, created: true };
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A base32 secret otplib accepts: RFC 4648 base32 (any case, padding optional) of at least 16 bytes; normalised to upper case, unpadded. */
const Base32SecretSchema = v.pipe(
  v.string(),
  v.transform((secret) => secret.trim().toUpperCase().replace(/=+$/, '')),
  v.check((secret) => {
    try {
      return secret.length <= 1024 && base32nopad.decode(secret).length >= 16;
    } catch {
      return false;
    }
  }, 'a base32 TOTP secret of at least 16 bytes (e.g. the 32 characters createTotpEnrollment makes)'),
);
const TotpSecretsSchema = v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(256)), Base32SecretSchema);

/**
 * `--totp-secrets FILE`: account id → base32 secret, read at start and again whenever the file
 * changes (the site enrols users by rewriting it). A later unreadable or invalid version keeps the
 * last good contents; at start it stops serve with a message naming the file.
 */
export function totpSecretsFile(path: string): (userId: string) => string | undefined {
  let loaded = { mtimeMs: -1, secrets: new Map<string, string>() };
  const load = () => {
    const mtimeMs = statSync(path).mtimeMs;
    if (mtimeMs === loaded.mtimeMs) return;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (cause) {
      throw new TwofoldError('totp_secrets_invalid', `${path} is not valid JSON; expected { "<account id>": "<base32 secret>", … }.`, { cause });
    }
    const parsed = v.safeParse(TotpSecretsSchema, json);
    if (!parsed.success)
      throw new TwofoldError('totp_secrets_invalid', `${path} must map account ids to base32 TOTP secrets: ${parsed.issues[0]?.message ?? 'invalid'}.`);
    loaded = { mtimeMs, secrets: new Map(Object.entries(parsed.output)) };
  };
  load();
  return (userId) => {
    try {
      load();
    } catch {
      // keep the last good secrets; the start-up load already proved the file once
    }
    return loaded.secrets.get(userId);
  };
}

/** The serve options with the environment fallbacks applied (DATABASE_URL, TWOFOLD_API_KEY). */
export function resolveServeArgs(args: ServeArgs, env: NodeJS.ProcessEnv = process.env): ServeArgs {
  const store = args.store ?? (env['DATABASE_URL'] || undefined);
  const apiKey = args.apiKey ?? (env['TWOFOLD_API_KEY'] || undefined);
  return { ...args, ...(store ? { store } : {}), ...(apiKey ? { apiKey } : {}) };
}

/**
 * How often a server folds the global aggregate increments its logins appended (see
 * SqlStoreOptions.foldIntervalMs): the global counts assess reads lag by at most about this (plus
 * one fold), and no row is written by every login, so workers and instances do not queue on one.
 */
export const SERVE_FOLD_INTERVAL_MS = 1_000;

/** Opens the store and keys and starts listening; resolves once the server accepts connections. */
export async function startServer(args: ServeArgs, io: ServeIo): Promise<RunningServer> {
  const { keys, created } = await loadOrCreateKeys(args.keys);
  // A worker of `--workers N` leaves WAL checkpoints (checkpointer.ts) and the folds of the
  // deferred aggregates to the primary, off its event loop.
  const store = await openStore(args.store, {
    foldIntervalMs: SERVE_FOLD_INTERVAL_MS,
    ...(isServeWorker() ? { walCheckpoint: 'external' as const, fold: 'external' as const } : {}),
  });
  // The offline geo data loads on first lookup and blocks the event loop for most of a second;
  // load it (IPv4 and IPv6) before saying "listening", so the first sign-ins after a (re)start
  // do not all stall behind it.
  const geo = createOfflineGeo();
  await geo('1.1.1.1');
  await geo('2606:4700:4700::1111');
  const handler = createTwofoldHandler({
    site: args.site,
    store,
    keys,
    geo,
    trustProxy: args.trustProxy,
    ...(args.apiKey ? { apiKey: args.apiKey } : {}),
    ...(args.publicUrl ? { publicUrl: args.publicUrl } : {}),
    ...(args.rateLimits === false ? { limits: false as const } : {}),
    ...(args.totpSecrets ? { totpSecretOf: totpSecretsFile(args.totpSecrets) } : {}),
    onError: (error) => io.err(`twofold: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  });
  const server = createServer((req, res) => void handler(req, res));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(args.port, args.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    handler.close();
    await store.close();
    throw new TwofoldError('listen_failed', `Cannot listen on ${args.host}:${args.port}: ${(error as Error).message}`, { cause: error });
  }
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  io.out(
    `twofold: site ${args.site}, store ${store.name}, keys ${args.keys} (${created ? 'created' : 'loaded'}, kid ${keys.kid}), /twofold/assess and /twofold/record ${args.apiKey ? 'for the api key holder' : 'closed (no api key)'}, trust proxy ${describeTrust(args.trustProxy)}, public url ${args.publicUrl ?? 'none (well-known for loopback only)'}\n`,
  );
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        await closed;
        clearTimeout(force);
        handler.close();
        await store.close();
      })()),
  };
}

function describeTrust(trust: ServeArgs['trustProxy']): string {
  if (trust === false || trust === 0) return 'none';
  if (trust === true) return '1 hop';
  if (typeof trust === 'number') return `${trust} hop${trust === 1 ? '' : 's'}`;
  return typeof trust === 'string' ? trust : trust.join(',');
}

/** Resolves with the name of the first SIGTERM or SIGINT. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/**
 * Runs `twofold serve` until `stop` resolves (default: SIGTERM/SIGINT); returns the exit code. With
 * `workers` > 1 this process is the primary of that many worker processes (cluster.ts); in a worker
 * it runs that worker's server.
 */
export async function runServe(args: ServeArgs, io: ServeIo, stop?: Promise<string>): Promise<number> {
  const resolved = resolveServeArgs(args);
  if (isServeWorker()) return runClusterWorker(() => startServer(resolved, io), io);
  if ((resolved.workers ?? 1) > 1) {
    // The SQLite file openStore opens for this URL (undefined for PostgreSQL); ':memory:' is one database per process.
    const sqlitePath = sqlitePathOf(resolved.store);
    if (sqlitePath === ':memory:') {
      io.err(
        `twofold: serve could not start: --workers ${resolved.workers} needs a database the workers share (a SQLite file or PostgreSQL); an in-memory SQLite database is one per process. Use --workers 1 or --store sqlite:<path>.\n`,
      );
      return 1;
    }
    // Once, before forking: the keys file is created by one process, and the schema is migrated by
    // one process (workers then open an up-to-date database instead of racing the migrations).
    const prepare = async () => {
      const { created } = await loadOrCreateKeys(resolved.keys);
      if (created) io.out(`twofold: keys ${resolved.keys} created\n`);
      // The primary, which otherwise only hands out connections, folds the workers' aggregate
      // increments (SqlStoreOptions.fold): what a killed server left as it opens, then every
      // SERVE_FOLD_INTERVAL_MS, and the rest once the workers have exited.
      // Its own commits leave WAL checkpoints to the checkpointer below, as the workers' do.
      const folder = await openStore(resolved.store, { foldIntervalMs: SERVE_FOLD_INTERVAL_MS, walCheckpoint: 'external' });
      // On a SQLite file it also checkpoints the WAL for its workers, and folds it back in after they exit.
      let checkpointer: WalCheckpointer | undefined;
      try {
        if (sqlitePath !== undefined) checkpointer = await startWalCheckpointer(sqlitePath);
      } catch (error) {
        await folder.close();
        throw error;
      }
      return async () => {
        try {
          await folder.close();
        } finally {
          await checkpointer?.stop();
        }
      };
    };
    return runClusterPrimary(resolved.workers!, prepare, io, stop ?? stopSignal());
  }
  return runSingle(resolved, io, stop ?? stopSignal());
}

/** `twofold serve` in this one process (`--workers 1`, or a library caller). */
async function runSingle(args: ServeArgs, io: ServeIo, stop: Promise<string>): Promise<number> {
  let running: RunningServer;
  try {
    running = await startServer(args, io);
  } catch (error) {
    const code = error instanceof TwofoldError ? ` (${error.code})` : '';
    io.err(`twofold: serve could not start: ${error instanceof Error ? error.message : String(error)}${code}\n`);
    return 1;
  }
  // The one line a supervisor or a test waits for.
  io.out(`listening on ${running.url}\n`);
  const signal = await stop;
  io.out(`twofold: ${signal}, shutting down\n`);
  await running.close();
  return 0;
}
