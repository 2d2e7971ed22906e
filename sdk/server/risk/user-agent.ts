import { UAParser } from 'ua-parser-js';
import type { ParsedUserAgent } from './types';

// UA strings repeat across logins; parsing costs ~15 µs, so keep a bounded cache (insertion order = LRU-ish).
const CACHE_LIMIT = 5_000;
const cache = new Map<string, ParsedUserAgent>();

/** Browser (name + major version), OS (name + major version) and device type of a UA string. */
export function parseUserAgent(userAgent: string): ParsedUserAgent {
  const cached = cache.get(userAgent);
  if (cached) return cached;
  const result = new UAParser(userAgent).getResult();
  const major = (version: string | undefined): string => (version ? (version.split('.')[0] ?? '') : '');
  const join = (name: string | undefined, version: string) => (name ? `${name}${version ? ` ${version}` : ''}` : 'unknown');
  const parsed: ParsedUserAgent = {
    browser: join(result.browser.name, result.browser.major || major(result.browser.version)),
    os: join(result.os.name, major(result.os.version)),
    // ua-parser-js leaves the type empty for desktops.
    deviceType: result.device.type ?? 'desktop',
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(userAgent, parsed);
  return parsed;
}
