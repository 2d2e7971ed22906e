/** Content-script handlers: what a page's content script may learn (names of matching accounts, never secrets). */
import type { HandlerMap } from '../router';
import { registrableDomain, siteMatches } from '../sites';
import type { TabBudget } from '../tab-budget';
import { readEntries } from '../vault';
import type { BackgroundDeps } from './deps';

type SiteHandlers = Pick<HandlerMap, 'site.accounts'>;

/** The content-tier handlers over `deps`; each message spends the sender tab's ask budget (shared with otp.suggest). */
export function siteHandlers(deps: BackgroundDeps, budget: TabBudget): SiteHandlers {
  return {
    async 'site.accounts'(_request, context) {
      budget.spend(context.sender, 'ask');
      // The site is the sender tab's real URL, never something the page or message claims.
      const url = context.sender.url ?? '';
      const site = registrableDomain(url);
      const key = await deps.session.get();
      if (!key || site === null) return { site, accounts: [] };
      const { entries } = await readEntries(deps.storage, key);
      const accounts = entries.filter((e) => siteMatches(e.sites, url)).map((e) => ({ id: e.id, issuer: e.account.issuer, label: e.account.label }));
      return { site, accounts };
    },
  };
}
