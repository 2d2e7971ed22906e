/**
 * Background handlers for OTP autofill and binding.
 * Content tier (a web page's reach): the site is always the sender's real frame URL
 * (`context.pageUrl`, set by the browser), never the message, and accounts match by registrable
 * domain (site-match), so lookalikes never get a code.
 *   otp.suggest          names of the accounts bound to the sender's site (+ the vault state); with
 *                        none bound, the bound site the page resembles, if any (phishing warning)
 *   otp.code             the one code for one bound account (HOTP counter persisted first)
 *   otp.openBindWindow   "Use another account…": opens the extension's bind window for the tab
 * Each spends the sender tab's budget first (tab-budget.ts): one tab's flood is refused with
 * `rate_limited` before it reaches the vault, and other tabs keep theirs.
 * UI tier (the bind window, the popup): binding happens only here, out of the page's reach. The
 * tab is named by id and its site read from the tab's URL as the browser reports it.
 *   otp.bindContext      the tab's site and host, the unbound accounts, lookalike warnings
 *   otp.bindConfirm      add the tab's site to an account, if the tab still shows the site the user saw
 */
import { TwofoldError } from '../../sdk/protocol/errors';
import type { LookalikeWarning, TabMessage } from '../messages';
import { requireKey } from './handlers/common';
import type { BackgroundDeps } from './handlers/deps';
import { resemblance, unicodeHost } from './lookalike';
import { hotpCode, totpCode } from './otp';
import type { HandlerMap } from './router';
import { parseSiteBinding, registrableDomain, siteMatches } from './site-match';
import type { TabBudget } from './tab-budget';
import { readEntries, readEntry, writeEntries, type VaultEntry } from './vault';

type OtpHandlers = Pick<HandlerMap, 'otp.suggest' | 'otp.code' | 'otp.openBindWindow' | 'otp.bindContext' | 'otp.bindConfirm'>;

/** Most sites one account may be bound to (the update message's limit too). */
const MAX_SITES = 50;

/** The site a binding is stored under: the registrable domain (or IP / localhost) of `url`. */
function siteOf(url: string): string {
  const site = registrableDomain(url);
  if (site === null) throw new TwofoldError('no_site', 'This page has no site name Twofold can bind an account to.', { status: 422 });
  return site;
}

/** The host name of a URL the browser reported (empty when it has none). */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

const names = (e: VaultEntry) => ({ id: e.id, issuer: e.account.issuer, label: e.account.label });

/** Every bound site of another account that the page's host resembles. */
function lookalikeWarnings(host: string, site: string, entries: VaultEntry[]): LookalikeWarning[] {
  const warnings: LookalikeWarning[] = [];
  for (const entry of entries) {
    for (const bound of entry.sites) {
      const binding = parseSiteBinding(bound);
      if (!binding) continue;
      for (const kind of resemblance(host, site, binding.site)) warnings.push({ kind, resembles: binding.site, account: names(entry) });
    }
  }
  return warnings;
}

/** The OTP autofill and binding handlers over `deps`, spending `budget` (the tab budget site.accounts shares); spread into the router's handler map. */
export function otpHandlers(deps: BackgroundDeps, budget: TabBudget): OtpHandlers {
  /** The URL of tab `tabId`, refused unless it is a web page with a site. */
  async function tabPage(tabId: number): Promise<{ url: URL; site: string }> {
    const href = await deps.tabUrl(tabId);
    let url: URL | null = null;
    try {
      url = href ? new URL(href) : null;
    } catch {
      url = null;
    }
    if (!url || !/^https?:$/.test(url.protocol))
      throw new TwofoldError('tab_gone', 'That tab is closed or no longer shows a web page; open Twofold again from the page.', { status: 404 });
    return { url, site: siteOf(url.href) };
  }

  return {
    async 'otp.suggest'(_request, context) {
      budget.spend(context.sender, 'ask');
      const site = registrableDomain(context.pageUrl);
      const key = await deps.session.get();
      if (!key) return { vault: (await deps.storage.getMeta()) ? 'locked' : 'none', site, accounts: [] };
      const { entries } = await readEntries(deps.storage, key);
      const accounts = entries.filter((e) => siteMatches(e.sites, context.pageUrl)).map(names);
      const warning = accounts.length === 0 && site !== null ? lookalikeWarnings(hostOf(context.pageUrl), site, entries)[0] : undefined;
      if (warning) return { vault: 'unlocked', site, accounts, lookalike: { resembles: warning.resembles, kind: warning.kind } };
      return { vault: 'unlocked', site, accounts };
    },

    async 'otp.code'(request, context) {
      budget.spend(context.sender, 'code');
      const key = await requireKey(deps);
      const entry = await readEntry(deps.storage, key, request.id);
      if (!siteMatches(entry.sites, context.pageUrl)) {
        throw new TwofoldError('site_not_bound', 'This account is not bound to this site, so Twofold will not fill its code here.', { status: 403 });
      }
      const { account } = entry;
      // A fill is a use (the popup's "most used" / "recently used" orders).
      const used = { useCount: (entry.useCount ?? 0) + 1, lastUsedAt: deps.now() };
      if (account.type === 'totp') {
        await writeEntries(deps.storage, key, [{ ...entry, ...used }]);
        return { code: (await totpCode(account, deps.now())).code };
      }
      const counter = account.counter ?? 0;
      // Persist the advanced counter before the code leaves the background (never reuse a counter).
      await writeEntries(deps.storage, key, [{ ...entry, ...used, account: { ...account, counter: counter + 1 } }]);
      return { code: await hotpCode(account, counter) };
    },

    async 'otp.openBindWindow'(_request, context) {
      const tabId = context.sender.tab?.id;
      budget.spend(context.sender, 'ask');
      if (tabId === undefined) throw new TwofoldError('not_a_page', 'Only a page in a tab can ask to bind an account.', { status: 403 });
      // The window binds the tab's site; a field in a frame of another site would still get nothing.
      const tabUrl = context.sender.tab?.url;
      if (tabUrl !== undefined && registrableDomain(tabUrl) !== registrableDomain(context.pageUrl)) {
        throw new TwofoldError(
          'frame_site_differs',
          'This code field is inside a frame from another site; bind the account from the Twofold toolbar button instead.',
          { status: 403 },
        );
      }
      siteOf(context.pageUrl);
      await deps.openBindWindow(tabId);
      return { opened: true };
    },

    async 'otp.bindContext'(request) {
      const { url, site } = await tabPage(request.tabId);
      const key = await requireKey(deps);
      const { entries } = await readEntries(deps.storage, key);
      const unbound = entries.filter((e) => !siteMatches(e.sites, url.href));
      const decoded = unicodeHost(url.hostname);
      return {
        site,
        host: url.hostname,
        ...(decoded !== url.hostname ? { unicodeHost: decoded } : {}),
        accounts: unbound.map((e) => ({ ...names(e), sites: [...e.sites] })),
        boundHere: entries.filter((e) => siteMatches(e.sites, url.href)).map(names),
        warnings: lookalikeWarnings(url.hostname, site, unbound),
      };
    },

    async 'otp.bindConfirm'(request) {
      const { site } = await tabPage(request.tabId);
      // The tab may have navigated since the window showed its site: never bind a site the user did not see.
      if (site !== request.site) {
        throw new TwofoldError('site_changed', `The tab now shows ${site}, not ${request.site}; nothing was bound. Open Twofold again from the page.`, {
          status: 409,
        });
      }
      const key = await requireKey(deps);
      const entry = await readEntry(deps.storage, key, request.id);
      if (!entry.sites.includes(site)) {
        if (entry.sites.length >= MAX_SITES) {
          throw new TwofoldError('too_many_sites', `This account is already bound to ${MAX_SITES} sites; remove some in the popup first.`);
        }
        await writeEntries(deps.storage, key, [{ ...entry, sites: [...entry.sites, site] }]);
      }
      const bound: TabMessage = { type: 'otp.bound' };
      await deps.notifyTab(request.tabId, bound);
      return { site, account: names(entry) };
    },
  };
}

/** The commands API name of the fill shortcut (manifest.json `commands`). */
export const FILL_COMMAND = 'fill-otp-code';

/**
 * Relays the fill shortcut to the tab's content scripts (every frame; only the frame holding focus
 * acts). The key press is the user gesture; the page cannot send this message.
 */
export async function relayFillShortcut(
  command: string,
  tabId: number | undefined,
  sendToTab: (tabId: number, message: TabMessage) => Promise<unknown>,
): Promise<void> {
  if (command !== FILL_COMMAND || tabId === undefined) return;
  // A tab without our content script (e.g. a browser page) rejects; nothing to fill there.
  await sendToTab(tabId, { type: 'otp.fillShortcut' }).catch(() => undefined);
}
