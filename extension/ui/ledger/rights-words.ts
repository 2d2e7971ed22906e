/**
 * A request-log entry in the ledger page's language. The background records the facts of each
 * answer (`words`) beside an English `summary`; the page says the facts in English or Norwegian.
 * A site's own error message is the site's words and is shown as it sent them; entries written by
 * older versions (no `words`) keep their English summary.
 */
import type { RightsLogEntry } from '../../ledger-view';
import { isKnownRightsKind, sayRights } from '../../rights-words';
import { type Language, language } from '../i18n';

/** The entry's outcome in the page language (`lang` defaults to the browser's). */
export function rightsSummary(entry: Pick<RightsLogEntry, 'summary' | 'words'>, lang: Language = language): string {
  if (!entry.words || !isKnownRightsKind(entry.words.kind)) return entry.summary;
  return sayRights(entry.words, lang);
}
