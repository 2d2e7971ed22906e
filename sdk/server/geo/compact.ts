import { gunzipSync } from 'node:zlib';
import { TwofoldError } from '../../protocol/errors';
import type { GeoInfo } from './types';

/*
 * Reader of the compact offline geo data (dist/geo/ip-geo.bin.gz, written by build-geo-data.mjs).
 * After gunzip: one JSON header line, then unsigned LEB128 varints:
 *   locations: count, then per location two ASCII country bytes, zig-zag latitude and longitude in
 *              tenths of a degree, accuracy radius (km; 0 = unknown)
 *   city4, city6, asn4, asn6: count, the sorted starts as deltas, then one value per start
 *              (a location number from 1, or an ASN; 0 = nothing known from that start on)
 * IPv4 keys are the address, IPv6 keys its first 64 bits. A lookup finds the last start ≤ key.
 */

/** Format version this reader understands (build-geo-data.mjs GEO_FORMAT). */
export const GEO_FORMAT = 1;
/**
 * Worst displacement (km) from rounding both coordinates to 0.1°: half a step of latitude and of
 * longitude, √2 × 5.56 km. Added to every accuracy radius so rules never trust more precision than stored.
 */
export const ROUNDING_KM = 8;

interface Steps<K extends Uint32Array | BigUint64Array> {
  starts: K;
  values: Uint32Array;
}

/** The decoded data: about 40 MB of typed arrays in memory. */
export interface CompactGeoData {
  countries: string[];
  lat: Float64Array;
  lon: Float64Array;
  area: Uint16Array;
  city4: Steps<Uint32Array>;
  city6: Steps<BigUint64Array>;
  asn4: Steps<Uint32Array>;
  asn6: Steps<BigUint64Array>;
}

class Reader {
  offset: number;
  constructor(
    private readonly bytes: Uint8Array,
    offset: number,
  ) {
    this.offset = offset;
  }
  byte(): number {
    const b = this.bytes[this.offset++];
    if (b === undefined) throw new TwofoldError('geo_data_invalid', 'The offline geo data file is truncated; rebuild it with `npm run build`.');
    return b;
  }
  /** A varint as a number (exact below 2^53, which every 32-bit value and IPv6 /64 delta here is in practice). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      value += (b & 127) * scale;
      if (b < 128) return value;
      scale *= 128;
    }
  }
  bigVarint(): bigint {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      value |= BigInt(b & 127) << shift;
      if (b < 128) return value;
      shift += 7n;
    }
  }
}

const unzigzag = (n: number) => (n % 2 === 1 ? -(n + 1) / 2 : n / 2);

function readSteps4(r: Reader): Steps<Uint32Array> {
  const count = r.varint();
  const starts = new Uint32Array(count);
  let at = 0;
  for (let i = 0; i < count; i++) starts[i] = at += r.varint();
  const values = new Uint32Array(count);
  for (let i = 0; i < count; i++) values[i] = r.varint();
  return { starts, values };
}

function readSteps6(r: Reader): Steps<BigUint64Array> {
  const count = r.varint();
  const starts = new BigUint64Array(count);
  let at = 0n;
  for (let i = 0; i < count; i++) starts[i] = at += r.bigVarint();
  const values = new Uint32Array(count);
  for (let i = 0; i < count; i++) values[i] = r.varint();
  return { starts, values };
}

/** Decodes the gzipped data file; throws `geo_data_invalid` for anything else. */
export function decodeCompactGeo(gzipped: Uint8Array): CompactGeoData {
  let bytes: Uint8Array;
  try {
    bytes = gunzipSync(gzipped);
  } catch (cause) {
    throw new TwofoldError('geo_data_invalid', 'The offline geo data file is not gzip data; rebuild it with `npm run build`.', { cause });
  }
  const newline = bytes.indexOf(10);
  let header: { format?: unknown } = {};
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline))) as { format?: unknown };
  } catch {
    // reported below as a wrong format
  }
  if (newline < 0 || header.format !== GEO_FORMAT) {
    throw new TwofoldError('geo_data_invalid', `The offline geo data file is not format ${GEO_FORMAT}; rebuild it with \`npm run build\`.`);
  }
  const r = new Reader(bytes, newline + 1);
  const count = r.varint();
  const countries: string[] = new Array(count + 1).fill('');
  const lat = new Float64Array(count + 1);
  const lon = new Float64Array(count + 1);
  const area = new Uint16Array(count + 1);
  for (let i = 1; i <= count; i++) {
    countries[i] = String.fromCharCode(r.byte(), r.byte());
    lat[i] = unzigzag(r.varint()) / 10;
    lon[i] = unzigzag(r.varint()) / 10;
    area[i] = r.varint();
  }
  return { countries, lat, lon, area, city4: readSteps4(r), city6: readSteps6(r), asn4: readSteps4(r), asn6: readSteps6(r) };
}

/** The value of the last start ≤ key (0 before the first start). */
function stepValue<K extends number | bigint>(starts: ArrayLike<K>, values: Uint32Array, key: K): number {
  let lo = 0;
  let hi = starts.length; // first index whose start > key lies in [lo, hi]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as K) <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : (values[lo - 1] ?? 0);
}

/** The ASN announcing the address (IPv4 as a number, IPv6 as its 128-bit value), or undefined. */
export function compactAsn(data: CompactGeoData, version: 4 | 6, value: bigint): string | undefined {
  const asn = version === 4 ? stepValue(data.asn4.starts, data.asn4.values, Number(value)) : stepValue(data.asn6.starts, data.asn6.values, value >> 64n);
  return asn === 0 ? undefined : String(asn);
}

/** Country, coordinates and accuracy of the address, plus its ASN; undefined when the country is unknown. */
export function compactLookup(data: CompactGeoData, version: 4 | 6, value: bigint): GeoInfo | undefined {
  const location =
    version === 4 ? stepValue(data.city4.starts, data.city4.values, Number(value)) : stepValue(data.city6.starts, data.city6.values, value >> 64n);
  const country = data.countries[location];
  if (!location || !country) return undefined;
  const info: GeoInfo = { country };
  const asn = compactAsn(data, version, value);
  if (asn !== undefined) info.asn = asn;
  info.lat = data.lat[location] ?? 0;
  info.lon = data.lon[location] ?? 0;
  info.accuracyKm = (data.area[location] ?? 0) + ROUNDING_KM;
  return info;
}
