/**
 * Which shipped icon belongs to an account: by issuer first (exact slug or title, an extra name, or
 * a longer issuer starting with the service's name: "GitHub Enterprise"), then by a bound site's
 * registrable domain (an extra domain, or the domain's name equal to the slug). Without a match the
 * account gets a coloured initial: the colour is derived from the name, so it is stable and tells
 * accounts apart. Pure functions over the catalogue; the popup memoises per account.
 */
import { EXTRA_NAMES, SERVICE_ICONS, type ServiceIcon } from './catalogue';

/** Folds a name the way simple-icons builds slugs: lower case, "." → "dot", "+" → "plus", only a–z/0–9. */
export function iconKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\+/g, 'plus')
    .replace(/\.(?=[a-z0-9])/g, 'dot')
    .replace(/[^a-z0-9]/g, '');
}

interface Index {
  byName: Map<string, ServiceIcon>;
  byDomain: Map<string, ServiceIcon>;
  /** The longest key, so a prefix search tries only the lengths that can match. */
  longest: number;
}
/** Keys shorter than this never match as a prefix of a longer issuer ("x", "ea" never do). */
const MIN_PREFIX = 4;
let index: Index | null = null;

function buildIndex(): Index {
  const byName = new Map<string, ServiceIcon>();
  const byDomain = new Map<string, ServiceIcon>();
  for (const icon of SERVICE_ICONS) {
    const extra = EXTRA_NAMES[icon.slug];
    for (const name of [icon.slug, icon.title, ...(extra?.names ?? [])]) if (!byName.has(iconKey(name))) byName.set(iconKey(name), icon);
    for (const domain of extra?.domains ?? []) byDomain.set(domain, icon);
  }
  const longest = Math.max(0, ...[...byName.keys()].map((key) => key.length));
  return { byName, byDomain, longest };
}

/** The icon for an issuer name, if one is shipped. */
export function iconForIssuer(issuer: string): ServiceIcon | undefined {
  const key = iconKey(issuer);
  if (key === '') return undefined;
  index ??= buildIndex();
  const exact = index.byName.get(key);
  if (exact) return exact;
  // The longest key that starts the issuer's: one map lookup per length, not a scan of every key
  // (the popup looks up 200 issuers as it opens).
  for (let length = Math.min(key.length - 1, index.longest); length >= MIN_PREFIX; length--) {
    const icon = index.byName.get(key.slice(0, length));
    if (icon) return icon;
  }
  return undefined;
}

/** The icon for a bound site (a registrable domain such as `github.com`), if one is shipped. */
export function iconForSite(site: string): ServiceIcon | undefined {
  index ??= buildIndex();
  const domain = site.toLowerCase().replace(/^\*\./, '');
  const explicit = index.byDomain.get(domain);
  if (explicit) return explicit;
  const name = domain.split('.')[0] ?? '';
  // Only whole domain names: "git.example" must not become GitHub.
  return name.length >= 3 ? index.byName.get(iconKey(name)) : undefined;
}

/** Results per issuer + sites: the popup re-renders every second, 200 rows at a time. */
const cache = new Map<string, ServiceIcon | null>();
const MAX_CACHED = 1000;

/** The icon for an account: issuer first, then each bound site in order. */
export function iconForAccount(account: { issuer: string; label?: string; sites?: readonly string[] }): ServiceIcon | undefined {
  const key = `${account.issuer}\n${(account.sites ?? []).join(' ')}`;
  const known = cache.get(key);
  if (known !== undefined) return known ?? undefined;
  let found = iconForIssuer(account.issuer);
  for (const site of account.sites ?? []) found ??= iconForSite(site);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, found ?? null);
  return found;
}

/** A stable background colour for the initial fallback (HSL, dark enough for white text). */
export function initialColour(name: string): string {
  let hash = 0;
  for (const ch of name.trim().toLowerCase()) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return `hsl(${hash % 360}, 55%, 38%)`;
}
