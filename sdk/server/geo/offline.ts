import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { canonicalIp, isPublicIp, parseIp } from './ip';
import type { GeoInfo, GeoResolver } from './types';

/*
 * The offline default resolver, from two npm data packages (no download at run time):
 * - geoip-lite (Apache-2.0 code; ships GeoLite2 country/city data in the package): country,
 *   latitude/longitude and the accuracy radius (`area`, km). Loaded on first lookup because it
 *   maps ~150 MB of tables into memory.
 * - @ip-location-db/asn (CC BY 4.0, RouteViews + DB-IP; republished weekly): IP range → ASN as CSV,
 *   parsed on first lookup into sorted typed arrays and binary-searched.
 * Refresh the data by updating the packages (`npm update geoip-lite @ip-location-db/asn`).
 */

const require = createRequire(import.meta.url);

interface GeoipLiteLookup {
  country: string;
  ll?: [number, number];
  area?: number;
}
interface GeoipLite {
  lookup(ip: string): GeoipLiteLookup | null;
}

let geoipLite: GeoipLite | undefined;
function geoip(): GeoipLite {
  geoipLite ??= require('geoip-lite') as GeoipLite;
  return geoipLite;
}

interface AsnTable4 {
  starts: Uint32Array;
  ends: Uint32Array;
  asns: Uint32Array;
}
interface AsnTable6 {
  starts: bigint[];
  ends: bigint[];
  asns: Uint32Array;
}

function readAsnCsv(file: string): { start: string; end: string; asn: number }[] {
  const path = require.resolve(`@ip-location-db/asn/${file}`);
  const rows: { start: string; end: string; asn: number }[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    // start,end,asn,"organisation, maybe with commas" — only the first three fields are needed.
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    const c = line.indexOf(',', b + 1);
    if (a < 0 || b < 0) continue;
    const asn = Number(line.slice(b + 1, c < 0 ? undefined : c));
    if (Number.isInteger(asn)) rows.push({ start: line.slice(0, a), end: line.slice(a + 1, b), asn });
  }
  return rows;
}

let asn4: AsnTable4 | undefined;
function asnTable4(): AsnTable4 {
  if (asn4) return asn4;
  const rows = readAsnCsv('asn-ipv4-num.csv');
  const table = { starts: new Uint32Array(rows.length), ends: new Uint32Array(rows.length), asns: new Uint32Array(rows.length) };
  rows.forEach((row, i) => {
    table.starts[i] = Number(row.start);
    table.ends[i] = Number(row.end);
    table.asns[i] = row.asn;
  });
  asn4 = table;
  return table;
}

let asn6: AsnTable6 | undefined;
function asnTable6(): AsnTable6 {
  if (asn6) return asn6;
  const rows = readAsnCsv('asn-ipv6-num.csv');
  asn6 = { starts: rows.map((r) => BigInt(r.start)), ends: rows.map((r) => BigInt(r.end)), asns: Uint32Array.from(rows, (r) => r.asn) };
  return asn6;
}

/** Binary search over sorted, non-overlapping ranges; returns the ASN or undefined. */
function searchRanges<T extends number | bigint>(starts: ArrayLike<T>, ends: ArrayLike<T>, asns: Uint32Array, value: T): number | undefined {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as T) > value) hi = mid - 1;
    else if ((ends[mid] as T) < value) lo = mid + 1;
    else return asns[mid];
  }
  return undefined;
}

/** The ASN announcing `ip` per @ip-location-db/asn, or undefined. */
export function lookupAsn(ip: string): string | undefined {
  const parsed = parseIp(ip);
  if (!parsed) return undefined;
  const asn =
    parsed.version === 4
      ? (() => {
          const t = asnTable4();
          return searchRanges(t.starts, t.ends, t.asns, Number(parsed.value));
        })()
      : (() => {
          const t = asnTable6();
          return searchRanges(t.starts, t.ends, t.asns, parsed.value);
        })();
  return asn === undefined ? undefined : String(asn);
}

/** Options of `createOfflineGeo`. */
export interface OfflineGeoOptions {
  /**
   * Load the data right after startup instead of on the first public-IP lookup (which then blocks
   * the event loop for ~0.5–2 s while the ASN CSV is parsed). Servers should set it.
   */
  preload?: boolean;
}

/** The offline default `GeoResolver`: country, coordinates and accuracy from geoip-lite, ASN from @ip-location-db/asn. */
export function createOfflineGeo(options: OfflineGeoOptions = {}): GeoResolver {
  if (options.preload) {
    const timer = setTimeout(() => {
      geoip();
      asnTable4();
      asnTable6();
    }, 0);
    // Preloading must not keep a process alive that has nothing else to do.
    timer.unref?.();
  }
  return (ip: string): GeoInfo | undefined => {
    const parsed = parseIp(ip);
    // Loopback and private addresses are never in the data: answer without loading it.
    if (!parsed || !isPublicIp(parsed)) return undefined;
    const hit = geoip().lookup(canonicalIp(ip));
    const asn = lookupAsn(ip);
    if (!hit?.country) return undefined;
    const info: GeoInfo = { country: hit.country };
    if (asn !== undefined) info.asn = asn;
    if (hit.ll && Number.isFinite(hit.ll[0]) && Number.isFinite(hit.ll[1])) {
      info.lat = hit.ll[0];
      info.lon = hit.ll[1];
      if (typeof hit.area === 'number' && hit.area > 0) info.accuracyKm = hit.area;
    }
    return info;
  };
}
