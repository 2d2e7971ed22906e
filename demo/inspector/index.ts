/**
 * The demo's signal inspector page (`/inspector`). Reads the site's name and sealing key
 * from /.well-known/twofold.json, starts the SDK in banner mode (as window.tf, so the CLI and the
 * devtools panel find it too) and, once the visitor accepts, collects with `tf.inspect()` — the
 * single source — and seals once per collection to show the sealed payload's size.
 */
import type { InspectReport } from '../../sdk/protocol/report';
import { diffReports, summarizeRuns } from '../../sdk/protocol/inspect-summary';
import { stabilityByRun } from '../../sdk/protocol/signal-stability';
import { renderDiff, renderTable } from './view';

/** The part of the SDK instance this page uses. */
interface TwofoldLike {
  consent: { state: string; onChange(cb: () => void): void };
  inspect(): Promise<InspectReport>;
  seal(options: { nonce: string }): Promise<string>;
}
declare const Twofold: { init(options: Record<string, unknown>): TwofoldLike };

const $ = (id: string) => document.getElementById(id)!;
const runs: InspectReport[] = [];

async function sealedSize(tf: TwofoldLike): Promise<number> {
  const res = await fetch('/twofold/nonce', { cache: 'no-store' });
  const { nonce } = (await res.json()) as { nonce: string };
  return new TextEncoder().encode(await tf.seal({ nonce })).length;
}

async function collect(tf: TwofoldLike): Promise<void> {
  const button = $('collect-again') as HTMLButtonElement;
  button.disabled = true;
  $('status').textContent = 'Collecting…';
  try {
    runs.push(await tf.inspect());
    $('sealed-bytes').textContent = String(await sealedSize(tf));
    $('runs').textContent = String(runs.length);
    renderTable($('signals').querySelector('tbody')!, summarizeRuns(runs), stabilityByRun(runs));
    const [previous, latest] = runs.slice(-2);
    renderDiff($('diff'), $('diff-empty'), previous && latest ? diffReports(previous, latest) : [], runs.length >= 2);
    $('status').textContent = `Collected at ${runs[runs.length - 1]!.collectedAt}.`;
  } catch (error) {
    $('status').textContent = `Could not collect: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    button.disabled = tf.consent.state !== 'granted';
  }
}

async function start(): Promise<void> {
  const wellKnown = (await (await fetch('/.well-known/twofold.json', { cache: 'no-store' })).json()) as {
    site: string;
    sealing: { publicKey: string };
    controller?: unknown;
  };
  $('site').textContent = wellKnown.site;
  const tf = Twofold.init({
    site: wellKnown.site,
    consent: 'banner',
    publicKey: wellKnown.sealing.publicKey,
    ...(wellKnown.controller ? { controller: wellKnown.controller } : {}),
  });
  (window as unknown as { tf: TwofoldLike }).tf = tf;
  const showState = () => {
    $('consent-state').textContent = tf.consent.state;
    ($('collect-again') as HTMLButtonElement).disabled = tf.consent.state !== 'granted';
  };
  showState();
  tf.consent.onChange(() => {
    showState();
    if (tf.consent.state === 'granted' && runs.length === 0) void collect(tf);
  });
  $('collect-again').addEventListener('click', () => void collect(tf));
  if (tf.consent.state === 'granted') await collect(tf);
}

start().catch((error: unknown) => {
  $('status').textContent = `The inspector could not start: ${error instanceof Error ? error.message : String(error)}`;
});
