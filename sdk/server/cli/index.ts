/**
 * `twofold` command-line tool: `twofold inspect <url> [--json] [--runs N]` and
 * `twofold serve --site <name> …` (the handler as a standalone server; see serve.ts).
 * `runCli` takes argv and writable streams and returns the exit code, so tests run it in-process;
 * dist/cli/twofold.mjs (built from this file) runs it on process.argv.
 * Exit codes: 0 ok, 1 the page could not be inspected / the server could not start, 2 usage.
 */
import { TwofoldError } from '../../protocol/errors';
import { diffReports, summarizeRuns, type SignalChange } from '../../protocol/inspect-summary';
import { type CliCommand, parseArgs, USAGE, UsageError } from './args';
import { stabilityByRun } from '../../protocol/signal-stability';
import { formatHeader, formatTable } from './format';
import { inspectPage, type PageInspection } from './inspect-page';
import { runServe } from './serve';

/** Where the CLI writes. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** What the CLI does for one page; a seam so tests can use a fixed inspection. */
export type Inspector = (url: string, runs: number) => Promise<PageInspection>;

/** The diff between the last two runs, one line per signal. */
function formatChanges(changes: readonly SignalChange[]): string {
  if (changes.length === 0) return 'Between the last two runs: nothing changed.';
  const line = (c: SignalChange) =>
    c.fields?.length
      ? `  ${c.id}: ${c.fields.map((f) => `${f.path} ${f.before} → ${f.after}`).join('; ')}`
      : `  ${c.id}: ${c.before ?? '(none)'} → ${c.after ?? '(none)'}`;
  return ['Between the last two runs:', ...changes.map(line)].join('\n');
}

/** Runs the CLI; returns the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo, inspect: Inspector = inspectPage): Promise<number> {
  let command: CliCommand;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`twofold: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.command === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (command.command === 'serve') {
    const { command: _serve, ...args } = command;
    return runServe(args, io);
  }
  try {
    const result = await inspect(command.url, command.runs);
    const rows = summarizeRuns(result.reports, { valueWidth: command.json ? 200 : 60 });
    const stability = stabilityByRun(result.reports);
    const [previous, latest] = result.reports.slice(-2);
    const changes = previous && latest ? diffReports(previous, latest, { valueWidth: command.json ? 200 : 60 }) : [];
    if (command.json) {
      io.out(
        `${JSON.stringify({ url: result.url, site: result.site, consentMode: result.consentMode, consentVia: result.consentVia, runs: result.reports.length, sealedBytes: result.sealedBytes ?? null, signals: rows.map((r) => ({ ...r, stability: stability.get(r.id) })), changes, reports: result.reports }, null, 2)}\n`,
      );
    } else {
      const consent = `${result.consentMode} (${result.consentVia})`;
      io.out(
        `${formatHeader({ url: result.url, site: result.site, consent, runs: result.reports.length, ...(result.sealedBytes !== undefined ? { sealedBytes: result.sealedBytes } : {}) })}\n${formatTable(rows, stability)}\n${result.reports.length > 1 ? `\n${formatChanges(changes)}\n` : ''}`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof TwofoldError) {
      io.err(`twofold: ${error.message} (${error.code})\n`);
      return 1;
    }
    io.err(`twofold: inspection failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    return 1;
  }
}

/** Entry point of dist/cli/twofold.mjs. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runCli(argv, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
}
