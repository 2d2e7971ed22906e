/**
 * The privacy ledger's router handlers. `ledger.announce` is the only content-tier one:
 * it records a page's announcement under the sender's real origin (never the payload's) and
 * answers whether to pass a pending withdrawal to the page's SDK. Everything else is UI-tier
 * (the router refuses it from content scripts), so a page can never read the ledger.
 */
import { TwofoldError } from '../../../sdk/protocol/errors';
import type { RightsLogEntry, TwofoldSiteEntry } from '../../ledger-view';
import { openFingerprintLedger, type FingerprintLedger } from '../fingerprint-ledger';
import type { BackgroundDeps } from '../handlers/deps';
import type { HandlerMap } from '../router';
import { httpOrigin } from '../sites';
import { readEntries } from '../vault';
import { REVERIFY_AFTER_MS, applyAnnouncement, needsVerification, tokenVerdict } from './entry';
import { ledgerCsv, ledgerJson } from './export';
import { logEntryFor, loginsOf, sendRightsRequest, type RightsAction } from './rights';
import { openLedgerStore, type LedgerStore } from './store';
import { verifyAnnouncement, type FetchLike, type VerificationOutcome } from './verify';
import { buildLedgerSites, type BoundAccount } from './view';
import { sayRights } from '../../rights-words';

type LedgerMessages =
  | 'ledger.announce'
  | 'ledger.list'
  | 'ledger.access'
  | 'ledger.erase'
  | 'ledger.withdraw'
  | 'ledger.notMe'
  | 'ledger.forget'
  | 'ledger.exportAll';

/** The ledger's own outside world: its store, the fingerprint observations, and fetch. */
export interface LedgerIo {
  store: LedgerStore;
  fingerprints: FingerprintLedger;
  fetch: FetchLike;
}

/** The browser's ledger I/O: the real databases and the real fetch. */
export function defaultLedgerIo(): LedgerIo {
  return { store: openLedgerStore(), fingerprints: openFingerprintLedger(), fetch: (url, init) => globalThis.fetch(url, init) };
}

/** Builds the ledger handlers over the vault deps (for 2FA account names) and the ledger I/O. */
export function ledgerHandlers(deps: Pick<BackgroundDeps, 'storage' | 'session' | 'now'>, io: LedgerIo = defaultLedgerIo()): Pick<HandlerMap, LedgerMessages> {
  const { store } = io;

  async function siteOrThrow(origin: string): Promise<TwofoldSiteEntry> {
    const entry = await store.getSite(origin);
    if (!entry) throw new TwofoldError('unknown_site', `The ledger holds no Twofold record for ${origin}.`, { status: 404 });
    return entry;
  }

  /** Sends a rights request for `entry` and logs it; throws when there is nothing to send it with. */
  async function request(entry: TwofoldSiteEntry, action: RightsAction, logAs: RightsLogEntry['action'], extra: Record<string, string> = {}) {
    const endpoint = entry.verification.rightsEndpoint;
    if (!entry.rightsToken) {
      throw new TwofoldError(
        'no_rights_token',
        `${entry.site} has not given this browser a rights token (it is issued when you sign in with device checks on; an erase uses it up). Sign in to the site again, then retry.`,
        { status: 409 },
      );
    }
    if (!endpoint) {
      throw new TwofoldError(
        'no_rights_endpoint',
        `${entry.origin} publishes no usable rights endpoint in /.well-known/twofold.json, so the request cannot be sent. Contact the site directly.`,
        { status: 409 },
      );
    }
    // An unverified page may only direct requests to its own origin: its claims cannot make the
    // extension act on another site's endpoint.
    if (!entry.verification.verified && new URL(endpoint).origin !== entry.origin) {
      throw new TwofoldError(
        'unverified_endpoint',
        `${entry.origin} is not verified and names a rights endpoint on another origin (${new URL(endpoint).origin}); the request was not sent. Contact the site directly.`,
        { status: 409 },
      );
    }
    const answer = await sendRightsRequest(io.fetch, endpoint, action, entry.rightsToken, extra);
    const log = await store.logRequest(logEntryFor(entry.origin, logAs, answer, deps.now()));
    return { answer, log };
  }

  /**
   * Logs a refused rights token in the site's request log, where the user sees it. A page can
   * repeat the attempt at will: one entry per origin per REVERIFY_AFTER_MS keeps the log readable.
   */
  async function logRefusedToken(origin: string, outcome: VerificationOutcome | undefined): Promise<void> {
    const now = deps.now();
    const why = !outcome
      ? 'it came without a signed receipt'
      : !outcome.verification.verified
        ? `its receipt did not verify (${outcome.verification.reason})`
        : 'the signed receipt does not name this token';
    await store.logRequestOnce(
      {
        origin,
        action: 'token-refused',
        at: now,
        ok: false,
        summary: `The page offered a new rights token, refused: ${why}. The previous token (if any) is kept.`,
      },
      REVERIFY_AFTER_MS,
    );
  }

  async function boundAccounts(): Promise<{ accounts: BoundAccount[]; vault: 'none' | 'locked' | 'unlocked' }> {
    const [meta, key] = await Promise.all([deps.storage.getMeta(), deps.session.get()]);
    if (!meta) return { accounts: [], vault: 'none' };
    if (!key) return { accounts: [], vault: 'locked' };
    const { entries } = await readEntries(deps.storage, key);
    // Names and bound sites only: the secret stays in the vault entry.
    return { accounts: entries.map((e) => ({ issuer: e.account.issuer, label: e.account.label, sites: e.sites })), vault: 'unlocked' };
  }

  async function listing() {
    const [entries, requests, fingerprints, bound] = await Promise.all([store.listSites(), store.listRequests(), io.fingerprints.list(), boundAccounts()]);
    return { sites: buildLedgerSites(entries, requests, bound.accounts, fingerprints), vault: bound.vault };
  }

  return {
    async 'ledger.announce'(req, context) {
      const origin = context.tier === 'content' ? httpOrigin(context.sender.url) : null;
      if (origin === null) throw new TwofoldError('not_a_page', 'Announcements are only accepted from a web page in a tab.', { status: 403 });
      const a = req.announcement;
      const before = await store.getSite(origin);
      const outcome = needsVerification(before, a, deps.now()) ? await verifyAnnouncement(a, origin, io.fetch, deps.now()) : undefined;
      // Re-read after the network wait so a concurrent announcement's write is built upon, not lost.
      const latest = await store.getSite(origin);
      if (tokenVerdict(latest, a, outcome) === 'refuse') {
        await logRefusedToken(origin, outcome);
        // An existing entry stays exactly as it was: no token swap, no new verdict, no new receipt.
        if (latest) {
          throw new TwofoldError(
            'rights_token_refused',
            `${origin} offered a new rights token that its site's signed receipt does not cover; the ledger kept the previous one. If you just signed in again, reload the page; otherwise a script on the page may be trying to redirect your rights requests.`,
            { status: 409 },
          );
        }
      }
      const entry = applyAnnouncement(latest, a, origin, deps.now(), outcome);
      await store.putSite(entry);
      return { recorded: true, withdraw: entry.consent.state === 'withdraw-pending' };
    },

    'ledger.list': () => listing(),

    async 'ledger.access'(req) {
      const { answer, log } = await request(await siteOrThrow(req.origin), 'access', 'access');
      return { log, ...(answer.ok ? { data: answer.body } : {}), logins: answer.ok ? loginsOf(answer.body) : [] };
    },

    async 'ledger.erase'(req) {
      const entry = await siteOrThrow(req.origin);
      const { answer, log } = await request(entry, 'erase', 'erase');
      if (answer.ok) {
        // The token is spent by the erase; the next consented sign-in brings a new one.
        const { rightsToken: _spent, ...rest } = (await store.getSite(req.origin)) ?? entry;
        await store.putSite(rest);
      }
      return { log };
    },

    async 'ledger.withdraw'(req) {
      const entry = await siteOrThrow(req.origin);
      let log: RightsLogEntry;
      let spent = false;
      if (entry.rightsToken && entry.verification.rightsEndpoint) {
        const sent = await request(entry, 'erase', 'withdraw');
        log = sent.log;
        spent = sent.answer.ok;
      } else {
        log = await store.logRequest({
          origin: entry.origin,
          action: 'withdraw',
          at: deps.now(),
          ok: true,
          summary: sayRights({ kind: 'no-token' }, 'en'),
          words: { kind: 'no-token' },
        });
      }
      const latest = (await store.getSite(req.origin)) ?? entry;
      const { rightsToken, ...rest } = latest;
      // Remembered until the site's SDK confirms the withdrawal (content script sends `twofold:withdraw`).
      await store.putSite({ ...rest, ...(rightsToken && !spent ? { rightsToken } : {}), consent: { ...latest.consent, state: 'withdraw-pending' } });
      return { log };
    },

    async 'ledger.notMe'(req) {
      const { log } = await request(await siteOrThrow(req.origin), 'rectify', 'rectify', { loginId: req.loginId });
      return { log };
    },

    async 'ledger.forget'(req) {
      const [local, observed] = await Promise.all([store.forgetSite(req.origin), io.fingerprints.forgetSite(req.origin)]);
      return { removed: local + observed };
    },

    async 'ledger.exportAll'(req) {
      const { sites } = await listing();
      const now = deps.now();
      const date = new Date(now).toISOString().slice(0, 10);
      return req.format === 'json'
        ? { fileName: `twofold-ledger-${date}.json`, mimeType: 'application/json', text: ledgerJson(sites, now) }
        : { fileName: `twofold-ledger-${date}.csv`, mimeType: 'text/csv', text: ledgerCsv(sites) };
    },
  };
}
