/** The popup's order and filter controls: sort select (pinned always first) and tag chips. */
import { t, type StringKey } from '../i18n';
import { SORT_MODES, type SortMode } from './format';

const SORT_LABEL: Record<SortMode, StringKey> = { manual: 'sortManual', name: 'sortName', 'most-used': 'sortMostUsed', recent: 'sortRecent' };
const SORT_KEY = 'twofold.popup.sort';

/** The saved sort mode (a view preference, not account data: kept in the popup's own storage). */
export function savedSortMode(): SortMode {
  try {
    const saved = localStorage.getItem(SORT_KEY);
    return (SORT_MODES as readonly string[]).includes(saved ?? '') ? (saved as SortMode) : 'manual';
  } catch {
    return 'manual';
  }
}

/** Remembers the sort mode for the next time the popup opens. */
export function saveSortMode(mode: SortMode): void {
  try {
    localStorage.setItem(SORT_KEY, mode);
  } catch {
    // Storage refused (private mode): the choice lasts until the popup closes.
  }
}

/** Sort select and, when any account has tags, one chip per tag plus "All". */
export function OrderBar({
  mode,
  onMode,
  tags,
  tag,
  onTag,
}: {
  mode: SortMode;
  onMode: (mode: SortMode) => void;
  tags: string[];
  tag: string | null;
  onTag: (tag: string | null) => void;
}) {
  return (
    <div class="order-bar">
      <label>
        {t('sortBy')}{' '}
        <select data-testid="sort" value={mode} onChange={(e) => onMode(e.currentTarget.value as SortMode)}>
          {SORT_MODES.map((m) => (
            <option key={m} value={m}>
              {t(SORT_LABEL[m])}
            </option>
          ))}
        </select>
      </label>
      {tags.length > 0 && (
        // biome-ignore lint/a11y/useSemanticElements: toggle buttons grouped for assistive technology; no form data and no legend, so not a fieldset
        <div class="tags" role="group" aria-label={t('filterByTag')} data-testid="tag-filter">
          {[null, ...tags].map((name) => (
            <button key={name ?? ''} type="button" class="tag" aria-pressed={tag === name} data-tag={name ?? ''} onClick={() => onTag(name)}>
              {name ?? t('allTags')}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
