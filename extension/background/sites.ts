/**
 * Bound sites: where an account's codes may be offered, and how a new account gets its first ones.
 */
import { parseSiteBinding, siteMatches } from './site-match';

// One definition of "site" for the whole extension: site-match.ts (private suffixes count, only
// http(s), IPs exact). This module adds what binding accounts needs on top of it.
export { siteMatches };

/** The site (registrable domain, IP or `localhost`) of a URL or host name, or null when it names none. */
export function registrableDomain(urlOrHost: string): string | null {
  return parseSiteBinding(urlOrHost.toLowerCase())?.site ?? null;
}

/** The http(s) origin of a URL, or null for any other scheme or an unparsable URL. */
export function httpOrigin(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** A bound-site entry in canonical form: the site, with `:port` only when the entry named one. */
function canonicalBinding(entry: string): string | null {
  const binding = parseSiteBinding(entry.toLowerCase());
  if (!binding) return null;
  return binding.port ? `${binding.site}:${binding.port}` : binding.site;
}

/**
 * Sites to bind a new account to: the page it was scanned from, if known, else a domain written in
 * the issuer (e.g. "example.com" or "Example (example.org)"). Issuer names without a domain are not
 * guessed into one: a wrong guess could bind codes to someone else's site. The user can edit the list.
 */
export function initialSites(issuer: string, pageUrl?: string): string[] {
  if (pageUrl) {
    const fromPage = /^https?:/i.test(pageUrl) ? registrableDomain(pageUrl) : null;
    if (fromPage) return [fromPage];
  }
  const token = issuer.match(/[a-z0-9-]+(?:\.[a-z0-9-]+)+/i)?.[0];
  const fromIssuer = token ? registrableDomain(token) : null;
  return fromIssuer ? [fromIssuer] : [];
}

/** Normalises a user-edited site list: registrable domains, deduplicated; invalid entries are reported. */
export function normaliseSites(input: string[]): { sites: string[]; invalid: string[] } {
  const sites = new Set<string>();
  const invalid: string[] = [];
  for (const raw of input) {
    if (raw.trim() === '') continue;
    const domain = canonicalBinding(raw);
    if (domain) sites.add(domain);
    else invalid.push(raw);
  }
  return { sites: [...sites], invalid };
}
