/**
 * Small steps of the whole-journey e2e (whole-journey.ts), browser-neutral: they only use the
 * shared ExtensionPage interface, so the same code drives Chromium and Firefox.
 */
import type { ExtensionPage } from './extension';

/** Polls `read` until `accept` holds (20 s); reads that fail mid-navigation are retried. */
export async function waitUntil<R>(read: () => Promise<R>, accept: (value: R) => boolean, what: string): Promise<R> {
  const deadline = Date.now() + 20_000;
  let last: R | string = '(nothing read)';
  for (;;) {
    try {
      const value = await read();
      if (accept(value)) return value;
      last = value;
    } catch (error) {
      last = `(read failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The page's path and query, e.g. `/login?registered=1`. */
export function path(page: ExtensionPage): Promise<string> {
  return page.evaluate(() => (document.readyState === 'loading' ? '(loading)' : location.pathname + location.search), undefined);
}

/** Clicks Accept or Decline in the SDK's consent banner (an open shadow root on `#twofold-consent`). */
export async function clickBannerButton(page: ExtensionPage, label: 'Accept' | 'Decline'): Promise<void> {
  await waitUntil(
    () =>
      page.evaluate((name) => {
        const root = document.getElementById('twofold-consent')?.shadowRoot;
        const button = [...(root?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === name);
        if (!button) return false;
        button.click();
        return true;
      }, label),
    (clicked) => clicked,
    `the banner's ${label} button`,
  );
}

/** Fills the sign-in form and submits it (the SDK seals its signals into the form on submit). */
export async function signIn(page: ExtensionPage, username: string, password: string): Promise<void> {
  await page.fill('#login-form input[name=username]', username);
  await page.fill('#login-form input[name=password]', password);
  await page.click('#login-form button[type=submit]');
}

/**
 * Signs out and in again on the same browser: waits for the sign-in page and the remembered consent
 * (so the SDK seals a report, not a refusal), then signs in and waits until the site lands on `landing`.
 */
export async function signOutAndIn(page: ExtensionPage, username: string, password: string, landing: '/account' | '/2fa'): Promise<void> {
  await page.click('#logout');
  await waitUntil(
    () => path(page),
    (p) => p === '/login',
    'the sign-in page',
  );
  await waitUntil(
    () => page.text('#consent-state'),
    (t) => t === 'granted',
    'the remembered consent',
  );
  await signIn(page, username, password);
  await waitUntil(
    () => path(page),
    (p) => p === landing,
    landing === '/account' ? 'the account page' : 'the 2FA page',
  );
}

/** The extension's inline suggestion as the page sees it: a pinned host box, nothing readable inside. */
function suggestionBox(): { present: boolean; x: number; y: number; width: number; height: number } {
  const host = document.querySelector<HTMLElement>('body > div[style*="2147483647"]');
  const r = host?.getBoundingClientRect();
  return { present: !!host, x: r?.x ?? 0, y: r?.y ?? 0, width: r?.width ?? 0, height: r?.height ?? 0 };
}

/**
 * Focuses the code field, waits for the extension's inline suggestion and clicks its account row
 * (a real mouse click: the suggestion lives in a closed shadow root). Returns the filled code.
 */
export async function fillCodeWithExtension(page: ExtensionPage, selector: string): Promise<string> {
  // The suggestion opens below the field: keep both inside the viewport (a real click needs that).
  await page.evaluate((sel) => document.querySelector(sel)!.scrollIntoView({ block: 'center' }), selector);
  await page.click(selector);
  const box = await waitUntil(
    () => page.evaluate(suggestionBox, undefined),
    (b) => b.present && b.height > 0,
    'the inline suggestion',
  );
  // Read it first: the box fills only after it has been visible and unmoved for its arm time (400 ms).
  await new Promise((r) => setTimeout(r, 700));
  const filled = () => page.evaluate((sel) => (document.querySelector(sel) as HTMLInputElement).value, selector);
  // The arm time runs on the page's clock: on a stalled browser the 700 ms may end first, and a click
  // before the box is armed is ignored (suggestion.ts, 'not-armed'; no other effect), so click again,
  // as a person would, until the code is filled; no fill after 10 clicks fails below.
  for (let click = 0; click < 10; click++) {
    // Only ever on the box: once it has gone (filled, or closed) a click there would hit the page.
    if (click > 0 && !(await page.evaluate(suggestionBox, undefined)).present) break;
    await page.clickAt(box.x + box.width / 2, box.y + 40);
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      if (/^\d{6}$/.test(await filled())) return filled();
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return waitUntil(filled, (v) => /^\d{6}$/.test(v), 'the code filled by the extension');
}
