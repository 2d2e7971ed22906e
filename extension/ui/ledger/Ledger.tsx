/** The ledger page: filters, search, whole-ledger export, and one card per site. */
import { useEffect, useState } from 'preact/hooks';
import { fingerprintsWithoutConsent, matchesFilter, type LedgerFilter } from './filter';
import type { LedgerListing } from '../../ledger-view';
import { errorText, send } from '../api';
import { SiteCard, download } from './SiteCard';
import { lt } from './strings';

const FILTERS: { id: LedgerFilter; label: () => string }[] = [
  { id: 'all', label: () => lt('filterAll') },
  { id: 'accounts', label: () => lt('filterAccounts') },
  { id: 'device-data', label: () => lt('filterDevice') },
  { id: 'fingerprinting', label: () => lt('filterFingerprinting') },
];

/** The ledger page's root. */
export function Ledger() {
  const [listing, setListing] = useState<LedgerListing | null>(null);
  const [filter, setFilter] = useState<LedgerFilter>('all');
  const [query, setQuery] = useState('');
  const [error, setError] = useState('');
  const reload = () => send({ type: 'ledger.list' }).then(setListing, (e: unknown) => setError(errorText(e)));
  useEffect(() => void reload(), []);
  const exportAll = async (format: 'json' | 'csv') => {
    try {
      const file = await send({ type: 'ledger.exportAll', format });
      download(file.fileName, file.mimeType, file.text);
    } catch (e) {
      setError(errorText(e));
    }
  };
  if (!listing)
    return (
      <main class="ledger">
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p>…</p>
        )}
      </main>
    );
  const shown = listing.sites.filter((s) => matchesFilter(s, filter, query));
  const count = (f: LedgerFilter) => listing.sites.filter((s) => matchesFilter(s, f, '')).length;
  return (
    <main class="ledger">
      <h1>{lt('title')}</h1>
      <p class="help">{lt('intro')}</p>
      {/* biome-ignore lint/a11y/useSemanticElements: toggle buttons grouped for assistive technology; no form data and no legend, so not a fieldset */}
      <div class="bar filters" role="group">
        {FILTERS.map((f) => (
          <button type="button" key={f.id} aria-pressed={filter === f.id} onClick={() => setFilter(f.id)} data-testid={`filter-${f.id}`}>
            {f.label()} ({count(f.id)})
          </button>
        ))}
      </div>
      <div class="bar">
        <input
          type="search"
          class="search"
          placeholder={lt('search')}
          aria-label={lt('search')}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          data-testid="ledger-search"
        />
        <button type="button" onClick={() => exportAll('json')} data-testid="export-json">
          {lt('exportJson')}
        </button>
        <button type="button" onClick={() => exportAll('csv')} data-testid="export-csv">
          {lt('exportCsv')}
        </button>
      </div>
      {listing.vault === 'locked' && <p class="help">{lt('vaultLocked')}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {listing.sites.length === 0 ? <p class="empty">{lt('empty')}</p> : shown.length === 0 ? <p class="empty">{lt('noMatches')}</p> : null}
      <div data-testid="ledger-sites" data-count={shown.length} data-fingerprinting={listing.sites.filter(fingerprintsWithoutConsent).length}>
        {shown.map((s) => (
          <SiteCard key={s.key} site={s} onChanged={() => void reload()} />
        ))}
      </div>
    </main>
  );
}
