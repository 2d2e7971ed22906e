/** Which of the handler's routes a request is for, under Express/Connect mounting as well as bare node:http. */
import type { TwofoldRequest } from './io';

/** A plain path the URL parser would return unchanged: segments of safe characters, none `.` or `..`, no query. */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9_.~-]+)+\/?$/;

/** The path part of a request target, without a trailing slash ('' when it is not a URL path). */
function pathOf(target: string | undefined): string {
  if (target === undefined) return '';
  // Every request's path is derived here: the common plain path skips the URL parser.
  if (PLAIN_PATH.test(target)) return target.length > 1 && target.endsWith('/') ? target.slice(0, -1) : target;
  try {
    const path = new URL(target, 'http://x').pathname;
    return path.length > 1 ? path.replace(/\/$/, '') : path;
  } catch {
    return '';
  }
}

const plainKeys = new WeakMap<ReadonlyMap<string, unknown>, ReadonlySet<string>>();

/** The route paths pathOf would return unchanged (so an exact match means the same route as parsing). */
function plainRoutes(routes: ReadonlyMap<string, unknown>): ReadonlySet<string> {
  let keys = plainKeys.get(routes);
  if (!keys) {
    keys = new Set([...routes.keys()].filter((path) => pathOf(path) === path));
    plainKeys.set(routes, keys);
  }
  return keys;
}

/**
 * The route a request is for. Express and Connect strip the mount path from `req.url` under
 * `app.use('/auth', handler)` and keep the full one in `req.originalUrl`: the full path matches when
 * `basePath` names the public path ('/auth/twofold'), the stripped one when `basePath` is relative
 * to the mount (the default '/twofold'). Without this a mounted handler answered every call 404.
 */
export function routePath(req: TwofoldRequest, routes: ReadonlyMap<string, unknown>): string {
  // The common request, unmounted and for a route's exact path, needs no parsing at all.
  if (req.originalUrl === undefined && req.url !== undefined && plainRoutes(routes).has(req.url)) return req.url;
  const url = pathOf(req.url);
  if (typeof req.originalUrl !== 'string' || req.originalUrl === req.url) return url;
  const original = pathOf(req.originalUrl);
  return routes.has(original) || !routes.has(url) ? original : url;
}
