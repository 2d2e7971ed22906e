/**
 * The browser side of `twofold inspect`: opens the URL in headless Chromium (playwright-core),
 * finds the page's Twofold instance, grants consent the way the page asks for it, and collects
 * with `tf.inspect()` N times. The instance is found by FIND_INSTANCE_EXPRESSION (sdk/protocol/
 * inspect-probe.ts, shared with the devtools panel): `window.tf`, else the first global holding one.
 */
import type { Browser, Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { TwofoldError } from '../../protocol/errors';
import { FIND_INSTANCE_EXPRESSION } from '../../protocol/inspect-probe';
import type { InspectReport } from '../../protocol/report';

/** The Chromium binary: TWOFOLD_CHROMIUM overrides the Debian path. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['TWOFOLD_CHROMIUM'] ?? '/usr/lib/chromium/chromium';
}

/** Everything one `inspect` run learned from the page. */
export interface PageInspection {
  url: string;
  site: string;
  consentMode: string;
  /** How consent was obtained: already granted, `grant()` called, or the banner's Accept clicked. */
  consentVia: 'already-granted' | 'manual-grant' | 'banner-accept';
  reports: InspectReport[];
  /** Size of `tf.seal()`'s output when the site serves `/twofold/nonce` and the SDK has a key. */
  sealedBytes?: number;
}

const FIND_INSTANCE = FIND_INSTANCE_EXPRESSION;

/** Waits up to `ms` for the instance; says whether the SDK script itself is present. */
async function findInstance(page: Page, ms: number): Promise<{ site: string; mode: string; state: string }> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = (await page.evaluate(
      `(() => { const tf = ${FIND_INSTANCE}; return tf ? { site: tf.options?.site ?? '?', mode: tf.options?.consent ?? '?', state: tf.consent.state } : { sdk: typeof window.Twofold === 'object' || typeof window.Twofold === 'function' }; })()`,
    )) as { site: string; mode: string; state: string } | { sdk: boolean };
    if ('state' in found) return found;
    if (Date.now() > deadline) {
      throw found.sdk
        ? new TwofoldError(
            'no_instance',
            'The Twofold SDK is loaded but no instance was found: keep the object Twofold.init() returns in window.tf (or another global).',
          )
        : new TwofoldError('no_sdk', 'No Twofold SDK on this page: it must load the SDK script and call Twofold.init().');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function grantConsent(page: Page, mode: string, state: string): Promise<PageInspection['consentVia']> {
  if (state === 'granted') return 'already-granted';
  if (mode === 'manual') {
    await page.evaluate(`${FIND_INSTANCE}.consent.grant()`);
    return 'manual-grant';
  }
  if (mode === 'banner') {
    // The banner's Accept button (English or Norwegian bokmål), inside its open shadow root; a real click.
    const accept = page.locator('#twofold-consent').getByRole('button', { name: /^(Accept|Godta)$/ });
    try {
      await accept.click({ timeout: 5_000 });
    } catch {
      throw new TwofoldError(
        'no_banner',
        `Consent is "${state}" and the consent banner's Accept button did not appear; inspect in a fresh browser profile or grant consent on the page.`,
      );
    }
    return 'banner-accept';
  }
  throw new TwofoldError(
    'consent_mode',
    `The page's consent mode is "${mode}": the CLI can grant consent only in manual or banner mode (a TCF CMP decides by itself).`,
  );
}

/** playwright-core is an optional peer dependency of the package (~9 MB only `inspect` needs), so it loads here, on use. */
async function loadChromium(): Promise<typeof import('playwright-core').chromium> {
  try {
    return (await import('playwright-core')).chromium;
  } catch (cause) {
    throw new TwofoldError(
      'no_playwright',
      '`twofold inspect` drives Chromium through playwright-core, which is not installed: run `npm install playwright-core`.',
      { cause },
    );
  }
}

/** Opens `url`, grants consent and collects `runs` times. Throws TwofoldError with a clear message. */
export async function inspectPage(url: string, runs: number, options: { executablePath?: string; timeoutMs?: number } = {}): Promise<PageInspection> {
  const executablePath = options.executablePath ?? chromiumPath();
  if (!existsSync(executablePath))
    throw new TwofoldError('no_browser', `Chromium not found at ${executablePath}; install it (apt-get install chromium) or set TWOFOLD_CHROMIUM.`);
  const browser: Browser = await (await loadChromium()).launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    let response: Awaited<ReturnType<Page['goto']>>;
    try {
      response = await page.goto(url, { waitUntil: 'load', timeout: options.timeoutMs ?? 15_000 });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]!.replace(/^page\.goto: /, '') : String(error);
      throw new TwofoldError('unreachable', `Could not load ${url}: ${reason}`);
    }
    if (response && response.status() >= 400) throw new TwofoldError('unreachable', `${url} answered HTTP ${response.status()}.`);
    const found = await findInstance(page, 3_000);
    const consentVia = await grantConsent(page, found.mode, found.state);
    const reports: InspectReport[] = [];
    for (let i = 0; i < runs; i++) reports.push((await page.evaluate(`${FIND_INSTANCE}.inspect()`)) as InspectReport);
    const sealedBytes = (await page.evaluate(`(async () => {
      try {
        const res = await fetch('/twofold/nonce', { cache: 'no-store' });
        if (!res.ok) return undefined;
        const { nonce } = await res.json();
        return typeof nonce === 'string' ? new TextEncoder().encode(await ${FIND_INSTANCE}.seal({ nonce })).length : undefined;
      } catch { return undefined; }
    })()`)) as number | undefined;
    return { url, site: found.site, consentMode: found.mode, consentVia, reports, ...(sealedBytes !== undefined ? { sealedBytes } : {}) };
  } finally {
    await browser.close();
  }
}
