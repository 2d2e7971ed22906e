/**
 * Attribution: which script called a fingerprinting API, read from an Error stack. Pure string
 * parsing, no URL constructor (page scripts could replace it), cheap enough to run per detection.
 *
 * Formats handled:
 * - V8 (Chrome): `    at fn (https://cdn.example/fp.js:1:2)`, `    at https://a.test/x.js:1:2`,
 *   `    at eval (eval at f (https://a.test/x.js:1:2), <anonymous>:1:1)` (attributed to the script
 *   that called eval), `    at Array.forEach (<anonymous>)` (native: skipped).
 * - SpiderMonkey (Firefox) / JavaScriptCore: `fn@https://cdn.example/fp.js:1:2`, `@https://a.test/x.js:1:2`,
 *   `fn@https://a.test/x.js line 2 > eval:1:5`, `async*fn@https://…`.
 * Frames without a URL (native code, `<anonymous>` code such as the detector itself when injected
 * by a test harness), frames from extension URLs (the detector, other extensions) and frames of the
 * detector's own script URL are skipped; the first remaining frame is the caller. When none remains
 * (a string passed to setTimeout, a stack cut short), the call is attributed to the page itself.
 */

const EXTENSION_SCHEMES = /^(?:chrome-extension|moz-extension|safari-web-extension|extension):/i;
const URL_AT_START = /^((?:blob:)?[a-z][a-z0-9+.-]*:[^\s)]*?)(?::\d+)?(?::\d+)?(?=$|[\s),])/i;
const ORIGIN_AT_START = /^(?:blob:)?(https?):\/\/(?:[^/\s?#@]*@)?(\[[0-9a-f:.]+\]|[^/\s?#:[\]]+)(:\d+)?/i;
const FIREFOX_LOCATION = /@((?:blob:)?[a-z][a-z0-9+.-]*:.*)$/i;

/** The URL of one stack frame line (without line/column), or null when it has none. */
export function frameUrl(line: string): string | null {
  const trimmed = line.trim();
  let location: string;
  if (trimmed.startsWith('at ')) {
    const rest = trimmed.slice(trimmed.startsWith('at async ') ? 9 : 3);
    const open = rest.lastIndexOf(' (');
    location = open >= 0 && rest.endsWith(')') ? rest.slice(open + 2, -1) : rest;
  } else {
    // Firefox: the location follows the last `@` that starts a URL (function names precede it).
    const at = trimmed.lastIndexOf('@');
    if (at < 0) return null;
    const match = FIREFOX_LOCATION.exec(trimmed.slice(at));
    if (!match) {
      // A URL with userinfo or an `@` in its path: retry from the first `@` that starts a URL.
      const first = /@((?:blob:)?[a-z][a-z0-9+.-]*:\/\/.*)$/i.exec(trimmed);
      if (!first?.[1]) return null;
      location = first[1];
    } else location = match[1] ?? '';
  }
  const url = URL_AT_START.exec(location)?.[1];
  return url?.includes(':') ? url : null;
}

/** The web origin (`scheme://host[:port]`, lower case) of a URL, or null for non-http(s) URLs. */
export function originOfUrl(url: string): string | null {
  const match = ORIGIN_AT_START.exec(url);
  if (!match) return null;
  const scheme = (match[1] ?? '').toLowerCase();
  const host = (match[2] ?? '').toLowerCase();
  const port = match[3] ?? '';
  const defaultPort = (scheme === 'http' && port === ':80') || (scheme === 'https' && port === ':443');
  return `${scheme}://${host}${defaultPort ? '' : port}`;
}

/**
 * The origin of the first frame in `stack` that is not the detector's, or `pageOrigin` when there is
 * none. `selfUrl` is the detector's own script URL (null when it has none).
 */
export function callerOrigin(stack: string, selfUrl: string | null, pageOrigin: string): string {
  const lines = stack.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const url = frameUrl(lines[i] ?? '');
    if (url === null || url === selfUrl || EXTENSION_SCHEMES.test(url)) continue;
    // data:, about:, file: … scripts have no web origin of their own: they belong to the page.
    return originOfUrl(url) ?? pageOrigin;
  }
  return pageOrigin;
}
