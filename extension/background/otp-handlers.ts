/**
 * Background handlers for OTP autofill (content-script tier). The site is always derived from the
 * sender's real frame URL (`context.sender.url`, set by the browser), never from the message, and
 * accounts match by registrable domain (site-match), so lookalikes never get a code.
 *   otp.suggest          names of the accounts bound to the sender's site (+ the vault state)
 *   otp.code             the one code for one bound account (HOTP counter persisted first)
 *   otp.bindCandidates   after the user chose "Use another account…": names of the other accounts
 *   otp.bindConfirm      after the user confirmed: add the sender's site to that account's sites
 */
import { TwofoldError } from '../../sdk/protocol/errors';
import { requireKey } from './handlers/common';
import type { BackgroundDeps } from './handlers/deps';
import { hotpCode, totpCode } from './otp';
import type { TabMessage } from '../messages';
import type { HandlerContext, HandlerMap } from './router';
import { registrableDomain, siteMatches } from './site-match';
import { readEntries, readEntry, writeEntries, type VaultEntry } from './vault';

type OtpHandlers = Pick<HandlerMap, 'otp.suggest' | 'otp.code' | 'otp.bindCandidates' | 'otp.bindConfirm'>;

/** Most sites one account may be bound to (the update message's limit too). */
const MAX_SITES = 50;

/** The sender's frame URL, only for content scripts in a tab (the router guarantees an http(s) URL). */
function senderUrl(context: HandlerContext): string {
  const url = context.tier === 'content' ? context.sender.url : undefined;
  if (!url) throw new TwofoldError('not_a_page', 'Codes are only offered to a web page in a tab.', { status: 403 });
  return url;
}

/** The site a binding is stored under: the registrable domain (or IP / localhost) of the sender. */
function senderSite(url: string): string {
  const site = registrableDomain(url);
  if (site === null) throw new TwofoldError('no_site', 'This page has no site name Twofold can bind an account to.', { status: 422 });
  return site;
}

const names = (e: VaultEntry) => ({ id: e.id, issuer: e.account.issuer, label: e.account.label });

/** The OTP autofill handlers over `deps`; spread into the router's handler map. */
export function otpHandlers(deps: BackgroundDeps): OtpHandlers {
  return {
    async 'otp.suggest'(_request, context) {
      const url = senderUrl(context);
      const site = registrableDomain(url);
      const key = await deps.session.get();
      if (!key) return { vault: (await deps.storage.getMeta()) ? 'locked' : 'none', site, accounts: [] };
      const { entries } = await readEntries(deps.storage, key);
      return { vault: 'unlocked', site, accounts: entries.filter((e) => siteMatches(e.sites, url)).map(names) };
    },

    async 'otp.code'(request, context) {
      const url = senderUrl(context);
      const key = await requireKey(deps);
      const entry = await readEntry(deps.storage, key, request.id);
      if (!siteMatches(entry.sites, url)) {
        throw new TwofoldError('site_not_bound', 'This account is not bound to this site, so Twofold will not fill its code here.', { status: 403 });
      }
      const { account } = entry;
      if (account.type === 'totp') return { code: (await totpCode(account, deps.now())).code };
      const counter = account.counter ?? 0;
      // Persist the advanced counter before the code leaves the background (never reuse a counter).
      await writeEntries(deps.storage, key, [{ ...entry, account: { ...account, counter: counter + 1 } }]);
      return { code: await hotpCode(account, counter) };
    },

    async 'otp.bindCandidates'(_request, context) {
      const url = senderUrl(context);
      const site = senderSite(url);
      const key = await requireKey(deps);
      const { entries } = await readEntries(deps.storage, key);
      return { site, accounts: entries.filter((e) => !siteMatches(e.sites, url)).map(names) };
    },

    async 'otp.bindConfirm'(request, context) {
      const site = senderSite(senderUrl(context));
      const key = await requireKey(deps);
      const entry = await readEntry(deps.storage, key, request.id);
      if (!entry.sites.includes(site)) {
        if (entry.sites.length >= MAX_SITES) {
          throw new TwofoldError('too_many_sites', `This account is already bound to ${MAX_SITES} sites; remove some in the popup first.`);
        }
        await writeEntries(deps.storage, key, [{ ...entry, sites: [...entry.sites, site] }]);
      }
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
