/**
 * Command-line parsing for `twofold` (issue 7): pure, so every bad flag has a unit test. A usage
 * mistake is a `UsageError` (exit code 2), never a stack trace.
 */
import { TwofoldError } from '../../protocol/errors';

/** The usage text printed by `--help` and after a usage error. */
export const USAGE = `Usage: twofold inspect <url> [--json] [--runs N]

  Opens <url> in headless Chromium, grants consent on the page's Twofold SDK (manual mode: calls
  tf.consent.grant(); banner mode: clicks Accept), collects N times with tf.inspect() and prints
  every signal with its category, personal-data class, duration and stability across runs.

  --json       print the summary and the raw reports as JSON
  --runs N     number of collections (1-50, default 3)
  -h, --help   show this text

  The Chromium binary is /usr/lib/chromium/chromium, or TWOFOLD_CHROMIUM.
  The page must expose its Twofold instance as window.tf (or any global holding it).`;

/** A mistake in how the CLI was called; exit code 2. */
export class UsageError extends TwofoldError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/** What the user asked for. */
export type CliCommand = { command: 'help' } | { command: 'inspect'; url: string; json: boolean; runs: number };

const MAX_RUNS = 50;

/** Parses `argv` (without node and the script path). */
export function parseArgs(argv: readonly string[]): CliCommand {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('--help') || argv[0] === 'help') return { command: 'help' };
  const [command, ...rest] = argv;
  if (command !== 'inspect') throw new UsageError(`Unknown command "${command}". The only command is "inspect".`);
  let url: string | undefined;
  let json = false;
  let runs = 3;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--runs' || arg.startsWith('--runs=')) {
      const text = arg === '--runs' ? rest[++i] : arg.slice('--runs='.length);
      if (text === undefined || !/^\d+$/.test(text)) throw new UsageError(`--runs needs a whole number from 1 to ${MAX_RUNS}, got ${text === undefined ? 'nothing' : `"${text}"`}.`);
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
