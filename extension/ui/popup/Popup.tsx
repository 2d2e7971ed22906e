/** The popup: vault gate, then the codes with search, add (URI / QR scan), lock and settings. */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { AccountView, ResponseOf, VaultState } from '../../messages';
import { errorText, send } from '../api';
import { failure, type Notice, NoticeText, success } from '../components/Notice';
import { CreateVault, UnlockVault } from '../components/VaultGate';
import { t } from '../i18n';
import { CodeList, type RowActions } from './CodeList';
import { allTags, filterAccounts, filterByTag, moveId, sortAccounts, type SortMode } from './format';
import { OrderBar, saveSortMode, savedSortMode } from './OrderBar';
import { BackupReminderBanner } from './BackupReminderBanner';

type Listing = ResponseOf<'accounts.list'>;

/** An account as the user names it: issuer and label. */
function accountName(account: AccountView): string {
  return account.issuer && account.label ? `${account.issuer} (${account.label})` : account.issuer || account.label;
}

/** Marks the moment codes are on screen (read by the popup bench and e2e tests). */
function markRendered(count: number): void {
  if (document.body.dataset.rendered) return;
  performance.mark('twofold:codes-rendered');
  document.body.dataset.rendered = String(count);
}

function Unlocked({ initial, onLocked }: { initial: Listing | null; onLocked: () => void }) {
  const [listing, setListing] = useState<Listing | null>(initial);
  const [query, setQuery] = useState('');
  const [uri, setUri] = useState('');
  const [status, setStatus] = useState<Notice>(null);
  const [now, setNow] = useState(Date.now());
  const [mode, setMode] = useState<SortMode>(savedSortMode);
  const [tag, setTag] = useState<string | null>(null);
  const load = async (passive: boolean) => {
    try {
      const listing = await send({ type: 'accounts.list', passive });
      performance.mark('twofold:list-received');
      setListing(listing);
    } catch (e) {
      if ((e as { code?: string }).code === 'vault_locked') onLocked();
      else setStatus(failure(e));
    }
  };
  useEffect(() => {
    if (!initial) void load(false);
  }, []);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (listing?.accounts.some((a) => a.validUntil !== undefined && a.validUntil <= now)) void load(true);
  }, [now]);
  // Layout effect: runs once the rows are committed to the DOM (before paint), which is the moment
  // the bench and tests call "codes rendered".
  useLayoutEffect(() => {
    if (listing) markRendered(listing.accounts.length);
  }, [listing]);
  const act = async (fn: () => Promise<Notice | undefined>) => {
    setStatus(null);
    try {
      const done = await fn();
      await load(false);
      if (done) setStatus(done);
    } catch (e) {
      setStatus(failure(e));
    }
  };
  /** The confirmation after an add: which account, and the site it is bound to (a scan binds the tab's site). */
  const added = ({ account }: { account: AccountView }): Notice =>
    success(
      account.sites.length > 0 ? t('addedBound', { name: accountName(account), sites: account.sites.join(', ') }) : t('added', { name: accountName(account) }),
    );
  const addUri = (event: Event) => {
    event.preventDefault();
    void act(async () => {
      const result = await send({ type: 'accounts.addUri', uri });
      setUri('');
      return added(result);
    });
  };
  const lock = async () => {
    await send({ type: 'vault.lock' });
    onLocked();
  };
  if (!listing) return <p class="loading">{t('loading')}</p>;
  const ordered = sortAccounts(listing.accounts, mode);
  const tags = allTags(listing.accounts);
  const shown = filterByTag(filterAccounts(ordered, query), tags.some((x) => x === tag) ? tag : null);
  // Drag order is over every account (not only the filtered ones), so hidden accounts keep their place.
  const rowActions: RowActions = {
    reorderable: mode === 'manual' && query.trim() === '',
    pin: (id, pinned) =>
      void act(async () => {
        await send({ type: 'accounts.update', id, pinned });
        return undefined;
      }),
    move: (id, target) => {
      const ids = ordered.map((a) => a.id);
      const at = ids.indexOf(id);
      const to = typeof target === 'string' ? target : ids[at + target];
      if (to === undefined) return;
      void act(async () => {
        await send({ type: 'accounts.reorder', ids: moveId(ids, id, to) });
        return undefined;
      });
    },
    used: (id) => void send({ type: 'accounts.used', id }).catch(() => undefined),
  };
  return (
    <main>
      <header class="bar">
        <input type="search" class="search" placeholder={t('search')} aria-label={t('search')} value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        <button type="button" class="lock" onClick={lock} data-testid="lock">
          {t('lock')}
        </button>
      </header>
      {listing.corrupted.length > 0 && <p class="error">{t('corrupted', { n: listing.corrupted.length })}</p>}
      <BackupReminderBanner accountCount={listing.accounts.length} />
      {listing.accounts.length > 1 && (
        <OrderBar
          mode={mode}
          onMode={(m) => {
            setMode(m);
            saveSortMode(m);
          }}
          tags={tags}
          tag={tag}
          onTag={setTag}
        />
      )}
      {listing.accounts.length === 0 ? (
        <p class="empty">{t('noAccounts')}</p>
      ) : shown.length === 0 ? (
        <p class="empty">{t('noMatches')}</p>
      ) : (
        <CodeList accounts={shown} now={now} onStatus={setStatus} actions={rowActions} />
      )}
      <form class="add" onSubmit={addUri} data-testid="add-uri">
        <input type="text" name="uri" aria-label={t('addUri')} placeholder={t('uriPlaceholder')} value={uri} onInput={(e) => setUri(e.currentTarget.value)} />
        <button type="submit">{t('add')}</button>
      </form>
      <footer class="bar">
        <button type="button" onClick={() => act(async () => added(await send({ type: 'accounts.scanQr' })))} data-testid="scan">
          {t('scanQr')}
        </button>
        <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
          {t('settings')}
        </button>
        <LedgerButton />
        <BindButton />
      </footer>
      <NoticeText notice={status} testid="popup-status" />
    </main>
  );
}

/**
 * Opens the bind window for the active tab: binding an account to a site happens only in
 * extension UI; the background reads the tab's site from its URL.
 */
function BindButton() {
  const open = async () => {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return;
    await browser.windows.create({ url: browser.runtime.getURL(`bind.html?tab=${tab.id}`), type: 'popup', width: 440, height: 600 });
    window.close();
  };
  return (
    <button type="button" onClick={() => void open()} data-testid="open-bind" title="Use an account on this tab's site">
      {t('bindHere')}
    </button>
  );
}

/** Opens the privacy ledger page in a tab. */
function LedgerButton() {
  return (
    <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('ledger.html') })} data-testid="open-ledger">
      {t('openLedger')}
    </button>
  );
}

/** The popup's root: asks for the codes straight away (one round trip when unlocked, the common
 * case) and falls back to the create/unlock screens when the background says so. */
export function Popup({ firstListing }: { firstListing?: Promise<Listing> }) {
  const [state, setState] = useState<VaultState | null>(null);
  const [initial, setInitial] = useState<Listing | null>(null);
  const [error, setError] = useState('');
  const refresh = async (pending?: Promise<Listing>) => {
    try {
      const listing = await (pending ?? send({ type: 'accounts.list' }));
      performance.mark('twofold:list-received');
      setInitial(listing);
      setState('unlocked');
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'vault_locked') setState('locked');
      else if (code === 'vault_missing') setState('none');
      else setError(errorText(e));
    }
  };
  // A layout effect runs right after the first commit; useEffect would wait for the next frame, and
  // the listing (asked for before the first render) usually arrives before that: the codes would
  // then sit a whole frame (or Firefox's 100 ms rAF fallback in a hidden page) before rendering.
  useLayoutEffect(() => void refresh(firstListing), []);
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (state === null) return <p class="loading">{t('loading')}</p>;
  // The privacy ledger needs no vault: it is reachable from every state.
  if (state === 'none' || state === 'locked')
    return (
      <>
        {state === 'none' ? <CreateVault onDone={() => refresh()} /> : <UnlockVault onDone={() => refresh()} />}
        <p class="bar">
          <LedgerButton />
        </p>
      </>
    );
  return <Unlocked initial={initial} onLocked={() => setState('locked')} />;
}
