/**
 * Which site a page belongs to, and whether an account bound to some sites may be offered there.
 * This is the phishing barrier of autofill, so it is strict and pure:
 * - a site is the registrable domain (eTLD+1 from the Public Suffix List, private suffixes
 *   included, so `alice.github.io` and `mallory.github.io` are different sites);
 * - IP hosts are their own site and match only exactly; `localhost` is its own site;
 * - only http(s) pages have a site; the port does not matter for names, an account site written
 *   with a port (e.g. `127.0.0.1:8080`) requires that port;
 * - host names are compared after WHATWG URL parsing (IDN → punycode), so a homoglyph such as
 *   Cyrillic `gіthub.com` becomes `xn--gthub-n2e.com` and never equals `github.com`.
 */
import { parse } from 'tldts';

const WEB_SCHEMES = new Set(['http:', 'https:']);

/** The site a host stands for: IP literal or `localhost` as is, otherwise its registrable domain. */
function siteOfHost(hostname: string): string | null {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === '') return null;
  const parsed = parse(host, { allowPrivateDomains: true });
  if (parsed.isIp) return host.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return 'localhost';
  return parsed.domain ?? null;
}

/**
 * The registrable domain (or IP, or `localhost`) of an http(s) URL; null for other schemes,
 * unparsable input, or a host that is itself a public suffix (e.g. `github.io`).
 */
export function registrableDomain(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!WEB_SCHEMES.has(parsed.protocol)) return null;
  return siteOfHost(parsed.hostname);
}

/** An account's bound site in comparable form: the site, plus a port when the binding names one. */
interface SiteBinding {
  site: string;
  port: string | null;
}

/**
 * Reads one bound-site entry as the user or an importer wrote it: a URL, a host, `host:port`, or a
 * registrable domain. Null when it names no site (empty, a public suffix, another scheme).
 */
export function parseSiteBinding(entry: string): SiteBinding | null {
  const text = entry.trim();
  if (text === '') return null;
  // A bare IPv6 literal ("::1") needs brackets before it can stand in a URL.
  const host = /^[\da-f]*:[\da-f:.]*$/i.test(text) && text.split(':').length > 2 ? `[${text}]` : text;
  const asUrl = /^[a-z][a-z\d+.-]*:\/\//i.test(host) ? host : `https://${host}`;
  let parsed: URL;
  try {
    parsed = new URL(asUrl);
  } catch {
    return null;
  }
  if (!WEB_SCHEMES.has(parsed.protocol)) return null;
  const site = siteOfHost(parsed.hostname);
  return site ? { site, port: parsed.port === '' ? null : parsed.port } : null;
}

/** The port a URL really uses, defaults filled in, for comparing with a binding that names one. */
function effectivePort(url: URL): string {
  return url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
}

/**
 * True when a page at `senderUrl` (taken from the message's `sender`, never from the page) belongs
 * to one of `accountSites`. Lookalikes (`github.com.evil.test`, `evilgithub.com`, `github.com-login.test`,
 * punycode homoglyphs) have other registrable domains and never match.
 */
export function siteMatches(accountSites: readonly string[], senderUrl: string): boolean {
  const senderSite = registrableDomain(senderUrl);
  if (senderSite === null) return false;
  const sender = new URL(senderUrl);
  for (const entry of accountSites) {
    const binding = parseSiteBinding(entry);
    if (!binding || binding.site !== senderSite) continue;
    if (binding.port !== null && binding.port !== effectivePort(sender)) continue;
    return true;
  }
  return false;
}
