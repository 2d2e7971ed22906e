/**
 * Does a page's host name look like a site another account is bound to? The bind window (the only
 * place an account is bound to a new site) warns before the user confirms. Site matching itself
 * (site-match.ts) already refuses every lookalike a code; this is about the human step: a phishing
 * page asks the user to bind its site, and a name that reads like the real one is the lure.
 * Three independent tells, each cheap and pure:
 *   - brand-in-subdomain: the bound site (or its name before the public suffix) appears as labels
 *     inside another site's host, e.g. `bank.test.evil.test`, `bank-login.evil.test`;
 *   - homoglyph: the IDN-decoded name, folded to a Latin skeleton (diacritics stripped, Cyrillic /
 *     Greek / other confusables mapped, digit/letter swaps such as 0→o, 1→l, rn→m), equals the
 *     bound site's skeleton although the names differ;
 *   - edit-distance: the names before the public suffix are within a small edit distance
 *     (Damerau–Levenshtein: swaps count once), e.g. `bamk.test`, `bnak.test`, `bank.tset`.
 */
import { toUnicode } from 'punycode/';
import { parse } from 'tldts';
import type { LookalikeKind } from '../messages';

/** Confusable characters folded to the Latin letter they imitate (Unicode TR39 confusables, the common subset). */
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  ѕ: 's',
  т: 't',
  у: 'y',
  ԝ: 'w',
  х: 'x',
  ү: 'y',
  ɡ: 'g',
  п: 'n',
  г: 'r',
  ь: 'b',
  ы: 'bl',
  ш: 'w',
  ц: 'u',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
  γ: 'y',
  // Latin lookalikes and ligatures not removed by NFKD
  ı: 'i',
  ȷ: 'j',
  ł: 'l',
  ŀ: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ƅ: 'b',
  ɑ: 'a',
  ɩ: 'i',
  ʟ: 'l',
  ꞵ: 'b',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  // Digits and multi-letter tricks, applied after the above
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '5': 's',
  '7': 't',
  '8': 'b',
  '|': 'l',
};

/** The Latin skeleton of a (Unicode) name: what a reader's eye takes it for. */
export function skeleton(name: string): string {
  const stripped = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  let out = '';
  for (const ch of stripped) out += CONFUSABLES[ch] ?? ch;
  return out.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl/g, 'd').replace(/[il]/g, 'l');
}

/** Damerau–Levenshtein (optimal string alignment) distance, stopping early above `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** A host's labels decoded from punycode (IDN), lower-case, without a trailing dot. */
export function unicodeHost(host: string): string {
  try {
    return toUnicode(host.toLowerCase().replace(/\.$/, ''));
  } catch {
    return host.toLowerCase();
  }
}

/** The registrable domain's name without its public suffix: `bank` for `bank.co.uk`. */
function siteName(site: string): { name: string; suffix: string } {
  const parsed = parse(site, { allowPrivateDomains: true });
  const suffix = parsed.publicSuffix ?? '';
  const name = parsed.domainWithoutSuffix ?? site;
  return { name, suffix };
}

/** Shortest brand name that counts inside another host (shorter names occur by chance: `go`, `my`). */
const MIN_BRAND_LENGTH = 3;

/**
 * Every way `host` (the page's host, as the browser reports it) resembles `boundSite` (a registrable
 * domain another account is bound to). Empty when they are the same site or unrelated.
 */
export function resemblance(host: string, pageSite: string, boundSite: string): LookalikeKind[] {
  const bound = boundSite.toLowerCase();
  if (pageSite === bound) return [];
  const kinds: LookalikeKind[] = [];
  const { name: boundName } = siteName(bound);
  const { name: pageName } = siteName(pageSite);
  const decodedHost = unicodeHost(host);
  const decodedPage = unicodeHost(pageName);
  // The registrable part is excluded: `bank.test` is the page's own site there, not a lure.
  const pageRegistrable = unicodeHost(pageSite);
  const subdomains = decodedHost.endsWith(`.${pageRegistrable}`) ? decodedHost.slice(0, -pageRegistrable.length - 1) : '';
  const words = subdomains.split(/[.\-_]/).filter(Boolean);
  if (
    boundName.length >= MIN_BRAND_LENGTH &&
    (`.${subdomains}.`.includes(`.${bound}.`) || words.includes(boundName) || words.some((w) => skeleton(w) === skeleton(boundName)))
  ) {
    kinds.push('brand-in-subdomain');
  }
  const sameSkeleton = skeleton(decodedPage) === skeleton(boundName);
  if (sameSkeleton && decodedPage !== boundName) kinds.push('homoglyph');
  else if (!sameSkeleton && boundName.length >= MIN_BRAND_LENGTH) {
    const limit = boundName.length >= 8 ? 2 : 1;
    if (editDistance(skeleton(decodedPage), skeleton(boundName), limit) <= limit) kinds.push('edit-distance');
  }
  // Same name, other public suffix (`bank.co` for `bank.test`): as confusing as a typo.
  if (!kinds.includes('homoglyph') && !kinds.includes('edit-distance') && decodedPage === boundName) kinds.push('edit-distance');
  return kinds;
}
